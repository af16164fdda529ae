"""Issue 12 item 9: one rule refuses common and trivially weak passwords."""

from __future__ import annotations

import pytest

from advisor_desk.domain.errors import DomainError
from advisor_desk.domain.passwords import MAX_LENGTH, MIN_LENGTH, check_password, password_problem


@pytest.mark.parametrize(
    "weak",
    [
        "",
        "short1!",
        "nine12345",  # 9 characters
        "password",
        "Password2024!",
        "P@ssw0rd!!!!",
        "welcome123456",
        "qwertyuiop",
        "QWERTYUIOP12",
        "1234567890",
        "0987654321",
        "abcdefghijkl",
        "aaaaaaaaaaaa",
        "abababababab",
        "letmein!letmein",
        " leading space pass",
        "tab\tinside the word",
        "x" * (MAX_LENGTH + 1),
    ],
)
def test_weak_passwords_are_refused(weak: str) -> None:
    assert password_problem(weak) is not None
    with pytest.raises(DomainError) as raised:
        check_password(weak)
    assert raised.value.field == "password"


@pytest.mark.parametrize(
    "fine",
    ["correct horse battery", "Tr0ub4dor&3x!", "a fresh long phrase 42", "z" * 3 + "9yk#Lm2q"],
)
def test_reasonable_passwords_pass(fine: str) -> None:
    assert password_problem(fine) is None


def test_the_minimum_is_ten_characters() -> None:
    assert MIN_LENGTH == 10
    assert password_problem("Kx9#mQ2vL") is not None
    assert password_problem("Kx9#mQ2vLp") is None


def test_the_accounts_own_address_is_refused() -> None:
    assert password_problem("jo.smith@acme.example", identity=["jo.smith@acme.example"])
    assert password_problem("jo.smith2026", identity=["jo.smith@acme.example"])
    assert password_problem("jo.smith2026", identity=["other@acme.example"]) is None
