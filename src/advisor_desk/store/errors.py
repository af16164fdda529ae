"""Why a store cannot be used (kept light: the command line imports it at start-up)."""


class StoreError(Exception):
    """The store cannot be used; the message says why in words a user understands."""


class StoreTooNewError(StoreError):
    pass
