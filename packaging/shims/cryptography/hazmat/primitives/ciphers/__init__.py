"""`Cipher(AES(key), CBC(iv))` with `encryptor()`/`decryptor()`: update, then finalize.

No padding (as in cryptography: the caller pads, SecretStorage with PKCS#7); `finalize()`
refuses data that is not whole blocks. The work is done by the system's libcrypto (EVP).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
from typing import Any

from cryptography.hazmat.primitives.ciphers import algorithms, modes

__all__ = ["Cipher", "CipherContext", "algorithms", "modes"]

_BLOCK = 16


class AlreadyFinalized(Exception):
    """Like cryptography.exceptions.AlreadyFinalized."""


def _load() -> Any:
    names = ["libcrypto.so.3", ctypes.util.find_library("crypto")]
    errors = []
    for name in filter(None, names):
        try:
            lib = ctypes.CDLL(name)
        except OSError as error:
            errors.append(str(error))
            continue
        pointer, c_int = ctypes.c_void_p, ctypes.c_int
        lib.EVP_CIPHER_CTX_new.restype = pointer
        lib.EVP_CIPHER_CTX_new.argtypes = []
        lib.EVP_CIPHER_CTX_free.restype = None
        lib.EVP_CIPHER_CTX_free.argtypes = [pointer]
        for bits in (128, 192, 256):
            function = getattr(lib, f"EVP_aes_{bits}_cbc")
            function.restype = pointer
            function.argtypes = []
        lib.EVP_CipherInit_ex.restype = c_int
        lib.EVP_CipherInit_ex.argtypes = [pointer, pointer, pointer, ctypes.c_char_p]
        lib.EVP_CipherInit_ex.argtypes += [ctypes.c_char_p, c_int]
        lib.EVP_CIPHER_CTX_set_padding.restype = c_int
        lib.EVP_CIPHER_CTX_set_padding.argtypes = [pointer, c_int]
        lib.EVP_CipherUpdate.restype = c_int
        lib.EVP_CipherUpdate.argtypes = [pointer, ctypes.c_char_p, ctypes.POINTER(c_int)]
        lib.EVP_CipherUpdate.argtypes += [ctypes.c_char_p, c_int]
        lib.EVP_CipherFinal_ex.restype = c_int
        lib.EVP_CipherFinal_ex.argtypes = [pointer, ctypes.c_char_p, ctypes.POINTER(c_int)]
        return lib
    raise ImportError(f"the system's OpenSSL (libcrypto) cannot be loaded: {'; '.join(errors)}")


_lib = _load()


class CipherContext:
    def __init__(self, algorithm: algorithms.AES, mode: modes.CBC, encrypt: bool) -> None:
        self._ctx = _lib.EVP_CIPHER_CTX_new()
        if not self._ctx:
            raise MemoryError("EVP_CIPHER_CTX_new failed")
        cipher = getattr(_lib, f"EVP_aes_{algorithm.key_size}_cbc")()
        key, iv = algorithm.key, mode.initialization_vector
        if _lib.EVP_CipherInit_ex(self._ctx, cipher, None, key, iv, int(encrypt)) != 1:
            self._free()
            raise ValueError("the cipher cannot be set up (EVP_CipherInit_ex)")
        _lib.EVP_CIPHER_CTX_set_padding(self._ctx, 0)

    def update(self, data: bytes) -> bytes:
        if not self._ctx:
            raise AlreadyFinalized("Context was already finalized.")
        data = bytes(data)
        out = ctypes.create_string_buffer(len(data) + _BLOCK)
        written = ctypes.c_int(0)
        if _lib.EVP_CipherUpdate(self._ctx, out, ctypes.byref(written), data, len(data)) != 1:
            raise ValueError("EVP_CipherUpdate failed")
        return out.raw[: written.value]

    def finalize(self) -> bytes:
        if not self._ctx:
            raise AlreadyFinalized("Context was already finalized.")
        out = ctypes.create_string_buffer(_BLOCK)
        written = ctypes.c_int(0)
        try:
            if _lib.EVP_CipherFinal_ex(self._ctx, out, ctypes.byref(written)) != 1:
                raise ValueError(
                    "The length of the provided data is not a multiple of the block length."
                )
            return out.raw[: written.value]
        finally:
            self._free()

    def _free(self) -> None:
        if self._ctx:
            _lib.EVP_CIPHER_CTX_free(self._ctx)
            self._ctx = None

    def __del__(self) -> None:
        # A context never finalized: freed here (quietly, even while the interpreter exits).
        with contextlib.suppress(Exception):
            self._free()


class Cipher:
    def __init__(self, algorithm: algorithms.AES, mode: modes.CBC, backend: object = None) -> None:
        if not isinstance(algorithm, algorithms.AES) or not isinstance(mode, modes.CBC):
            raise TypeError("this build of Advisor Desk has AES-CBC only")
        self.algorithm, self.mode = algorithm, mode

    def encryptor(self) -> CipherContext:
        return CipherContext(self.algorithm, self.mode, encrypt=True)

    def decryptor(self) -> CipherContext:
        return CipherContext(self.algorithm, self.mode, encrypt=False)
