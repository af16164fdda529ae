"""The bundle's stand-in for `cryptography` on Linux (packaging/shims/README.md).

Only what SecretStorage (keyring's Secret Service backend) uses: AES-CBC through
`Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()/.decryptor()`, computed by the
system's OpenSSL (libcrypto.so.3, which the bundle leaves to the system as it does for
Python's `ssl` and `hashlib`). No `__version__`: a library that probes for the real package
(`from cryptography import __version__`) finds it missing and takes its fallback.
"""
