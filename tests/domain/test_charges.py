from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from advisor_desk.domain.agreement import Agreement, agreement_for_period
from advisor_desk.domain.billing_model import (
    BillingModel,
    effective_period_for_change,
    model_for_period,
)
from advisor_desk.domain.charges import ClientInput, PeriodCharges, Totals, compute_charges
from advisor_desk.domain.errors import DomainError
from advisor_desk.domain.periods import Period

from .example_data import AGREEMENT, FREE, JR, NOV, RC, advisor, client, member

D = Decimal
RESELLER, DIRECT = BillingModel.RESELLER, BillingModel.DIRECT
JAN = date(2026, 1, 10)


def _agreement(**overrides: object) -> Agreement:
    values: dict[str, object] = {
        "currency": "AUD",
        "advisor_fee": "120.00",
        "license_price": {"just_risk": "35.00", "risk_compliance": "79.00"},
        "referral_rate": "0.20",
        "tax_rate": "0.10",
        "effective_from": "2026-01",
    }
    return Agreement.create(**(values | overrides))  # type: ignore[arg-type]


def _one_client(
    c: ClientInput, agreement: Agreement = AGREEMENT, period: Period = NOV
) -> PeriodCharges:
    return compute_charges(period, [agreement], [], [c])


class TestAgreement:
    def test_create_parses_everything(self) -> None:
        agreement = _agreement(effective_from=Period(2026, 3))
        assert agreement.license_price == {FREE: D("0.00"), JR: D("35.00"), RC: D("79.00")}
        assert agreement.advisor_fee == D("120.00")
        assert agreement.referral_rate == D("0.20")
        assert agreement.effective_from == Period(2026, 3)

    @pytest.mark.parametrize(
        ("overrides", "field"),
        [
            ({"currency": "XYZ"}, "agreement.currency"),
            ({"advisor_fee": 120.0}, "agreement.advisor_fee"),
            ({"advisor_fee": "-1"}, "agreement.advisor_fee"),
            ({"advisor_fee": "120.005"}, "agreement.advisor_fee"),
            (
                {"license_price": {"free": "1.00", "just_risk": "1", "risk_compliance": "2"}},
                "agreement.license_price.free",
            ),
            ({"license_price": {"just_risk": "35.00"}}, "agreement.license_price.risk_compliance"),
            (
                {"license_price": {"just_risk": "NaN", "risk_compliance": "2"}},
                "agreement.license_price.just_risk",
            ),
            (
                {"license_price": {"gold": "1", "just_risk": "1", "risk_compliance": "2"}},
                "agreement.license_price",
            ),
            ({"license_price": ["35.00"]}, "agreement.license_price"),
            ({"referral_rate": "1.5"}, "agreement.referral_rate"),
            ({"referral_rate": 0.2}, "agreement.referral_rate"),
            ({"tax_rate": "Infinity"}, "agreement.tax_rate"),
            ({"effective_from": "2026-1"}, "agreement.effective_from"),
        ],
    )
    def test_create_rejects_naming_the_field(
        self, overrides: dict[str, object], field: str
    ) -> None:
        with pytest.raises(DomainError) as caught:
            _agreement(**overrides)
        assert caught.value.field == field

    def test_jpy_prices_have_no_decimals(self) -> None:
        with pytest.raises(DomainError, match=r"^agreement\.license_price\.just_risk: "):
            _agreement(
                currency="JPY",
                advisor_fee="12000",
                license_price={"just_risk": "3500.5", "risk_compliance": "8000"},
            )

    def test_a_price_change_applies_from_the_month_it_names(self) -> None:
        old, new = _agreement(), _agreement(advisor_fee="130.00", effective_from="2026-12")
        assert agreement_for_period([new, old], NOV) is old
        assert agreement_for_period([new, old], Period(2026, 12)) is new
        assert agreement_for_period([new, old], Period(2027, 6)) is new
        with pytest.raises(DomainError, match="^agreement: no agreement is in force in 2025-12"):
            agreement_for_period([new, old], Period(2025, 12))


