"""What an issued document froze: every line, price, rate, name and address.

The PDF is rendered from this snapshot alone, so the same snapshot gives the same bytes on
any laptop, and the stored SHA-256 can be checked again at any time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

PLATFORM_NAME = "Advisor Desk Platform"
SNAPSHOT_VERSION = 1


@dataclass(frozen=True)
class Party:
    name: str
    legal_name: str = ""
    tax_number: str = ""
    address: str = ""
    bank_details: str = ""

    def as_json(self) -> dict[str, str]:
        return {
            "name": self.name,
            "legal_name": self.legal_name,
            "tax_number": self.tax_number,
            "address": self.address,
            "bank_details": self.bank_details,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Party:
        return cls(**{k: str(data.get(k, "")) for k in cls.__dataclass_fields__})
