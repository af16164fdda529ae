from decimal import Decimal

import pytest

from advisor_desk.domain.errors import DomainError
from advisor_desk.domain.money import (
    format_money,
    minor_units,
    money_sum,
    multiply,
    negate,
    parse_money,
    parse_rate,
    round_money,
    zero,
)

D = Decimal


def test_domain_error_names_its_field() -> None:
    error = DomainError("agreement.tax_rate", "is not between 0 and 1")
    assert isinstance(error, ValueError)
    assert (error.field, error.message) == ("agreement.tax_rate", "is not between 0 and 1")
    assert str(error) == "agreement.tax_rate: is not between 0 and 1"


@pytest.mark.parametrize(("currency", "decimals"), [("AUD", 2), ("JPY", 0), ("BHD", 3)])
def test_minor_units(currency: str, decimals: int) -> None:
    assert minor_units(currency) == decimals


@pytest.mark.parametrize("currency", ["XYZ", "aud", "AU", "", "AUDD"])
def test_unknown_currency_is_rejected(currency: str) -> None:
    with pytest.raises(DomainError, match="^currency: "):
        minor_units(currency)


@pytest.mark.parametrize(
    ("value", "currency", "expected"),
    [
        ("12.50", "AUD", "12.50"),
        ("12.5", "AUD", "12.50"),
        ("12", "AUD", "12.00"),
        (" 7.10 ", "AUD", "7.10"),
        ("12.500", "AUD", "12.50"),  # the extra digit is a zero: nothing is lost
        (12, "AUD", "12.00"),
        (D("0.1"), "AUD", "0.10"),
        (D("1E+2"), "AUD", "100.00"),
        ("0", "AUD", "0.00"),
        ("-0.00", "AUD", "0.00"),
        ("1500", "JPY", "1500"),
        ("1500.0", "JPY", "1500"),
        ("1.234", "BHD", "1.234"),
        ("1.2", "BHD", "1.200"),
    ],
)
def test_parse_money_accepts(value: object, currency: str, expected: str) -> None:
    amount = parse_money(value, currency, "price")
    assert isinstance(amount, Decimal)
    assert str(amount) == expected


@pytest.mark.parametrize(
    ("value", "currency", "message"),
    [
        (12.5, "AUD", 'use a string such as "12.50"'),
        (0.1, "AUD", "float"),
        (True, "AUD", "not a number"),
        (None, "AUD", "expected a string, int or Decimal"),
        ("NaN", "AUD", "not a number"),
        ("Infinity", "AUD", "not a number"),
        ("-Infinity", "AUD", "not a number"),
        (D("NaN"), "AUD", "not a finite number"),
        (D("sNaN"), "AUD", "not a finite number"),
        (D("Infinity"), "AUD", "not a finite number"),
        (D("-Infinity"), "AUD", "not a finite number"),
        ("", "AUD", "not a number"),
        ("12,50", "AUD", "not a number"),
        ("1_000", "AUD", "not a number"),
        ("1e3", "AUD", "not a number"),
        ("+5", "AUD", "not a number"),
        (".5", "AUD", "not a number"),
        ("5.", "AUD", "not a number"),
        ("١٢", "AUD", "not a number"),  # Arabic-Indic digits: Decimal() would take them
        ("-1.00", "AUD", "negative"),
        (-1, "AUD", "negative"),
        ("12.345", "AUD", "more decimals than AUD allows"),
        ("12.001", "AUD", "more decimals than AUD allows"),
        ("1.5", "JPY", "more decimals than JPY allows"),
        ("1.2345", "BHD", "more decimals than BHD allows"),
    ],
)
def test_parse_money_rejects_naming_the_field(value: object, currency: str, message: str) -> None:
    with pytest.raises(DomainError, match=r"^agreement\.advisor_fee: ") as caught:
        parse_money(value, currency, "agreement.advisor_fee")
    assert caught.value.field == "agreement.advisor_fee"
    assert message in caught.value.message


def test_parse_money_allows_negative_when_asked() -> None:
    assert parse_money("-3.10", "AUD", "adjustment", allow_negative=True) == D("-3.10")
    with pytest.raises(DomainError, match="decimals"):
        parse_money("-3.105", "AUD", "adjustment", allow_negative=True)


