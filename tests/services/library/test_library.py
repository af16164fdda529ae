"""The content library: search and facets in SQL, uploads, versions, pushes, export."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from decimal import Decimal

import pytest

from advisor_desk.domain.licenses import ContentKind, LicenseTier
from advisor_desk.services.billing.partners import create_partner
from advisor_desk.services.clients.teams import create_client
from advisor_desk.services.errors import ServiceError, ValidationError
from advisor_desk.services.library import content
from advisor_desk.services.library import search as library
from advisor_desk.services.library.content import Library
from advisor_desk.services.library.detail import item_detail
from advisor_desk.services.library.push import push_items
from advisor_desk.services.library.search import (
    LibraryQuery,
    SearchResult,
    SortKey,
    match_expression,
    narrows,
    same_search,
    search,
)
from advisor_desk.services.library.upload import (
    copy_from_open_library,
    publish_new_version,
    upload_item,
)
from advisor_desk.services.people import members
from advisor_desk.services.workspace import export_workspace, import_workspace
from advisor_desk.store.engine import Store, open_store
from tests.helpers.library import BAD_CSV, FRAMEWORK_CSV, SeededLibrary, seed_library


@pytest.fixture
def lib(store: Store) -> SeededLibrary:
    create_partner(store, name="Harbour Risk Partners")
    return seed_library(store)


def titles(store: Store, query: LibraryQuery) -> list[str]:
    return [row.title for row in search(store, query).rows]


def test_text_matches_title_description_and_tags_as_you_type(
    store: Store, lib: SeededLibrary
) -> None:
    assert titles(store, LibraryQuery(text="ran")) == ["HRA Ransomware readiness workshop kit"]
    assert titles(store, LibraryQuery(text="personal")) == ["Privacy policy"]  # description
    assert titles(store, LibraryQuery(text="isms")) == ["ISO/IEC 27001:2022"]  # a tag
    assert titles(store, LibraryQuery(text="27001:20")) == ["ISO/IEC 27001:2022"]
    assert titles(store, LibraryQuery(text='"(*')) == titles(store, LibraryQuery())
    assert search(store, LibraryQuery(text="hra")).total == 2


def test_facets_narrow_the_list(store: Store, lib: SeededLibrary) -> None:
    partner = LibraryQuery(sources=frozenset({Library.PARTNER}))
    assert titles(store, partner) == [
        "HRA Board cyber checklist",
        "HRA Ransomware readiness workshop kit",
    ]
    assert titles(store, LibraryQuery(kinds=frozenset({ContentKind.POLICY}))) == ["Privacy policy"]
    assert titles(store, LibraryQuery(published=False)) == ["HRA Board cyber checklist"]
    assert titles(store, LibraryQuery(priced=True)) == ["HRA Ransomware readiness workshop kit"]
    assert titles(store, LibraryQuery(tags=frozenset({"governance"}))) == [
        "HRA Board cyber checklist"
    ]
    both = LibraryQuery(text="hra", published=True)
    assert titles(store, both) == ["HRA Ransomware readiness workshop kit"]


def test_columns_sort_in_sql_both_ways(store: Store, lib: SeededLibrary) -> None:
    by_price = titles(store, LibraryQuery(sort=SortKey.PRICE, descending=True))
    assert by_price[0] == "HRA Ransomware readiness workshop kit"
    names = titles(store, LibraryQuery(sort=SortKey.TITLE, descending=True))
    assert names == sorted(names, key=str.casefold, reverse=True)
    page = search(store, LibraryQuery(), offset=1, limit=2)
    assert page.total == 4
    assert len(page.rows) == 2


def test_tombstoned_and_edited_items_leave_or_follow_the_index(
    store: Store, lib: SeededLibrary
) -> None:
    content.edit_item(store, lib.ransomware, title="HRA Extortion response kit")
    assert titles(store, LibraryQuery(text="ransomware")) == []
    assert titles(store, LibraryQuery(text="extortion")) == ["HRA Extortion response kit"]
    content.delete_item(store, lib.ransomware)
    assert titles(store, LibraryQuery(text="extortion")) == []


def test_match_expression_quotes_what_was_typed() -> None:
    assert match_expression("iso 27") == '"iso"* AND "27"*'
    assert match_expression("  ") is None
    assert match_expression("", ["a b"]) == 'tags : "a b"'


def test_upload_a_csv_framework_reads_its_provisions(store: Store, lib: SeededLibrary) -> None:
    made = upload_item(
        store,
        file_name="/home/ana/hra-controls.csv",
        data=FRAMEWORK_CSV.encode(),
        title="HRA control baseline",
        kind=ContentKind.FRAMEWORK,
        tags=["hra"],
    )
    assert made.entries == 3
    assert made.file_name == "hra-controls.csv"
    detail = item_detail(store, made.item.id)
    assert detail.provisions == 3
    assert detail.questions == 0
    assert [p.ref for p in detail.preview] == ["A.5.1", "A.5.2", "A.8.1"]
    assert detail.files[0].file_name == "hra-controls.csv"
    assert not detail.item.published
    assert titles(store, LibraryQuery(text="control baseline")) == ["HRA control baseline"]


def test_bad_rows_are_reported_at_their_lines_and_nothing_is_stored(
    store: Store, lib: SeededLibrary
) -> None:
    with pytest.raises(ValidationError) as caught:
        upload_item(
            store,
            file_name="bad.csv",
            data=BAD_CSV.encode(),
            title="Broken",
            kind=ContentKind.FRAMEWORK,
        )
    assert caught.value.lines() == [
        "line 3: ref is empty",
        "line 4: ref A.5.1 repeats the one at line 2",
        "line 5: text is empty",
    ]
    assert titles(store, LibraryQuery(text="broken")) == []


def test_json_questions_and_file_checks(store: Store, lib: SeededLibrary) -> None:
    questions = {"questions": [{"ref": "Q1", "question": "Is MFA on?", "answer_type": "yes_no"}]}
    made = upload_item(
        store,
        file_name="survey.json",
        data=json.dumps(questions).encode(),
        title="MFA survey",
        kind=ContentKind.ASSESSMENT_TEMPLATE,
    )
    assert item_detail(store, made.item.id).questions == 1
    bad = {"questions": [{"ref": "Q1", "question": "x", "answer_type": "maybe"}]}
    with pytest.raises(ValidationError, match=r"questions\[0\]: answer_type 'maybe'"):
        upload_item(
            store,
            file_name="bad.json",
            data=json.dumps(bad).encode(),
            title="Bad survey",
            kind=ContentKind.ASSESSMENT_TEMPLATE,
        )
    with pytest.raises(ValidationError, match="not a PDF file inside"):
        upload_item(store, file_name="x.pdf", data=b"hello", title="X", kind=ContentKind.POLICY)
    pdf = upload_item(
        store, file_name="p.pdf", data=b"%PDF-1.7 ...", title="PDF policy", kind=ContentKind.POLICY
    )
    assert pdf.entries == 0


def test_a_new_version_keeps_the_old_one_readable(store: Store, lib: SeededLibrary) -> None:
    made = upload_item(
        store,
        file_name="c.csv",
        data=FRAMEWORK_CSV.encode(),
        title="HRA controls",
        kind=ContentKind.CONTROL_SET,
        version="1.0",
    )
    newer = FRAMEWORK_CSV + "A.8.2,Technological controls,Privileged access rights\n"
    publish_new_version(store, made.item.id, version="1.1", file_name="c2.csv", data=newer.encode())
    detail = item_detail(store, made.item.id)
    assert detail.item.version == "1.1"
    assert detail.provisions == 4
    assert [(v.version, v.current, v.provisions) for v in detail.versions] == [
        ("1.1", True, 4),
        ("1.0", False, 3),
    ]
    with pytest.raises(ValidationError, match="already has a version 1.0"):
        publish_new_version(store, made.item.id, version="1.0")
    with pytest.raises(ServiceError, match="open library"):
        publish_new_version(store, lib.iso, version="2025")


def test_copy_from_the_open_library(store: Store, lib: SeededLibrary) -> None:
    copy = copy_from_open_library(store, lib.iso)
    assert copy.library is Library.PARTNER
    assert copy.title == "ISO/IEC 27001:2022 (partner copy)"
    content.edit_item(store, copy.id, price="250", published=True)
    assert search(store, LibraryQuery(priced=True)).total == 2


@pytest.fixture
def clients(store: Store, lib: SeededLibrary) -> dict[str, str]:
    start = dt.date(2026, 1, 5)
    acme = create_client(store, name="Acme Logistics", created=start)
    initech = create_client(store, name="Initech", created=start)
    members.add_member(
        store,
        acme.id,
        email="jo@acme.example",
        name="Jo",
        tier=LicenseTier.RISK_COMPLIANCE,
        start=start,
    )
    members.add_member(
        store,
        initech.id,
        email="al@initech.example",
        name="Al",
        tier=LicenseTier.FREE,
        start=start,
    )
    return {"acme": acme.id, "initech": initech.id}


def test_push_records_the_log(store: Store, lib: SeededLibrary, clients: dict[str, str]) -> None:
    summary = push_items(store, [lib.iso, lib.ransomware], client_ids=[clients["acme"]])
    assert (summary.items, summary.clients, summary.added) == (2, 1, 2)
    again = push_items(
        store, [lib.ransomware], client_ids=list(clients.values()), template_ids=[lib.template]
    )
    assert again.added == 2  # Initech and the template; Acme had it already
    detail = item_detail(store, lib.ransomware)
    assert detail.clients == ("Acme Logistics", "Initech")
    assert detail.templates == ("Board cyber briefing",)
    newest, first = detail.activity
    assert (newest.version, newest.clients, newest.templates) == ("1.2", 2, 1)
    assert newest.targets == ("Acme Logistics", "Initech", "template Board cyber briefing")
    assert (first.clients, first.templates) == (1, 0)
    assert newest.pushed_by
    row = next(r for r in search(store, LibraryQuery(text="ransomware")).rows)
    assert row.clients == 2


def test_push_refuses_what_entitlements_forbid_and_says_what_to_change(
    store: Store, lib: SeededLibrary, clients: dict[str, str]
) -> None:
    with pytest.raises(ValidationError) as caught:
        push_items(
            store,
            [lib.iso, lib.board],
            client_ids=[clients["initech"]],
            template_ids=[lib.template],
        )
    lines = caught.value.lines()
    assert (
        "ISO/IEC 27001:2022 → Initech: Framework needs a Risk & Compliance license, and "
        "Initech has Free; upgrade a member of Initech first, or leave Initech out"
    ) in lines
    assert any(
        "template Board cyber briefing" in line and "raise the template" in line for line in lines
    )
    assert "HRA Board cyber checklist: is not published; publish it first" in lines
    assert item_detail(store, lib.iso).activity == ()  # nothing at all was pushed
    assert item_detail(store, lib.iso).clients == ()


def test_price_publish_and_lock_round_trip_through_export(
    store: Store, lib: SeededLibrary, tmp_path
) -> None:
    content.edit_item(store, lib.board, price="99.50", published=True, locked=False)
    content.edit_item(store, lib.ransomware, price=None, published=False, locked=True)
    exported = export_workspace(store)
    other = open_store(tmp_path / "other")
    try:
        import_workspace(other, exported)
        assert export_workspace(other) == exported
        rows = {
            r.title: r
            for r in search(other, LibraryQuery(sources=frozenset({Library.PARTNER}))).rows
        }
    finally:
        other.close()
    board = rows["HRA Board cyber checklist"]
    assert (board.price, board.published, board.locked) == (Decimal("99.50"), True, False)
    kit = rows["HRA Ransomware readiness workshop kit"]
    assert (kit.price, kit.published, kit.locked) == (None, False, True)


# -- the first page of a text search: walk or sort, it is the title order's first page ------


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A few hundred demo items (the open library's variants and the partner's own)."""
    from advisor_desk.services.demo import make_demo

    opened = open_store(tmp_path_factory.mktemp("many"))
    make_demo(opened, clients=2, content=400, seed=3)
    yield opened
    opened.close()