class TestBillingModel:
    def test_labels_and_parse(self) -> None:
        assert RESELLER.label == "Reseller"
        assert DIRECT.label == "Direct (non-reseller)"
        assert BillingModel.parse("direct", "client.billing_model") is DIRECT
        with pytest.raises(DomainError, match=r"^client\.billing_model: "):
            BillingModel.parse("Direct", "client.billing_model")

    def test_model_for_period(self) -> None:
        history = [(Period(2026, 12), DIRECT), (Period(2026, 1), RESELLER)]
        assert model_for_period(history, Period(2025, 12)) is None
        assert model_for_period(history, NOV) is RESELLER
        assert model_for_period(history, Period(2026, 12)) is DIRECT
        assert model_for_period(history, Period(2027, 12)) is DIRECT

    def test_later_entry_for_the_same_month_wins(self) -> None:
        history = [(Period(2026, 12), DIRECT), (Period(2026, 12), RESELLER)]
        assert model_for_period(history, Period(2026, 12)) is RESELLER

    @pytest.mark.parametrize("today", [date(2026, 11, 1), date(2026, 11, 15), date(2026, 11, 30)])
    def test_a_change_takes_effect_next_period(self, today: date) -> None:
        assert effective_period_for_change(today) == Period(2026, 12)
        assert effective_period_for_change(date(2026, 12, 31)) == Period(2027, 1)


class TestAdvisors:
    def test_interval_edges(self) -> None:
        advisors = [
            advisor("deactivated_on_the_1st", (date(2026, 1, 1), date(2026, 11, 1))),
            advisor("deactivated_on_the_2nd", (date(2026, 1, 1), date(2026, 11, 2))),
            advisor("activated_on_the_last_day", (date(2026, 11, 30), None)),
            advisor("activated_next_month", (date(2026, 12, 1), None)),
            advisor(
                "twice_in_the_month",
                (date(2026, 11, 1), date(2026, 11, 5)),
                (date(2026, 11, 9), None),
            ),
            advisor("never_active"),
        ]
        charges = compute_charges(NOV, [AGREEMENT], advisors, [])
        assert charges.advisors.active_keys == (
            "deactivated_on_the_2nd",
            "activated_on_the_last_day",
            "twice_in_the_month",
        )
        assert (charges.advisors.count, charges.advisors.amount) == (3, D("360.00"))

    def test_no_advisors_no_clients(self) -> None:
        charges = compute_charges(NOV, [AGREEMENT], [], [])
        assert (charges.advisors.count, charges.advisors.amount) == (0, D("0.00"))
        assert charges.clients == ()
        assert charges.consolidated == Totals(D("0.00"), D("0.00"), D("0.00"))
        assert (charges.direct_invoices, charges.referral_total) == ((), D("0.00"))


class TestClients:
    def test_archived_on_the_1st_is_not_counted(self) -> None:
        archived = client(
            "Gone", RESELLER, [member("m", (RC, JAN, None))], archived=date(2026, 11, 1)
        )
        assert _one_client(archived).clients == ()

    def test_archived_client_counts_only_its_days(self) -> None:
        upgraded_after = member("m", (JR, JAN, date(2026, 11, 25)), (RC, date(2026, 11, 25), None))
        started_after = member("late", (RC, date(2026, 11, 22), None))
        archived = client(
            "Gone", RESELLER, [upgraded_after, started_after], archived=date(2026, 11, 20)
        )
        (charge,) = _one_client(archived).clients
        assert charge.member_tiers == {"m": JR}
        assert (charge.charge, charge.referral) == (D("35.00"), D("7.00"))
        assert _one_client(archived, period=Period(2026, 12)).clients == ()

    def test_created_on_the_last_day_counts(self) -> None:
        new = client(
            "New", DIRECT, [member("m", (JR, date(2026, 11, 30), None))], created=date(2026, 11, 30)
        )
        (charge,) = _one_client(new).clients
        assert charge.charge == D("35.00")
        assert _one_client(new, period=Period(2026, 10)).clients == ()

    def test_created_this_period_with_its_model_recorded_from_the_next(self) -> None:
        new = ClientInput(
            "n",
            "New",
            date(2026, 11, 12),
            None,
            [(Period(2026, 12), DIRECT)],
            [member("m", (JR, date(2026, 11, 12), None))],
        )
        (charge,) = _one_client(new).clients
        assert charge.billing_model is DIRECT

    def test_older_client_without_a_model_in_force_is_left_out(self) -> None:
        odd = ClientInput(
            "o", "Odd", JAN, None, [(Period(2026, 12), DIRECT)], [member("m", (JR, JAN, None))]
        )
        assert _one_client(odd).clients == ()

    def test_billing_model_change_takes_effect_next_period(self) -> None:
        changed = ClientInput(
            "c",
            "Changer",
            JAN,
            None,
            [(Period(2026, 1), RESELLER), (Period(2026, 12), DIRECT)],
            [member("m", (RC, JAN, None))],
        )
        november = _one_client(changed)
        december = _one_client(changed, period=Period(2026, 12))
        assert november.clients[0].billing_model is RESELLER
        assert november.consolidated.subtotal == D("79.00")
        assert november.direct_invoices == ()
        assert december.clients[0].billing_model is DIRECT
        assert december.consolidated.subtotal == D("0.00")
        assert december.direct_invoices == (("Changer", Totals(D("79.00"), D("7.90"), D("86.90"))),)

    def test_member_without_a_license_in_the_period_is_not_counted(self) -> None:
        c = client("C", RESELLER, [member("gone", (RC, JAN, date(2026, 11, 1))), member("none")])
        (charge,) = _one_client(c).clients
        assert charge.member_tiers == {}
        assert charge.licenses == {FREE: 0, JR: 0, RC: 0}
        assert (charge.lines, charge.charge, charge.referral) == ((), D("0.00"), D("0.00"))

    def test_only_free_members_no_charge_no_referral_no_invoice(self) -> None:
        c = client("Freebie", DIRECT, [member("f", (FREE, JAN, None))])
        charges = _one_client(c)
        assert [(line.tier, line.count, line.amount) for line in charges.clients[0].lines] == [
            (FREE, 1, D("0.00"))
        ]
        assert (charges.clients[0].charge, charges.clients[0].referral) == (D("0.00"), D("0.00"))
        assert charges.direct_invoices == ()

    def test_sorted_by_name_casefolded(self) -> None:
        names = ["beta", "Alpha", "alpha", "Zulu", "Äther"]
        clients = [client(n, RESELLER, []) for n in names]
        clients = [replace(c, key=f"k{i}") for i, c in enumerate(clients)]
        charges = compute_charges(NOV, [AGREEMENT], [], clients)
        assert [c.name for c in charges.clients] == ["Alpha", "alpha", "beta", "Zulu", "Äther"]

    def test_prices_follow_the_agreement_of_the_period(self) -> None:
        c = client("C", RESELLER, [member("m", (RC, JAN, None))])
        dearer = _agreement(
            license_price={"just_risk": "35.00", "risk_compliance": "89.00"},
            effective_from="2026-12",
        )
        nov = compute_charges(NOV, [AGREEMENT, dearer], [], [c])
        dec = compute_charges(Period(2026, 12), [AGREEMENT, dearer], [], [c])
        assert (nov.clients[0].charge, dec.clients[0].charge) == (D("79.00"), D("89.00"))
        assert dec.agreement is dearer


