"""Property tests: documents add up exactly, credit notes negate exactly, and every rounding is
half up — checked against an independent implementation in integer arithmetic."""

from datetime import date
from decimal import Decimal

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from advisor_desk.domain.agreement import Agreement
from advisor_desk.domain.billing_model import BillingModel
from advisor_desk.domain.charges import compute_charges
from advisor_desk.domain.documents import DocumentDraft, DocumentKind, DocumentLine, credit_note
from advisor_desk.domain.money import minor_units, round_money

from .example_data import JR, NOV, advisor, client, member

CURRENCIES = st.sampled_from(["AUD", "JPY", "BHD"])
JAN = date(2026, 1, 1)


def half_up_div(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded half away from zero, in integers only."""
    magnitude = (2 * abs(numerator) + denominator) // (2 * denominator)
    return -magnitude if numerator < 0 else magnitude


def to_scaled(value: Decimal, decimals: int) -> int:
    """value × 10**decimals as an int, from the digits (asserting nothing is cut off)."""
    sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    assert exponent + decimals >= 0, f"{value} has more than {decimals} decimals"
    magnitude: int = int("".join(map(str, digits)) or "0") * 10 ** (exponent + decimals)
    return -magnitude if sign else magnitude


def scaled(units: int, decimals: int) -> Decimal:
    return Decimal(f"{units}E-{decimals}")  # exact, unlike scaleb under a context


# A price, quantity or rate is (integer, decimals); the Decimal is built from it exactly.
quantities = st.tuples(st.integers(-10_000, 10_000), st.integers(0, 3))
# Few decimals make ties (e.g. a rate of 0.5 on an odd number of cents) common enough to hit.
rates = st.integers(0, 4).flatmap(lambda d: st.tuples(st.integers(0, 10**d), st.just(d)))
prices = st.integers(0, 10**9)


@st.composite
def drafts(draw: st.DrawFn) -> DocumentDraft:
    currency = draw(CURRENCIES)
    minor = minor_units(currency)
    lines = []
    for q, unit in draw(st.lists(st.tuples(quantities, prices), max_size=12)):
        line = DocumentLine.priced(
            "x", scaled(*q), scaled(unit, minor), currency, draw(st.sampled_from([None, "A", "B"]))
        )
        lines.append(line)
    rate, rate_decimals = draw(rates)
    return DocumentDraft(
        DocumentKind.CLIENT_INVOICE,
        NOV,
        currency,
        "Client",
        scaled(rate, rate_decimals),
        tuple(lines),
    )


@given(drafts())
def test_line_amount_is_quantity_times_price_rounded_half_up(draft: DocumentDraft) -> None:
    minor = minor_units(draft.currency)
    for line in draft.lines:
        q_decimals = max(0, -int(line.quantity.as_tuple().exponent))
        product = to_scaled(line.quantity, q_decimals) * to_scaled(line.unit_price, minor)
        assert to_scaled(line.amount, minor) == half_up_div(product, 10**q_decimals)


@given(drafts())
def test_subtotal_is_the_exact_sum_of_the_lines(draft: DocumentDraft) -> None:
    minor = minor_units(draft.currency)
    expected = sum(to_scaled(line.amount, minor) for line in draft.lines)
    assert to_scaled(draft.subtotal, minor) == expected
    assert sum(amount for _, amount in draft.group_subtotals()) == sum(
        line.amount for line in draft.lines if line.group is not None
    )


@given(drafts())
def test_tax_is_half_up_and_total_adds_up(draft: DocumentDraft) -> None:
    minor = minor_units(draft.currency)
    subtotal = to_scaled(draft.subtotal, minor)
    assert to_scaled(draft.tax, minor) == half_up_div(
        subtotal * to_scaled(draft.tax_rate, 4), 10**4
    )
    assert to_scaled(draft.total, minor) == subtotal + to_scaled(draft.tax, minor)


@given(drafts())
def test_full_credit_note_is_the_exact_negation(draft: DocumentDraft) -> None:
    credit = credit_note(draft, "INV-000001")
    assert len(credit.lines) == len(draft.lines)
    for credited, original in zip(credit.lines, draft.lines, strict=True):
        assert credited.amount == -original.amount
        assert credited.quantity == -original.quantity
        assert credited.unit_price == original.unit_price
        assert credited.description == original.description
        assert credited.group == original.group
    assert credit.subtotal == -draft.subtotal
    assert credit.tax == -draft.tax
    assert credit.total == -draft.total


@given(drafts(), st.integers(1, 10**12))
def test_partial_credit_tax_is_half_up(draft: DocumentDraft, units: int) -> None:
    minor = minor_units(draft.currency)
    subtotal = to_scaled(draft.subtotal, minor)
    assume(subtotal >= 1)
    amount = scaled(units % subtotal + 1, minor)
    credit = credit_note(draft, "INV-000001", amount)
    assert credit.subtotal == -amount
    expected = half_up_div(-to_scaled(amount, minor) * to_scaled(draft.tax_rate, 4), 10**4)
    assert to_scaled(credit.tax, minor) == expected


def test_the_integer_oracle_itself() -> None:
    assert [half_up_div(n, 10) for n in (4, 5, 15, 25, -4, -5, -25, 0)] == [
        0,
        1,
        2,
        3,
        0,
        -1,
        -3,
        0,
    ]


@given(st.integers(-(10**30), 10**30), st.integers(0, 12), CURRENCIES)
@example(125, 3, "AUD").via("a tie: 0.125")
@example(-125, 3, "AUD").via("a negative tie")
@example(25, 1, "JPY").via("a tie in yen")
@example(10005, 4, "BHD").via("a tie in dinar")
def test_round_money_is_half_up(units: int, decimals: int, currency: str) -> None:
    minor = minor_units(currency)
    rounded = round_money(scaled(units, decimals), currency)
    if decimals <= minor:
        assert to_scaled(rounded, minor) == units * 10 ** (minor - decimals)
    else:
        assert to_scaled(rounded, minor) == half_up_div(units, 10 ** (decimals - minor))


@settings(deadline=None, max_examples=60)
@given(CURRENCIES, prices, st.integers(1, 8), rates, rates, st.integers(0, 5), prices)
@example("AUD", 5, 1, (5, 1), (1, 1), 1, 120).via("ties: referral 0.025, tax 12.5 cents")
@example("JPY", 7, 3, (5, 1), (5, 2), 0, 0).via("ties in yen: referral 10.5, tax 1.05")
def test_referral_and_tax_of_charges_are_half_up(
    currency: str,
    price: int,
    members: int,
    referral: tuple[int, int],
    tax: tuple[int, int],
    advisors: int,
    fee: int,
) -> None:
    minor = minor_units(currency)
    agreement = Agreement.create(
        currency,
        scaled(fee, minor),
        {"just_risk": scaled(price, minor), "risk_compliance": scaled(price, minor)},
        scaled(*referral),
        scaled(*tax),
        "2026-01",
    )
    clients = [
        client(
            "C", BillingModel.RESELLER, [member(f"m{i}", (JR, JAN, None)) for i in range(members)]
        )
    ]
    people = [advisor(f"a{i}", (JAN, None)) for i in range(advisors)]
    charges = compute_charges(NOV, [agreement], people, clients)

    charge = members * price
    expected_referral = half_up_div(charge * referral[0], 10 ** referral[1])
    assert to_scaled(charges.clients[0].referral, minor) == expected_referral
    subtotal = advisors * fee + charge
    assert to_scaled(charges.consolidated.subtotal, minor) == subtotal
    assert to_scaled(charges.consolidated.tax, minor) == half_up_div(
        subtotal * tax[0], 10 ** tax[1]
    )
    assert to_scaled(charges.referral_total, minor) == expected_referral
