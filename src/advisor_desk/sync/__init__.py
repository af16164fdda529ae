"""The laptop's side of sync (no Qt): protocol, transport, push/pull engine, keyring.

What the app calls:
- `advisor_desk.sync.engine.SyncEngine(store).sync(progress=..., cancelled=...) -> SyncReport`
- `advisor_desk.sync.status.sync_status(store, engine=None) -> SyncStatus`
- `advisor_desk.sync.account.login(...)` / `logout(...)`
- `advisor_desk.sync.conflicts` (list/resolve conflicts, list/retry/dismiss rejections)
"""