class TestRounding:
    def test_referral_tie_rounds_half_up(self) -> None:
        cheap = _agreement(
            license_price={"just_risk": "0.05", "risk_compliance": "0.25"}, referral_rate="0.5"
        )
        c = client("C", RESELLER, [member("m", (JR, JAN, None))])
        assert _one_client(c, cheap).clients[0].referral == D("0.03")  # 0.025 → 0.03
        c = client("C", RESELLER, [member("m", (RC, JAN, None))])
        assert _one_client(c, cheap).clients[0].referral == D("0.13")  # 0.125 → 0.13

    def test_tax_tie_rounds_half_up(self) -> None:
        agreement = _agreement(advisor_fee="1.25")
        charges = compute_charges(NOV, [agreement], [advisor("a", (JAN, None))], [])
        assert charges.consolidated == Totals(D("1.25"), D("0.13"), D("1.38"))

    def test_jpy(self) -> None:
        yen = _agreement(
            currency="JPY",
            advisor_fee="12000",
            license_price={"just_risk": "35", "risk_compliance": "8000"},
            referral_rate="0.15",
            tax_rate="0.10",
        )
        c = client("C", DIRECT, [member(f"m{i}", (JR, JAN, None)) for i in range(3)])
        charges = compute_charges(NOV, [yen], [advisor("a", (JAN, None))], [c])
        assert charges.currency == "JPY"
        assert str(charges.advisors.amount) == "12000"
        assert str(charges.clients[0].charge) == "105"
        assert str(charges.clients[0].referral) == "16"  # 15.75 → 16
        assert charges.direct_invoices == (("C", Totals(D("105"), D("11"), D("116"))),)  # 10.5 → 11
        assert str(charges.consolidated.tax) == "1200"

    def test_bhd(self) -> None:
        dinar = _agreement(
            currency="BHD",
            advisor_fee="40.000",
            license_price={"just_risk": "1.255", "risk_compliance": "9.5"},
            referral_rate="0.2",
            tax_rate="0.1",
        )
        c = client("C", RESELLER, [member(f"m{i}", (JR, JAN, None)) for i in range(3)])
        charges = compute_charges(NOV, [dinar], [], [c])
        assert str(charges.clients[0].charge) == "3.765"
        assert str(charges.clients[0].referral) == "0.753"
        assert charges.consolidated == Totals(D("3.765"), D("0.377"), D("4.142"))  # 0.3765 → 0.377
        assert str(charges.consolidated.tax) == "0.377"
