"""A partner with clients on each tier, two risk libraries and an assessment template."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.services.ops import run_op
from advisor_desk.store.engine import Store

TODAY = "2026-05-14"

CYBER_CSV = (
    b"ref,title,description,domain,causes,impacts\n"
    b"CY-01,Ransomware,Files encrypted for ransom,Cyber,Phishing e-mail|Unpatched VPN,"
    b"Operations stop|Data loss\n"
    b"CY-02,Phishing,Staff tricked into giving credentials,Cyber,No training,Account takeover\n"
    b"CY-03,Insider data theft,Someone inside copies data,Cyber,Broad access,Privacy breach\n"
    b"CY-04,Lost laptop,A device is lost,Cyber,Travel,Data exposure\n"
)

ASSESSMENT_CSV = (
    b"ref,domain,text,type,options\n"
    b"Q1,Access,Is MFA on for every account?,choice,Yes=1|Partially=3|No=5|N/A=\n"
    b"Q2,Access,Are accounts reviewed?,choice,Yes=1|Sometimes=2|No=4\n"
    b"Q3,Backup,How often are backups tested?,choice,Daily=1|Weekly=2|Never=5\n"
    b"Q4,Backup,Where are backups kept?,text,\n"
    b"Q5,Patching,Are servers patched within 14 days?,choice,Yes=1|No=5\n"
)


@pytest.fixture
def bizdev(store: Store, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    from advisor_desk.services.billing.partners import create_partner
    from advisor_desk.services.bizdev.prospects import apply_set_client_contact
    from advisor_desk.services.bizdev.risk_libraries import (
        apply_upload_assessment_template,
        apply_upload_risk_library,
    )
    from advisor_desk.services.clients.teams import create_client
    from advisor_desk.services.people import members

    monkeypatch.setenv("ADVISOR_DESK_TODAY", TODAY)
    create_partner(store, name="Harbour Risk Partners")
    ids = {}
    for name, tier in (
        ("Free Co", LicenseTier.FREE),
        ("Risky Co", LicenseTier.JUST_RISK),
        ("Full Co", LicenseTier.RISK_COMPLIANCE),
        ("Quiet Co", LicenseTier.RISK_COMPLIANCE),
    ):
        client = create_client(store, name=name, created=dt.date(2026, 1, 1))
        ids[name] = client.id
        run_op(
            store,
            members.apply_add_member,
            client.id,
            email=f"it@{name.split()[0].lower()}.example",
            name="IT",
            tier=tier,
            start=dt.date(2026, 1, 1),
        )
        if name != "Quiet Co":
            run_op(
                store,
                apply_set_client_contact,
                name,
                name="Owner",
                email=f"owner@{name.split()[0].lower()}.example",
            )
    run_op(
        store,
        apply_upload_risk_library,
        file_name="cyber.csv",
        data=CYBER_CSV,
        title="Cyber risks",
        publish=True,
    )
    run_op(
        store,
        apply_upload_assessment_template,
        file_name="health.csv",
        data=ASSESSMENT_CSV,
        title="Cyber health check",
        publish=True,
    )
    return ids
