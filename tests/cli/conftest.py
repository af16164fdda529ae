"""Run `advisor-desk` as a real subprocess, the way users and scripts do."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def run_cli(data_dir: Path) -> Run:
    def run(
        *args: str, today: str | None = None, stdin: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        # By default the command runs on the suite's pinned day, as the seeding did.
        env = dict(os.environ, PYTHONWARNINGS="ignore")
        if today is not None:
            env["ADVISOR_DESK_TODAY"] = today
        return subprocess.run(
            [sys.executable, "-m", "advisor_desk.app", "--data-dir", str(data_dir), *args],
            capture_output=True,
            text=True,
            env=env,
            input=stdin,
            timeout=120,
        )

    return run


def worked_example_workspace() -> dict[str, object]:
    """billing-rules.md's worked example as a workspace file."""
    rc = [["risk_compliance", "2026-01-10", None]]
    return {
        "format": "advisor-desk/workspace",
        "version": 1,
        "partner": {
            "name": "Harbour Risk Advisory",
            "timezone": "Australia/Sydney",
            "agreement": {
                "currency": "AUD",
                "advisor_fee": "120.00",
                "license_price": {"free": "0.00", "just_risk": "35.00", "risk_compliance": "79.00"},
                "referral_rate": "0.20",
                "tax_rate": "0.10",
                "from": "2026-01",
            },
        },
        "advisors": [
            {
                "email": "a@harbour.example",
                "name": "A",
                "role": "administrator",
                "active": [["2026-01-01", None]],
                "client_access": ["Acme"],
            },
            {
                "email": "b@harbour.example",
                "name": "B",
                "role": "advisor",
                "active": [["2026-01-01", "2026-11-03"]],
                "client_access": [],
            },
            {
                "email": "c@harbour.example",
                "name": "C",
                "role": "advisor",
                "active": [["2026-12-01", None]],
                "client_access": [],
            },
        ],
        "clients": [
            {
                "name": "Acme",
                "domain": "acme.example",
                "employees": 120,
                "billing_model": [["2026-01", "reseller"]],
                "created": "2026-01-10",
                "archived": None,
                "tags": ["manufacturing"],
                "members": [
                    *[
                        {"email": f"rc{i}@acme.example", "name": f"RC {i}", "licenses": rc}
                        for i in range(3)
                    ],
                    {
                        "email": "mo@acme.example",
                        "name": "Mo",
                        "licenses": [
                            ["just_risk", "2026-01-10", "2026-11-20"],
                            ["risk_compliance", "2026-11-20", None],
                        ],
                    },
                    *[
                        {
                            "email": f"f{i}@acme.example",
                            "name": f"F {i}",
                            "licenses": [["free", "2026-01-10", None]],
                        }
                        for i in range(4)
                    ],
                ],
                "content": [],
                "template": None,
            },
            {
                "name": "Birch",
                "domain": "birch.example",
                "employees": 15,
                "billing_model": [["2026-01", "direct"]],
                "created": "2026-01-10",
                "archived": None,
                "tags": ["retail"],
                "members": [
                    {
                        "email": f"jr{i}@birch.example",
                        "name": f"JR {i}",
                        "licenses": [["just_risk", "2026-01-10", None]],
                    }
                    for i in range(2)
                ],
                "content": [],
                "template": None,
            },
        ],
        "content": [],
        "templates": [],
        "documents": [],
    }


@pytest.fixture
def workspace_file(tmp_path: Path) -> Path:
    path = tmp_path / "workspace.json"
    path.write_text(json.dumps(worked_example_workspace(), indent=2), encoding="utf-8")
    return path
