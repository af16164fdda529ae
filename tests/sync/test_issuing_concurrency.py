"""One draft issued by several callers at once gets one number (issue 12, item 2): the
server takes the partner's lock before it reads the draft, so the callers after the first
see it issued and get the same number. Numbers stay contiguous: none is burnt."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import select

from advisor_desk.domain.documents import DocumentKind
from advisor_desk.domain.periods import Period
from advisor_desk.server.db import open_db
from advisor_desk.services.billing import documents
from advisor_desk.store.models import Document
from tests.helpers.threads import WAIT_S, join_all
from tests.server.harness import Live
from tests.sync.issuing_env import laptop, own_server, post_issue, seeded_tenant

CALLERS = 4
ROUNDS = 8


def test_concurrent_callers_issue_each_draft_once(
    live: Live, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tenant = seeded_tenant(live, monkeypatch)
    with own_server(live, tmp_path / "server", workers=2) as server:
        a, token = laptop(tmp_path / "a", server, tenant.admin_email)
        try:
            numbers = []
            for month in range(1, ROUNDS + 1):
                (draft,) = documents.draft_documents(
                    a.store, Period(2026, month), kind=DocumentKind.CONSOLIDATED_INVOICE
                )
                a.sync()
                start = threading.Barrier(CALLERS)
                answers: list[tuple[int, dict[str, object]]] = []

                def call(
                    document_id: str = draft.id,
                    gate: threading.Barrier = start,
                    into: list[tuple[int, dict[str, object]]] = answers,
                ) -> None:
                    gate.wait(WAIT_S)
                    response = post_issue(server, token, document_id)
                    into.append((response.status_code, response.json()))

                threads = [threading.Thread(target=call, daemon=True) for _ in range(CALLERS)]
                for thread in threads:
                    thread.start()
                join_all(threads)
                assert [status for status, _ in answers] == [200] * CALLERS, answers
                assert {body["id"] for _, body in answers} == {draft.id}
                given = {body["number"] for _, body in answers}
                assert len(given) == 1, f"one draft got several numbers: {given}"
                numbers.append(given.pop())
            assert numbers == [f"INV-{n:06d}" for n in range(1, ROUNDS + 1)]
        finally:
            a.close()
    with (
        open_db(live.database.owner_url) as db,
        db.transaction(write=False, partner_id=tenant.partner_id) as session,
    ):
        issued = session.execute(
            select(Document.id, Document.number).where(
                Document.partner_id == tenant.partner_id,
                Document.number.is_not(None),
            )
        ).all()
    assert sorted(number for _, number in issued) == numbers  # each draft exactly one number
    assert len({row_id for row_id, _ in issued}) == ROUNDS
