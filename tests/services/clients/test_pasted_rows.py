"""Rows pasted into the onboarding wizard's members page: one splitter (services.tabular
.read_pasted) that keeps quoted cells whole, whatever the delimiter and line ends."""

from __future__ import annotations

import pytest

from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.services.clients.onboarding import NewMember
from advisor_desk.services.clients.onboarding_review import parse_member_rows
from advisor_desk.services.tabular import read_pasted


def test_a_quoted_comma_stays_in_its_cell() -> None:
    pasted = '"Ng, Kim",kim@umbrella.example,JR\n"Park, Lee",lee@umbrella.example\n'
    assert parse_member_rows(pasted) == [
        NewMember("kim@umbrella.example", "Ng, Kim", LicenseTier.JUST_RISK),
        NewMember("lee@umbrella.example", "Park, Lee", None),
    ]


def test_tabs_from_a_spreadsheet_win_over_commas_in_cells() -> None:
    # Excel and LibreOffice copy cells tab-separated, CRLF between rows; a name may hold a
    # comma (the first line has as many commas as tabs).
    pasted = "Ng, Kim\tkim@umbrella.example\r\nPark, Lee\tlee@umbrella.example\tfree\r\n"
    assert parse_member_rows(pasted) == [
        NewMember("kim@umbrella.example", "Ng, Kim", None),
        NewMember("lee@umbrella.example", "Park, Lee", LicenseTier.FREE),
    ]


def test_quoted_cells_keep_tabs_quotes_and_line_breaks() -> None:
    pasted = '"Kim ""KJ""\tNg"\tkim@umbrella.example\r\n"Lee\r\nPark"\tlee@umbrella.example\r\n'
    rows = [cells for _, cells in read_pasted(pasted).rows]
    assert rows == [
        ['Kim "KJ"\tNg', "kim@umbrella.example"],
        ["Lee\nPark", "lee@umbrella.example"],
    ]


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
def test_any_line_end_and_a_header_and_blank_rows(end: str) -> None:
    pasted = end.join(["Name,Email,Tier", "", "Kim Ng,kim@umbrella.example,R&C", ""])
    assert parse_member_rows(pasted) == [
        NewMember("kim@umbrella.example", "Kim Ng", LicenseTier.RISK_COMPLIANCE)
    ]


def test_the_email_may_come_first_and_an_unknown_tier_is_kept_as_typed() -> None:
    assert parse_member_rows("kim@umbrella.example;Kim Ng;gold") == [
        NewMember("kim@umbrella.example", "Kim Ng", "gold")
    ]
