"""The Linux bundle's `cryptography` stand-in (packaging/shims): AES-CBC by the system's
libcrypto, byte for byte what the real package computes, for what SecretStorage calls."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.packaging.conftest import PACKAGING

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the stand-in is bundled on Linux only"
)

# NIST SP 800-38A, F.2.1 CBC-AES128.Encrypt (the first two blocks).
KEY = "2b7e151628aed2a6abf7158809cf4f3c"
IV = "000102030405060708090a0b0c0d0e0f"
PLAIN = "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
CIPHER = "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2"

STAND_IN = """
import json, sys
import cryptography
assert cryptography.__file__.startswith(sys.argv[1]), cryptography.__file__
assert not hasattr(cryptography, "__version__")
from cryptography.hazmat.backends import default_backend
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
import secretstorage.item, secretstorage.util  # what imports it in the bundle

def run(key, iv, data, encrypt):
    algorithm, mode = algorithms.AES(bytes.fromhex(key)), modes.CBC(bytes.fromhex(iv))
    cipher = Cipher(algorithm, mode, default_backend())
    context = cipher.encryptor() if encrypt else cipher.decryptor()
    data = bytes.fromhex(data)
    return (context.update(data[:7]) + context.update(data[7:]) + context.finalize()).hex()

cases = json.loads(sys.stdin.read())
out = {"results": [run(*case) for case in cases]}
errors = []
for bad in (lambda: algorithms.AES(b"short"), lambda: modes.CBC(b"short"),
            lambda: run("00" * 16, "00" * 16, "00" * 15, True)):
    try:
        bad()
    except ValueError as error:
        errors.append(type(error).__name__)
out["errors"] = errors
print(json.dumps(out))
"""


def _stand_in(cases: list[tuple[str, str, str, bool]]) -> dict[str, list[str]]:
    shims = str(PACKAGING / "shims")
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONHOME"}}
    env["PYTHONPATH"] = shims
    done = subprocess.run(
        [sys.executable, "-c", STAND_IN, shims],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_the_stand_in_computes_what_cryptography_computes() -> None:
    real = pytest.importorskip("cryptography.hazmat.primitives.ciphers")
    cases = [(KEY, IV, PLAIN, True), (KEY, IV, CIPHER, False)]
    for size in (16, 24, 32):  # SecretStorage uses 16; every AES key size works
        key, iv, data = os.urandom(size).hex(), os.urandom(16).hex(), os.urandom(80).hex()
        cases += [(key, iv, data, True), (key, iv, data, False)]
    got = _stand_in(cases)
    assert got["results"][:2] == [CIPHER, PLAIN]
    for (key, iv, data, encrypt), result in zip(cases[2:], got["results"][2:], strict=True):
        cipher = real.Cipher(
            real.algorithms.AES(bytes.fromhex(key)), real.modes.CBC(bytes.fromhex(iv))
        )
        context = cipher.encryptor() if encrypt else cipher.decryptor()
        assert result == (context.update(bytes.fromhex(data)) + context.finalize()).hex()
    # A wrong key or IV size, and data that is not whole blocks, are refused as cryptography does.
    assert got["errors"] == ["ValueError"] * 3
