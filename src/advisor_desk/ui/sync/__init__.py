"""Sync in the window: the Server dialog, the background sync controller, the Conflicts view."""
