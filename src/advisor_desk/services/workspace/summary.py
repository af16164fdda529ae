"""What an import did: rows created per entity, and what it left alone."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ImportSummary:
    """`counts`: entity → rows created (`clients`, `members`, …); `skipped`: entity → the names
    (client names, advisor emails, content titles, …) that were already there and left as
    they were; `notes`: what the reader had to guess (a file read as Windows-1252)."""

    counts: Mapping[str, int]
    skipped: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def count(self, entity: str) -> int:
        return self.counts.get(entity, 0)

    def lines(self) -> list[str]:
        """One line per entity, for a command line or a dialog."""
        out = [f"note: {note}" for note in self.notes]
        out += [f"{entity}: {count} added" for entity, count in self.counts.items()]
        out += [
            f"{entity}: {len(names)} skipped (already there): {', '.join(names)}"
            for entity, names in self.skipped.items()
            if names
        ]
        return out