def brute_force(store: Store, query: LibraryQuery) -> list[str]:
    """Every match's id in title order, the plain way: all matches sorted."""
    match = match_expression(query.text)
    where, params = ["s.id IN (SELECT rowid FROM content_fts WHERE content_fts MATCH ?)"], [match]
    if query.sources:
        where.append(f"s.library IN ({', '.join('?' * len(query.sources))})")
        params += [source.value for source in query.sources]
    if query.published is not None:
        where.append("s.published" if query.published else "NOT s.published")
    direction = " DESC" if query.descending else ""
    with store.read() as session:
        return list(
            session.connection()
            .exec_driver_sql(
                f"SELECT s.item_id FROM content_search AS s WHERE {' AND '.join(where)}"
                f" ORDER BY s.title COLLATE NOCASE{direction}, s.id{direction}",
                tuple(params),
            )
            .scalars()
        )


TYPED = ("iso 27001 gap", "privacy health", "hra board", "r", "s", "c")
PLANS = {  # (WALK_SHARE, WALK_MIN, SORT_BELOW): what the few hundred items go through
    "as shipped": (library.WALK_SHARE, library.WALK_MIN, library.SORT_BELOW),
    "always walk": (0.0, 10_000, 0),
    "walk, give up soon": (0.0, 3, 0),
}


