"""Counted nouns and possessives in good English: "1 item", "2 items", "Partners' clients"."""

from __future__ import annotations


def plural(count: int, one: str, many: str = "") -> str:
    """`count` with the right form of the noun: plural(1, "item") → "1 item"."""
    noun = one if count == 1 else (many or f"{one}s")
    return f"{count:,} {noun}"


def possessive(name: str) -> str:
    """ "Ana" → "Ana's", "Harbour Partners" → "Harbour Partners'" (never "Partners's")."""
    stripped = name.rstrip()
    return f"{stripped}'" if stripped.endswith(("s", "S")) else f"{stripped}'s"
