"""The same snapshot gives the same bytes, so an issued document's SHA-256 can be checked."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader

from advisor_desk.domain.documents import DocumentKind
from advisor_desk.domain.periods import Period
from advisor_desk.domain.snapshot import Snapshot
from advisor_desk.invoices import samples
from advisor_desk.invoices.pdf import render_pdf
from advisor_desk.services.billing import documents, issuing, partners
from advisor_desk.store.engine import Store
from advisor_desk.store.models import Document
from tests.helpers.worked_example import build_worked_example
from tests.invoices.conftest import pages_text

NOV = Period(2026, 11)
RENDER_IN_A_NEW_PROCESS = """
import hashlib, json, sys
from advisor_desk.invoices.pdf import render_pdf
print(hashlib.sha256(render_pdf(json.loads(sys.stdin.read()))).hexdigest())
"""


def _sha256_in_a_new_process(script: str, snapshot: Snapshot) -> str:
    """The SHA-256 a fresh interpreter running `script` prints for `snapshot`."""
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=snapshot.to_json(),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout.strip()


def logo_png() -> bytes:
    image = Image.new("RGBA", (300, 120), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((6, 10, 106, 110), fill=(20, 70, 130, 255))
    draw.rectangle((120, 40, 290, 80), fill=(20, 70, 130, 255))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def documents_to_check() -> list[Snapshot]:
    return [
        samples.consolidated(80, world=True),
        samples.consolidated(20, issued=False),
        samples.resale_invoice(logo_png=logo_png()),
        samples.referral_statement(world=True),
        samples.credit_note(locale="de_DE"),
    ]


def test_the_same_snapshot_renders_to_the_same_bytes() -> None:
    for snapshot in documents_to_check():
        first = render_pdf(snapshot)
        render_pdf(samples.referral_statement(world=True))  # other fonts loaded meanwhile
        assert render_pdf(json.loads(snapshot.to_json())) == first, snapshot.kind
        assert render_pdf(Snapshot.from_json(snapshot.to_json())) == first, snapshot.kind


def test_a_new_process_renders_the_same_bytes() -> None:
    snapshot = samples.consolidated(40, world=True)
    snapshot = replace(snapshot, logo_png=logo_png())
    expected = hashlib.sha256(render_pdf(snapshot)).hexdigest()
    assert _sha256_in_a_new_process(RENDER_IN_A_NEW_PROCESS, snapshot) == expected


def test_the_accelerators_change_no_byte() -> None:
    """rl-accel (reportlab's C helpers) renders faster; the bytes, and so the SHA-256 of
    documents issued before it was installed, stay the same."""
    pytest.importorskip("_rl_accel")
    snapshot = replace(samples.consolidated(40, world=True), logo_png=logo_png())
    expected = hashlib.sha256(render_pdf(snapshot)).hexdigest()
    without = "import sys; sys.modules['_rl_accel'] = None\n" + RENDER_IN_A_NEW_PROCESS
    assert _sha256_in_a_new_process(without, snapshot) == expected


def test_keeping_font_subsets_changes_no_byte() -> None:
    """Each embedded font subset is made and deflated once per process
    (invoices/font_cache.py); the documents after the first are the bytes reportlab's own
    fonts give, so SHA-256s recorded before the cache still match."""
    snapshots = [samples.resale_invoice(), samples.consolidated(30, world=True)]
    for snapshot in snapshots:
        render_pdf(snapshot)  # the subsets of these documents are now kept
    kept = [hashlib.sha256(render_pdf(s)).hexdigest() for s in snapshots]
    plain = (
        "import advisor_desk.invoices.fonts as fonts, advisor_desk.invoices.fallback as fb\n"
        "from reportlab.pdfbase.ttfonts import TTFont\n"
        "fonts.subset_keeping_font = fb.subset_keeping_font = "
        "lambda name, path, index=0: TTFont(name, path, subfontIndex=index)\n"
        + RENDER_IN_A_NEW_PROCESS
    )
    for snapshot, expected in zip(snapshots, kept, strict=True):
        assert _sha256_in_a_new_process(plain, snapshot) == expected, snapshot.kind


@pytest.fixture
def issued(store: Store, monkeypatch: pytest.MonkeyPatch) -> Store:
    """The worked example with resale settings (and a logo), every document issued."""
    build_worked_example(store, monkeypatch)
    partners.save_resale_settings(
        store,
        just_risk="45.00",
        risk_compliance="95.00",
        tax_rate="0.10",
        legal_name="Harbour Risk Advisory Pty Ltd",
        tax_number="12 345 678 901",
        address="Suite 4, 88 George Street\nThe Rocks NSW 2000",
        bank_details="BSB 062-000 · Account 1234 5678",
        invoice_prefix="HRA-",
        payment_terms_days=30,
        logo_png=logo_png(),
    )
    monkeypatch.setenv("ADVISOR_DESK_TODAY", "2026-12-01")
    issuing.issue_period(store, NOV)
    (resale,) = documents.draft_documents(store, NOV, kind=DocumentKind.RESALE_INVOICE)
    documents.add_line(store, resale.id, "Advisory hours", "2.5", "220.00")
    issuing.issue_documents(store, [resale.id])
    issuing.credit_note(store, "INV-000002", "10.00")
    return store


def _issued_rows(store: Store) -> list[Document]:
    with store.read() as session:
        rows = session.query(Document).filter(Document.status == "issued").all()
        session.expunge_all()
        return rows


def test_every_issued_document_re_renders_to_its_stored_sha256(
    issued: Store, data_dir: Path
) -> None:
    rows = _issued_rows(issued)
    assert {r.number for r in rows} == {
        "INV-000001",
        "INV-000002",
        "RS-000001",
        "HRA-000001",
        "CN-000001",
    }
    for row in rows:
        assert row.snapshot_json
        assert row.pdf_file
        stored = (data_dir / "invoices" / row.pdf_file).read_bytes()
        assert hashlib.sha256(stored).hexdigest() == row.pdf_sha256
        again = render_pdf(json.loads(row.snapshot_json))
        assert hashlib.sha256(again).hexdigest() == row.pdf_sha256, row.number


def test_the_worked_example_agrees_to_the_cent_in_the_pdfs(issued: Store) -> None:
    def text(number: str) -> str:
        pdf = issuing.document_pdf(issued, number=number).content
        return " ".join(" ".join(pages_text(pdf)).split())

    consolidated = text("INV-000001")
    for figure in ("$240.00", "$316.00", "$556.00", "$55.60", "$611.60", "Acme", "Subtotal"):
        assert figure in consolidated
    assert "Harbour Risk Advisory Pty Ltd" in consolidated  # the partner's legal details
    birch = text("INV-000002")
    assert "$70.00" in birch
    assert "$7.00" in birch
    assert "$77.00" in birch
    statement = text("RS-000001")
    assert "$63.20" in statement
    assert "$14.00" in statement
    assert "$77.20" in statement
    note = text("CN-000001")
    assert "-$10.00" in note
    assert "-$1.00" in note
    assert "-$11.00" in note
    assert "INV-000002" in note


def test_a_partner_invoice_carries_the_logo_and_the_partners_terms(issued: Store) -> None:
    rendered = issuing.document_pdf(issued, number="HRA-000001").content
    page = PdfReader(io.BytesIO(rendered)).pages[0]
    images = [
        x for x in page["/Resources"]["/XObject"].values() if x.get_object()["/Subtype"] == "/Image"
    ]
    assert len(images) == 1
    text = " ".join(pages_text(rendered)[0].split())
    assert "Harbour Risk Advisory Pty Ltd" in text
    assert "Tax number 12 345 678 901" in text
    assert "30 days" in text
    assert "BSB 062-000" in text
    assert "$550.00" in text  # 2.5 advisory hours × $220.00