@pytest.mark.parametrize("plan", PLANS)
@pytest.mark.parametrize("descending", [False, True])
def test_the_first_page_is_the_title_orders_with_the_right_count(
    many: Store, monkeypatch: pytest.MonkeyPatch, plan: str, descending: bool
) -> None:
    for name, value in zip(("WALK_SHARE", "WALK_MIN", "SORT_BELOW"), PLANS[plan], strict=True):
        monkeypatch.setattr(library, name, value)
    facets = [
        {},
        {"sources": frozenset({Library.OPEN})},
        {"published": True, "sources": frozenset({Library.PARTNER})},
    ]
    for extra in facets:
        for phrase in TYPED:
            wider: SearchResult | None = None
            for n in range(1, len(phrase) + 1):
                query = LibraryQuery(text=phrase[:n], descending=descending, **extra)  # type: ignore[arg-type]
                expected = brute_force(many, query)
                start = None  # what the browser passes while typing on
                if wider is not None and wider.rows and narrows(query, wider.query):
                    start = wider.rows[0].title
                for hint in (None, start):
                    got = search(many, query, limit=7, start=hint)
                    assert got.total == len(expected), (query, hint)
                    assert [row.id for row in got.rows] == expected[:7], (query, hint)
                second = search(many, query, offset=7, limit=7)
                assert [row.id for row in second.rows] == expected[7:14], query
                wider = got


def test_narrowing_and_same_search() -> None:
    iso = LibraryQuery(text="iso")
    assert narrows(LibraryQuery(text="iso 27"), iso)
    assert narrows(LibraryQuery(text="isoc"), iso)
    assert narrows(LibraryQuery(text="27001 iso/iec"), iso)
    assert narrows(iso, LibraryQuery())
    assert not narrows(LibraryQuery(text="is"), iso)
    assert not narrows(LibraryQuery(text="iso", published=True), iso)  # facets: not here
    assert not narrows(LibraryQuery(text="iso 27", descending=True), iso)
    assert same_search(LibraryQuery(text="iso "), iso)
    assert same_search(LibraryQuery(text=" iso, "), iso)
    assert not same_search(LibraryQuery(text="iso 2"), iso)
    assert not same_search(LibraryQuery(text="iso", tags=frozenset({"isms"})), iso)
