"""`invoice credit --reason`: why a credit note was issued is printed on it."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from tests.cli.conftest import Run


def test_a_credit_notes_reason_is_printed_on_it(
    run_cli: Run, workspace_file: Path, tmp_path: Path
) -> None:
    assert run_cli("import", str(workspace_file)).returncode == 0
    assert run_cli("invoice", "issue", "--period", "2026-11").returncode == 0
    reason = "Two Just Risk seats billed twice"
    credit = run_cli("invoice", "credit", "INV-000002", "--amount", "10.00", "--reason", reason)
    assert credit.returncode == 0, credit.stderr
    out = tmp_path / "cn.pdf"
    assert run_cli("invoice", "pdf", "CN-000001", "--out", str(out)).returncode == 0
    text = " ".join(page.extract_text() for page in PdfReader(out).pages)
    assert reason in " ".join(text.split())
