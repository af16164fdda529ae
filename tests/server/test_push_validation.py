"""Pushed values are checked with the laptop's own domain rules, and with what the database can
hold, one mutation at a time: a bad value is that mutation `rejected` with a reason naming
the field, the rest of the batch applies, the queue moves on, and the server never answers
5xx (real server, SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import math
import uuid
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from advisor_desk.sync.codec import field_decoders, row_problem
from tests.server.api import Api, new_id, update
from tests.server.harness import PASSWORD, Live, Tenant

STATUSES = {"applied", "merged", "conflict", "rejected"}


def _tag() -> str:
    return uuid.uuid4().hex[:8]


def base_fields(entity: str, ids: dict[str, str]) -> dict[str, Any]:
    """Valid fields of a new row of `entity` (parents from `ids`)."""
    tag = _tag()
    return {
        "client": {"name": f"Client {tag}", "domain": "", "created": "2026-01-10", "tags": []},
        "member": {
            "client_id": ids.get("client", ""),
            "email": f"m{tag}@acme.example",
            "name": "M",
        },
        "member_license": {
            "member_id": ids.get("member", ""),
            "tier": "free",
            "start": "2026-02-01",
        },
        "client_billing_model": {
            "client_id": ids.get("client", ""),
            "effective_from": "2026-02",
            "model": "direct",
        },
        "advisor": {"email": f"a{tag}@firm.example", "name": "Ad", "role": "advisor"},
        "advisor_activity": {"advisor_id": ids.get("advisor", ""), "start": "2026-01-01"},
        "client_template": {
            "name": f"Template {tag}",
            "license_tier": "just_risk",
            "billing_model": "reseller",
        },
        "content_item": {
            "title": f"Policy {tag}",
            "kind": "policy",
            "library": "partner",
            "tags": [],
            "price": "10.00",
        },
        "client_risk": {"client_id": ids.get("client", ""), "title": "Fire", "likelihood": 2},
        "client_assessment": {
            "client_id": ids.get("client", ""),
            "content_id": ids.get("content_item", ""),
            "due": "2026-03-01",
        },
        "template_risk": {
            "template_id": ids.get("client_template", ""),
            "content_id": ids.get("content_item", ""),
            "title": "Flood",
        },
        "document": {
            "kind": "client_invoice",
            "period": "2026-10",
            "recipient": "Acme",
            "client_id": ids.get("client", ""),
            "currency": "AUD",
            "tax_rate": "0.10",
            "subtotal": "10.00",
            "tax": "1.00",
            "total": "11.00",
        },
        "document_line": {
            "document_id": ids.get("document", ""),
            "position": 1,
            "description": "Licenses",
            "quantity": "1",
            "unit_price": "10.00",
            "amount": "10.00",
        },
        "library_push": {
            "content_id": ids.get("content_item", ""),
            "item_version": "1",
            "pushed_by": "admin@firm.example",
            "pushed_at": "2026-03-01T10:00:00",
            "clients": 1,
            "templates": 0,
            "targets": ["Acme"],
        },
        "content_provision": {
            "content_id": ids.get("content_item", ""),
            "item_version": "1",
            "position": 1,
            "kind": "question",
            "ref": "Q1",
            "text": "Is it?",
            "answer_type": "yes_no",
        },
        "resale_settings": {
            "price_just_risk": "30.00",
            "price_risk_compliance": "70.00",
            "tax_rate": "0.10",
            "legal_name": "Firm Pty Ltd",
        },
    }[entity]


PARENTS = ("client", "member", "advisor", "client_template", "content_item", "document")


@dataclass
class Laptop:
    """One device pushing raw mutations, with its parents already on the server."""

    api: Api
    mid: int = 0
    ids: dict[str, str] = field(default_factory=dict)
    versions: dict[str, int] = field(default_factory=dict)

    def next_mid(self) -> int:
        self.mid += 1
        return self.mid

    def insert(self, entity: str, **fields: Any) -> dict[str, Any]:
        row_id = new_id()
        return {
            "mid": self.next_mid(),
            "entity": entity,
            "id": row_id,
            "op": "insert",
            "base_version": 0,
            "fields": {**base_fields(entity, self.ids), **fields},
        }

    def update(self, entity: str, **fields: Any) -> dict[str, Any]:
        row_id = self.ids[entity]
        return update(self.next_mid(), entity, row_id, self.versions[row_id], **fields)

    def push_raw(self, mutations: list[dict[str, Any]]) -> Any:
        """Pushed as JSON written here: NaN, infinities and lone surrogates reach the server."""
        body = {"device_id": self.api.device_id, "schema_version": 1, "mutations": mutations}
        answer = self.api.http.post(
            self.api.url + "/v1/sync/push",
            data=json.dumps(body, allow_nan=True),
            headers={**self.api.headers(), "Content-Type": "application/json"},
            timeout=60,
        )
        assert answer.status_code < 500, answer.text[:500]
        return answer

    def push(self, mutations: list[dict[str, Any]]) -> list[dict[str, Any]]:
        answer = self.push_raw(mutations)
        assert answer.status_code == 200, answer.text[:500]
        results: list[dict[str, Any]] = answer.json()["results"]
        assert [r["mid"] for r in results] == [m["mid"] for m in mutations]
        return results


def laptop_with_parents(live: Live, tenant: Tenant) -> Laptop:
    laptop = Laptop(Api(live.server.url).login(tenant.admin_email))
    for entity in PARENTS:
        mutation = laptop.insert(entity)
        (result,) = laptop.push([mutation])
        assert result["status"] == "applied", (entity, result)
        laptop.ids[entity] = mutation["id"]
        laptop.versions[mutation["id"]] = result["version"]
    return laptop


BAD_VALUES = [
    # item 5: domain values every other laptop's billing, drafts and exports rely on
    ("member_license", {"tier": "gold"}, "tier"),
    ("client_template", {"license_tier": "gold"}, "license_tier"),
    ("client_billing_model", {"model": "free-beer"}, "model"),
    ("client_billing_model", {"effective_from": "13/99"}, "effective_from"),
    ("client", {"tags": {"vip": True}}, "tags"),
    ("content_item", {"tags": [1, 2]}, "tags"),
    ("advisor", {"role": "superuser"}, "role"),
    ("member_license", {"start": "2026-05-01", "end": "2026-04-01"}, "end"),
    ("advisor_activity", {"start": "2026-05-01", "end": "2026-01-01"}, "end"),
    ("document", {"period": "2030-13"}, "period"),
    ("document", {"currency": "ZZZ"}, "currency"),
    ("document", {"total": "11.001"}, "total"),
    ("client_risk", {"impact": 9}, "impact"),
    ("resale_settings", {"legal_name": ""}, "legal_name"),
    ("member", {"email": "not an email"}, "email"),
    # item 6: values the database itself would refuse
    ("client", {"name": "Acme\x00Corp"}, "name"),
    ("client", {"name": "Acme \ud800"}, "name"),
    ("client", {"employees": 2**31}, "employees"),
    ("client_template", {"members": 2**40}, "members"),
    ("document_line", {"position": -(2**31) - 1}, "position"),
    ("document_line", {"amount": "9" * 19}, "amount"),
    ("document", {"tax_rate": "NaN"}, "tax_rate"),
    ("client", {"created": "2026-02-30"}, "created"),
    ("library_push", {"targets": ["Acme\x00"]}, "targets"),
    ("library_push", {"pushed_at": "0001-01-01T00:00:00+05:00"}, "pushed_at"),
]


@pytest.mark.parametrize(("entity", "fields", "name"), BAD_VALUES)
def test_a_bad_value_is_rejected_alone_and_the_batch_goes_on(
    live: Live, tenant: Tenant, entity: str, fields: dict[str, Any], name: str
) -> None:
    laptop = laptop_with_parents(live, tenant)
    bad = laptop.insert(entity, **fields)
    after = laptop.insert("client")
    rejected, applied = laptop.push([bad, after])
    assert rejected["status"] == "rejected"
    assert rejected["error"].startswith(f"{name}:"), rejected["error"]
    assert applied["status"] == "applied"
    assert bad["id"] not in laptop.api.rows(entity)
    assert after["id"] in laptop.api.rows("client")
    (next_one,) = laptop.push([laptop.insert("client")])  # the queue is not stuck
    assert next_one["status"] == "applied"


@pytest.mark.parametrize(("entity", "fields", "name"), BAD_VALUES)
def test_an_update_to_a_bad_value_is_rejected_and_the_server_keeps_its_own(
    live: Live, tenant: Tenant, entity: str, fields: dict[str, Any], name: str
) -> None:
    laptop = laptop_with_parents(live, tenant)
    if entity not in laptop.ids:
        (created,) = laptop.push([mutation := laptop.insert(entity)])
        laptop.ids[entity] = mutation["id"]
        laptop.versions[mutation["id"]] = created["version"]
    row_id = laptop.ids[entity]
    before = laptop.api.rows(entity)[row_id]["fields"]
    rejected, applied = laptop.push([laptop.update(entity, **fields), laptop.insert("client")])
    assert rejected["status"] == "rejected"
    assert rejected["error"].startswith(f"{name}:"), rejected["error"]
    assert rejected["server_fields"] == before
    assert applied["status"] == "applied"
    assert laptop.api.rows(entity)[row_id]["fields"] == before


def test_an_edit_ending_an_interval_before_its_stored_start_is_rejected(
    live: Live, tenant: Tenant
) -> None:
    laptop = laptop_with_parents(live, tenant)
    mutation = laptop.insert("member_license", start="2026-06-01")
    (created,) = laptop.push([mutation])
    laptop.ids["member_license"] = mutation["id"]
    laptop.versions[mutation["id"]] = created["version"]
    (ended,) = laptop.push([laptop.update("member_license", end="2026-05-01")])
    assert ended["status"] == "rejected"
    assert ended["error"].startswith("end:")
    (fine,) = laptop.push([laptop.update("member_license", end="2026-07-01")])
    assert fine["status"] == "applied"


# Fuzzing: any value in any field of any entity, never a 5xx, never a stored value that a
# laptop would refuse to pull.

SPECIAL_TEXT = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\ud800",
    "x" * 400,
    "NaN",
    "Infinity",
    "1e400",
    "-0",
    "2026-13",
    "13/99",
    "2026-02-30",
    "0001-01-01T00:00:00+05:00",
    "9999-12-31T23:59:59-05:00",
    "gold",
    "superuser",
    "free-beer",
    "ZZZ",
    "AUD",
    "risk_compliance",
    "12.345",
    "99999999999999999999",
    "00",
]
SPECIAL_NUMBERS = [0, -1, 6, 2**31 - 1, 2**31, -(2**31), -(2**31) - 1, 2**63, 2**63 - 1, 10**30]
SCALARS = st.one_of(
    st.sampled_from(SPECIAL_TEXT),
    st.sampled_from(SPECIAL_NUMBERS),
    st.sampled_from(SPECIAL_TEXT),
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
)
NESTED = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=6,
)
JSON_VALUES = st.one_of(SCALARS, SCALARS, SCALARS, NESTED)
FUZZED = ["client", "member", "member_license", "client_billing_model", "advisor"]
FUZZED += ["advisor_activity", "client_template", "content_item", "client_risk"]
FUZZED += ["client_assessment", "template_risk", "document", "document_line"]
FUZZED += ["library_push", "content_provision", "resale_settings"]


@st.composite
def fuzzed_change(draw: st.DrawFn) -> tuple[str, str, str, Any]:
    entity = draw(st.sampled_from(FUZZED))
    name = draw(st.sampled_from(sorted(field_decoders(entity))))
    op = draw(st.sampled_from(["insert", "update"])) if entity in PARENTS else "insert"
    return entity, name, op, draw(JSON_VALUES)


@pytest.fixture
def fuzz_laptop(live: Live, tenant: Tenant) -> Laptop:
    return laptop_with_parents(live, tenant)


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(changes=st.lists(fuzzed_change(), min_size=1, max_size=6))
@example(changes=[("client", "name", "insert", "a\x00b"), ("member", "name", "update", "\ud800")])
@example(
    changes=[("client_template", "members", "update", 2**31), ("client", "tags", "insert", {})]
)
def test_fuzzed_field_values_never_get_a_5xx(
    fuzz_laptop: Laptop, changes: list[tuple[str, str, str, Any]]
) -> None:
    laptop = fuzz_laptop
    mutations = []
    for entity, name, op, value in changes:
        if op == "update":
            mutations.append(laptop.update(entity, **{name: value}))
        else:
            mutations.append(laptop.insert(entity, **{name: value}))
    sentinel = laptop.insert("client")
    results = laptop.push([*mutations, sentinel])
    assert {r["status"] for r in results} <= STATUSES
    assert results[-1]["status"] == "applied", results[-1]
    for result in results:
        if result["status"] == "rejected":
            assert result["error"], result


def test_what_the_server_keeps_after_fuzzing_is_what_a_laptop_can_pull(
    live: Live, tenant: Tenant
) -> None:
    laptop = laptop_with_parents(live, tenant)

    @settings(
        max_examples=25,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(changes=st.lists(fuzzed_change(), min_size=1, max_size=6))
    def push_some(changes: list[tuple[str, str, str, Any]]) -> None:
        mutations = [laptop.insert(entity, **{name: value}) for entity, name, _op, value in changes]
        results = laptop.push(mutations)
        assert {r["status"] for r in results} <= STATUSES

    push_some()
    changes, _cursor = laptop.api.pull_all()
    for change in changes:
        if not change["deleted"]:
            assert row_problem(change["entity"], change["fields"]) is None, change
    assert not any(
        isinstance(v, float) and math.isnan(v) for c in changes for v in c["fields"].values()
    )


@pytest.mark.parametrize("where", ["email", "device_name", "password"])
def test_request_text_a_database_refuses_is_a_4xx_not_a_500(
    live: Live, tenant: Tenant, where: str
) -> None:
    body = {"email": tenant.admin_email, "password": PASSWORD, "device_name": "laptop"}
    for bad in ("with\x00nul", "lone \ud800"):
        answer = requests.post(
            live.server.url + "/v1/auth/login",
            data=json.dumps({**body, where: bad}),
            headers={"Content-Type": "application/json"},
            timeout=30,
        )
        assert 400 <= answer.status_code < 500, answer.text[:300]
