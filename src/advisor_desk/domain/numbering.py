"""Document numbers: a series' prefix followed by its zero-padded counter ("INV-000042")."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from .errors import DomainError

DEFAULT_PREFIXES: Mapping[str, str] = MappingProxyType(
    {"platform-invoice": "INV-", "platform-statement": "RS-", "platform-credit": "CN-"}
)
PARTNER_SERIES = ("partner-resale", "partner-credit")


def check_partner_prefix(prefix: str, field: str = "resale.invoice_prefix") -> str:
    """A partner's invoice prefix, refused when its numbers could be the platform's: the
    partner's "INV-000001" would clash with the platform's own INV-000001 in the same store."""
    text = prefix.strip() if isinstance(prefix, str) else ""
    if not text:
        raise DomainError(field, "must not be empty")
    for platform in DEFAULT_PREFIXES.values():
        if text.upper().startswith(platform):
            raise DomainError(
                field,
                f"{text!r} is the platform's own series ({platform}…): choose one of your own, "
                f"such as {default_partner_prefix('')}",
            )
    return text


def default_partner_prefix(partner_name: str) -> str:
    """A prefix of the partner's own: its initials ("Harbour Risk Advisory" → "HRA-")."""
    initials = "".join(w[0] for w in partner_name.split() if w[:1].isalpha()).upper()[:4]
    prefix = f"{initials}-" if len(initials) >= 2 else "PI-"
    return prefix if not any(prefix.startswith(p) for p in DEFAULT_PREFIXES.values()) else "PI-"


@dataclass(frozen=True)
class NumberSeries:
    key: str
    prefix: str
    width: int = 6

    def __post_init__(self) -> None:
        if not self.prefix:
            raise DomainError(f"series.{self.key}.prefix", "must not be empty")
        if self.width < 1:
            raise DomainError(f"series.{self.key}.width", f"{self.width} is not at least 1")

    def format(self, counter: int) -> str:
        """The number for `counter` (1, 2, …); wider counters are not cut."""
        if isinstance(counter, bool) or not isinstance(counter, int) or counter < 1:
            raise DomainError(f"series.{self.key}.counter", f"{counter!r} is not a counter >= 1")
        return f"{self.prefix}{counter:0{self.width}d}"

    def parse(self, number: str) -> int:
        """The counter of a number of this series; DomainError if it is not one."""
        ours = isinstance(number, str) and number.startswith(self.prefix)
        digits = number[len(self.prefix) :] if ours else ""
        # Only the canonical spelling: "INV-0000042" or "INV-42" would be a second name.
        if not (digits.isascii() and digits.isdigit()) or int(digits) < 1:
            raise DomainError("number", f"{number!r} is not a number of the {self.key} series")
        counter = int(digits)
        if self.format(counter) != number:
            raise DomainError("number", f"{number!r} is not a number of the {self.key} series")
        return counter


def number_series(key: str, resale_prefix: str | None = None, width: int = 6) -> NumberSeries:
    """The series `key` with its default prefix; the partner's series use `resale_prefix`
    (ResaleTerms.invoice_prefix): "HRA-" for resale invoices, "HRA-CN-" for its credit notes."""
    if key in DEFAULT_PREFIXES:
        return NumberSeries(key, DEFAULT_PREFIXES[key], width)
    if key not in PARTNER_SERIES:
        raise DomainError("series", f"unknown numbering series {key!r}")
    if not resale_prefix:
        raise DomainError("resale.invoice_prefix", f"the {key} series needs the resale prefix")
    suffix = "CN-" if key == "partner-credit" else ""
    return NumberSeries(key, resale_prefix + suffix, width)
