"""`default_backend()`: a placeholder (cryptography ignores the argument since 3.1)."""

from __future__ import annotations


class _SystemOpenSSL:
    name = "openssl"


_BACKEND = _SystemOpenSSL()


def default_backend() -> object:
    return _BACKEND
