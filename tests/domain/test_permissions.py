"""The permission table: every action has a rule for every role, said in words."""

from __future__ import annotations

import pytest

from advisor_desk.domain.permissions import (
    TABLE,
    Action,
    Role,
    can,
    parse_role,
    reason,
    refusal,
    role_label,
    write_action,
)

ROWS = [(role, action) for action in Action for role in Role]


def test_every_action_has_a_row_and_administrators_may_do_everything() -> None:
    assert set(TABLE) == set(Action)
    assert all(can(Role.ADMINISTRATOR, action) for action in Action)


@pytest.mark.parametrize(("role", "action"), ROWS)
def test_refusal_is_the_reason_exactly_when_the_role_may_not(role: Role, action: Action) -> None:
    words = reason(role, action)
    assert words.startswith("only ")
    assert " can " in words
    assert refusal(role, action) == (None if role in TABLE[action] else words)
    assert can(role.value, action) is (role in TABLE[action])  # the stored value works too


def test_the_issue_s_rows() -> None:
    assert reason(Role.ADVISOR, Action.MANAGE_ADVISORS).startswith(
        "only administrators can add advisors"
    )
    for action in (Action.BILLING, Action.PARTNER_SETTINGS, Action.CREATE_CLIENT):
        assert not can(Role.ADVISOR, action)
    assert can(Role.POWER_USER, Action.CREATE_CLIENT)
    assert not can(Role.POWER_USER, Action.MANAGE_ADVISORS)
    assert can(Role.ADVISOR, Action.REVIEWS)
    assert not can(None, Action.REVIEWS)  # nobody known: no rights
    assert not can("owner", Action.REVIEWS)


def test_roles_parse_from_values_and_labels_alike() -> None:
    assert parse_role("power_user") is Role.POWER_USER
    assert parse_role("Power user") is Role.POWER_USER
    assert parse_role("power-user") is Role.POWER_USER
    assert role_label("power_user") == "Advisor Power User"
    assert parse_role("Advisor User") is Role.ADVISOR
    with pytest.raises(ValueError, match="not a role"):
        parse_role("superuser")


def test_pushed_changes_map_to_actions() -> None:
    assert write_action("advisor", "insert") is Action.MANAGE_ADVISORS
    assert write_action("advisor_access", "delete") is Action.MANAGE_ACCESS
    assert write_action("client", "insert") is Action.CREATE_CLIENT
    assert write_action("client", "update", {"name"}) is None
    assert write_action("client", "update", {"archived"}) is Action.ARCHIVE_CLIENT
    assert write_action("content_item", "update", {"price"}) is Action.LIBRARY_PRICE
    assert write_action("content_item", "update", {"title"}) is Action.LIBRARY_PUBLISH
    assert write_action("library_push", "insert") is Action.LIBRARY_PUSH
    assert write_action("client_template", "insert") is Action.TEMPLATES
    assert write_action("member", "insert") is None
