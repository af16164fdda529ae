"""Whatever a file holds at any place, reading it ends in a ValidationError naming places of
the file, never in another exception (the old reader raised KeyError on a missing amount)."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest

from advisor_desk.services.errors import ValidationError
from advisor_desk.services.workspace import validate_workspace
from tests.services.workspace.test_workspace_plan_errors import _planned

Path = tuple[str | int, ...]
ODD = [None, "", " ", "x", 7, -1, 1.5, True, [], {}, [None, None], "2026-13-40", "-0.001"]


def _places(value: Any, path: Path = ()) -> Iterator[Path]:
    if path:
        yield path
    if isinstance(value, dict | list):
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, inner in items:
            yield from _places(inner, (*path, key))


def _at(data: Any, path: Path) -> tuple[Any, str | int]:
    for key in path[:-1]:
        data = data[key]
    return data, path[-1]


def _problems(data: dict[str, Any]) -> list[tuple[str, str]]:
    try:
        validate_workspace(data)
    except ValidationError as error:
        return error.problems
    return []


@pytest.mark.parametrize("odd", ODD, ids=repr)
def test_any_value_anywhere_is_a_problem_with_a_place_or_fine(
    ws_rich: dict[str, Any], odd: object
) -> None:
    planned = _planned(copy.deepcopy(ws_rich))
    for path in _places(planned):
        data = copy.deepcopy(planned)
        parent, key = _at(data, path)
        parent[key] = odd
        for place, message in _problems(data):
            assert place
            assert message


def test_a_missing_key_anywhere_is_named(ws_rich: dict[str, Any]) -> None:
    planned = _planned(copy.deepcopy(ws_rich))
    for path in _places(planned):
        if not isinstance(path[-1], str):
            continue
        data = copy.deepcopy(planned)
        parent, key = _at(data, path)
        del parent[key]
        problems = _problems(data)
        if problems and path[-1] in ("advisor_fee", "tax_rate", "referral_rate", "from"):
            assert (problems[0][1]) == f'missing key "{path[-1]}"', path
