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


def listing(names: list[str], most: int = 6) -> str:
    """ "a", "a and b", "a, b and c", "a, b, … and 4 more" """
    if len(names) > most:
        return f"{', '.join(names[:most])} and {len(names) - most} more"
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"
