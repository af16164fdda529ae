"""PyInstaller hook for the bundle's `cryptography` stand-in (packaging/shims/cryptography).

It replaces pyinstaller-hooks-contrib's hook, which would copy the real package's metadata
and its 11 MB Rust/OpenSSL extension: the stand-in is pure Python over the system's libcrypto.
"""

hiddenimports = [
    "cryptography.hazmat.backends",
    "cryptography.hazmat.primitives.ciphers",
    "cryptography.hazmat.primitives.ciphers.algorithms",
    "cryptography.hazmat.primitives.ciphers.modes",
]