def test_parse_money_unknown_currency() -> None:
    with pytest.raises(DomainError, match="^currency: "):
        parse_money("1.00", "XYZ", "price")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0.20", "0.20"), ("0", "0"), (1, "1"), ("1.000", "1.000"), (D("0.125"), "0.125")],
)
def test_parse_rate_accepts(value: object, expected: str) -> None:
    assert str(parse_rate(value, "rate")) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (0.2, "float"),
        ("1.01", "between 0 and 1"),
        ("-0.01", "between 0 and 1"),
        (2, "between 0 and 1"),
        ("NaN", "not a number"),
        (D("Infinity"), "not a finite number"),
        ("20%", "not a number"),
        (False, "not a number"),
    ],
)
def test_parse_rate_rejects(value: object, message: str) -> None:
    with pytest.raises(DomainError, match=r"^agreement\.referral_rate: ") as caught:
        parse_rate(value, "agreement.referral_rate")
    assert message in caught.value.message


@pytest.mark.parametrize(
    ("value", "currency", "expected"),
    [
        ("0.125", "AUD", "0.13"),  # a tie goes up, not to even (banker's rounding gives 0.12)
        ("0.135", "AUD", "0.14"),
        ("0.124999", "AUD", "0.12"),
        ("-0.125", "AUD", "-0.13"),  # away from zero
        ("-0.124", "AUD", "-0.12"),
        ("-0.004", "AUD", "0.00"),  # never a negative zero
        ("2.5", "JPY", "3"),
        ("3.5", "JPY", "4"),
        ("-2.5", "JPY", "-3"),
        ("0.4999", "JPY", "0"),
        ("1.0005", "BHD", "1.001"),
        ("1.0015", "BHD", "1.002"),
        ("1.00049", "BHD", "1.000"),
        ("7", "AUD", "7.00"),
    ],
)
def test_round_money_half_up(value: str, currency: str, expected: str) -> None:
    assert str(round_money(D(value), currency)) == expected


def test_round_money_refuses_float() -> None:
    with pytest.raises(TypeError):
        round_money(0.125, "AUD")  # type: ignore[arg-type]


def test_referral_of_five_cents_at_half() -> None:
    assert round_money(multiply(D("0.05"), D("0.5")), "AUD") == D("0.03")


def test_multiply_is_exact_beyond_the_default_precision() -> None:
    a, b = D("12345678901234567890.12"), D("0.1234567890123")
    exact = 1234567890123456789012 * 1234567890123  # 34 digits, 15 of them decimals
    assert multiply(a, b) == D(f"{exact}E-15")  # the constructor is exact; scaleb is not
    # The default 28-digit context would have rounded the product before round_money did.
    assert D(f"{exact}E-15") != a * b
    assert round_money(multiply(a, b), "AUD") == D("1524157875323319738.00")


def test_money_sum_and_negate() -> None:
    assert money_sum([], "AUD") == D("0.00")
    assert str(money_sum([D("0.10"), D("0.20")], "AUD")) == "0.30"
    assert str(money_sum([D("5"), D("-5")], "JPY")) == "0"
    assert negate(D("3.10")) == D("-3.10")
    assert str(negate(D("0.00"))) == "0.00"


@pytest.mark.parametrize(
    ("value", "currency", "expected"),
    [
        (D("1234.5"), "AUD", "1234.50"),
        (D("1234567.89"), "AUD", "1234567.89"),
        (D("-3"), "AUD", "-3.00"),
        (D("-0.00"), "AUD", "0.00"),
        (D("1E+3"), "JPY", "1000"),
        (D("0.1"), "BHD", "0.100"),
    ],
)
def test_format_money(value: Decimal, currency: str, expected: str) -> None:
    assert format_money(value, currency) == expected


def test_format_money_never_rounds() -> None:
    with pytest.raises(DomainError, match="decimals"):
        format_money(D("0.125"), "AUD")


@pytest.mark.parametrize(
    ("currency", "expected"), [("AUD", "0.00"), ("JPY", "0"), ("BHD", "0.000")]
)
def test_zero(currency: str, expected: str) -> None:
    assert str(zero(currency)) == expected
