"""Client templates with their plan, versions, duplicates; onboarding creates exactly the plan."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from advisor_desk.domain.licenses import ContentKind, LicenseTier
from advisor_desk.services.clients.onboarding import NewClient, NewMember, onboard_client
from advisor_desk.services.clients.onboarding_review import review_onboarding
from advisor_desk.services.errors import ValidationError
from advisor_desk.services.library.content import Library, delete_item
from advisor_desk.services.library.search import LibraryQuery, search
from advisor_desk.services.templates import items as template_items
from advisor_desk.services.templates.items import ItemRef, entitled_query, item_refs, offered_kinds
from advisor_desk.services.templates.plan import (
    PlannedAssessment,
    PlannedRisk,
    duplicate_template,
    get_template_plan,
    save_template,
    template_name_problem,
    template_versions,
)
from advisor_desk.store.engine import Store
from advisor_desk.store.models import (
    AdvisorAccess,
    Client,
    ClientAssessment,
    ClientContent,
    ClientRisk,
    Outbox,
)
from tests.helpers.templates import cyber_draft, cyber_template, make_library

TODAY = dt.date(2026, 11, 15)
RISK_LIBRARIES = frozenset({ContentKind.RISK_LIBRARY})


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADVISOR_DESK_TODAY", TODAY.isoformat())


def _rows(store: Store, model: type, client_id: str) -> list:
    with store.read() as session:
        return list(
            session.scalars(
                select(model).where(model.client_id == client_id, model.deleted.is_(False))
            )
        )


def test_a_saved_template_keeps_its_whole_plan(store: Store) -> None:
    lib = make_library(store)
    plan = cyber_template(store, lib)
    again = get_template_plan(store, plan.template.id)
    assert again == plan
    assert plan.template.revision == 1
    assert [r.title for r in plan.risks] == ["Key supplier failure", "Ransomware outage"]
    assert plan.assessments == (PlannedAssessment(lib.items["Security maturity assessment"], 30),)
    assert plan.advisor_ids == (lib.advisors["Bo"],)


def _offered(store: Store, tier: LicenseTier, kinds: frozenset[ContentKind] | None = None) -> list:
    query = entitled_query(tier, kinds)
    return [] if query is None else list(search(store, query).rows)


def test_the_library_offered_is_what_the_tier_is_entitled_to(store: Store) -> None:
    make_library(store)
    free = {i.title for i in _offered(store, LicenseTier.FREE)}
    assert free == {"Acceptable use policy", "Incident response playbook"}
    just_risk = {i.kind.value for i in _offered(store, LicenseTier.JUST_RISK)}
    assert "framework" not in just_risk
    assert "risk_library" in just_risk
    assert len(_offered(store, LicenseTier.RISK_COMPLIANCE)) == 8
    libraries = {i.title for i in _offered(store, LicenseTier.JUST_RISK, RISK_LIBRARIES)}
    assert libraries == {"Cyber risk library", "Supplier risk library"}
    # no kind of those asked is covered: nothing to search (an empty facet would mean "any")
    assert entitled_query(LicenseTier.FREE, RISK_LIBRARIES) is None
    assert _offered(store, LicenseTier.FREE, RISK_LIBRARIES) == []
    # every kind covered: no facet, the search's fastest plan
    assert entitled_query(LicenseTier.RISK_COMPLIANCE, text="iso") == LibraryQuery(text="iso")
    assert offered_kinds(LicenseTier.JUST_RISK, RISK_LIBRARIES | {ContentKind.FRAMEWORK}) == (
        RISK_LIBRARIES
    )


def test_item_refs_name_just_the_ids_asked_for(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    lib = make_library(store)
    i = lib.items
    delete_item(store, i["Essential Eight controls"])
    monkeypatch.setattr(template_items, "CHUNK", 2)  # several queries, one answer
    asked = [i["Cyber risk library"], i["Acceptable use policy"], "no-such-id"]
    asked += [i["Essential Eight controls"], i["ISO/IEC 27001:2022"], i["Cyber risk library"]]
    refs = item_refs(store, asked)
    assert set(refs) == {
        i["Cyber risk library"],
        i["Acceptable use policy"],
        i["ISO/IEC 27001:2022"],
    }
    assert refs[i["Cyber risk library"]] == ItemRef(
        i["Cyber risk library"], "Cyber risk library", ContentKind.RISK_LIBRARY, Library.OPEN
    )
    assert item_refs(store, []) == {}


def test_a_plan_the_tier_does_not_cover_is_refused_with_every_problem(store: Store) -> None:
    lib = make_library(store)
    draft = dataclasses.replace(
        cyber_draft(lib),
        license_tier=LicenseTier.FREE,
        risks=(PlannedRisk(lib.items["Acceptable use policy"], "Wrong kind", 9, 1),),
    )
    with pytest.raises(ValidationError) as raised:
        save_template(store, draft)
    places = [place for place, _ in raised.value.problems]
    assert places == ["content", "risks[0]", "risks[0].likelihood", "assessments[0]"]
    assert template_name_problem(store, "Cyber uplift") == ""  # nothing was written


def test_editing_makes_a_new_version_and_onboarded_clients_stay_on_theirs(store: Store) -> None:
    lib = make_library(store)
    plan = cyber_template(store, lib)
    first = onboard_client(store, template="Cyber uplift", name="Dune Energy")
    edited = save_template(
        store,
        dataclasses.replace(plan.draft(), risks=plan.risks[:1], description="Shorter."),
        plan.template.id,
    )
    assert edited.template.revision == 2
    second = onboard_client(store, template="cyber uplift", name="Elm Health")
    with store.read() as session:
        versions = dict(session.execute(select(Client.name, Client.template_version)).all())
    assert versions == {"Dune Energy": 1, "Elm Health": 2}
    assert len(_rows(store, ClientRisk, first.id)) == 2  # the client keeps what it was given
    assert len(_rows(store, ClientRisk, second.id)) == 1
    history = template_versions(store, plan.template.id)
    assert [(v.revision, len(v.risks)) for v in history] == [(1, 2), (2, 1)]
    assert history[0].risks == ("Key supplier failure", "Ransomware outage")


def test_duplicating_copies_the_plan_under_a_free_name(store: Store) -> None:
    lib = make_library(store)
    plan = cyber_template(store, lib)
    copy = duplicate_template(store, plan.template.id)
    assert copy.template.name == "Cyber uplift (copy)"
    assert copy.template.id != plan.template.id
    assert copy.template.revision == 1
    assert copy.draft() == dataclasses.replace(plan.draft(), name="Cyber uplift (copy)")
    assert duplicate_template(store, plan.template.id).template.name == "Cyber uplift (copy 2)"
    assert "already exists" in template_name_problem(store, "CYBER UPLIFT")


def test_onboarding_creates_exactly_the_plan_in_one_transaction(store: Store) -> None:
    lib = make_library(store)
    cyber_template(store, lib)
    with store.read() as session:
        outbox_before = session.scalar(select(func.count()).select_from(Outbox)) or 0
    client = onboard_client(
        store,
        template="Cyber uplift",
        name="Dune Energy",
        members=[NewMember("kim@dune.example", "Kim")],
    )
    assert {c.content_id for c in _rows(store, ClientContent, client.id)} == {
        lib.items["ISO/IEC 27001:2022"],
        lib.items["Acceptable use policy"],
    }
    risks = {(r.title, r.likelihood, r.impact) for r in _rows(store, ClientRisk, client.id)}
    assert risks == {("Ransomware outage", 4, 5), ("Key supplier failure", 2, 4)}
    [assessment] = _rows(store, ClientAssessment, client.id)
    assert assessment.due == TODAY + dt.timedelta(days=30)
    assert [a.advisor_id for a in _rows(store, AdvisorAccess, client.id)] == [lib.advisors["Bo"]]
    assert client.licenses[LicenseTier.RISK_COMPLIANCE] == 1
    with store.read() as session:
        entities = session.scalars(select(Outbox.entity).where(Outbox.mid > outbox_before)).all()
    expected = {
        "client": 1,
        "client_billing_model": 1,
        "client_content": 2,
        "content_grant": 2,  # the grants' history (billing-rules.md, rule 7)
        "client_risk": 2,
        "client_assessment": 1,
        "advisor_access": 1,
        "member": 1,
        "member_license": 1,
    }
    assert {e: entities.count(e) for e in set(entities)} == expected


def test_advisors_chosen_at_onboarding_replace_the_template_defaults(store: Store) -> None:
    lib = make_library(store)
    cyber_template(store, lib)
    client = onboard_client(
        store, template="Cyber uplift", name="Dune", advisor_ids=[lib.advisors["Ana"]]
    )
    assert [a.advisor_id for a in _rows(store, AdvisorAccess, client.id)] == [lib.advisors["Ana"]]
    with pytest.raises(ValidationError, match="advisors"):
        onboard_client(store, template="Cyber uplift", name="Elm", advisor_ids=["nobody"])


def test_the_review_shows_what_will_be_created_and_its_monthly_cost(store: Store) -> None:
    lib = make_library(store)
    cyber_template(store, lib)
    request = NewClient(
        name="Dune Energy",
        template="Cyber uplift",
        members=(
            NewMember("kim@dune.example", "Kim"),
            NewMember("lee@dune.example", "Lee"),
            NewMember("max@dune.example", "Max", LicenseTier.FREE),
        ),
    )
    review = review_onboarding(store, request)
    assert review.problems == ()
    assert (review.template, review.template_version) == ("Cyber uplift", 1)
    assert review.content == ("Acceptable use policy", "ISO/IEC 27001:2022")
    assert review.risks == ("Key supplier failure", "Ransomware outage")
    assert review.assessments == (("Security maturity assessment", dt.date(2026, 12, 15)),)
    assert review.advisors == ("Bo",)
    lines = [(x.tier, x.count, x.amount) for x in review.cost_lines]
    r_and_c = Decimal("79.00")  # the standard agreement's price (services.partners)
    assert lines[0] == (LicenseTier.RISK_COMPLIANCE, 2, 2 * r_and_c)
    assert review.monthly_total == 2 * r_and_c
    assert review.money(review.monthly_total).endswith("158.00")
    bad = review_onboarding(store, NewClient(name="", template="Cyber uplift", domain="x"))
    assert {place for place, _ in bad.problems} == {"name", "domain"}


def test_a_clients_csv_with_a_template_column_gets_each_template_plan(store: Store) -> None:
    from advisor_desk.services.clients.csv_import import import_clients_csv

    lib = make_library(store)
    cyber_template(store, lib)
    text = (
        "name,domain,billing_model,template\n"
        "Dune Energy,dune.example,,Cyber uplift\n"
        "Elm Health,elm.example,direct,\n"
    )
    import_clients_csv(store, text)
    with store.read() as session:
        ids = dict(session.execute(select(Client.name, Client.id)).all())
    assert len(_rows(store, ClientRisk, ids["Dune Energy"])) == 2
    assert len(_rows(store, ClientAssessment, ids["Dune Energy"])) == 1
    assert len(_rows(store, AdvisorAccess, ids["Dune Energy"])) == 1
    assert _rows(store, ClientRisk, ids["Elm Health"]) == []
