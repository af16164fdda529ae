"""The workspace file's pydantic errors in our words: each becomes a `(JSON path, message)`
problem — `clients[3].members[0].email`, `missing key "name"`, `expected a list, got a
string` (used by `fields.read`)."""

from __future__ import annotations

from typing import Any

import pydantic

from advisor_desk.services.workspace.checks import at, json_kind

HERE = "\x00here\x00"  # in a message: the path of the record whose check raised it


def problems_of(error: pydantic.ValidationError, path: str, root: str) -> list[tuple[str, str]]:
    out = []
    for e in error.errors(include_url=False, include_context=True):
        *parents, last = e["loc"] or ("",)
        parent = path
        for key in parents:
            parent = at(parent, key)
        where = at(parent, last) if e["loc"] else path
        kind, value = e["type"], e.get("input")
        if kind == "workspace":
            for suffix, message in e["ctx"]["problems"]:
                out.append((where + suffix or root, message.replace(HERE, where)))
        elif kind == "missing":
            out.append((parent or root, f'missing key "{last}"'))
        else:
            out.append((where or root, _message(kind, value, e)))
    return out


_EXPECTED = {
    "model_type": "an object",
    "dict_type": "an object",
    "list_type": "a list",
    "string_type": "a string",
    "int_type": "a whole number",
    "bool_type": "true or false",
}


def _message(kind: str, value: object, error: Any) -> str:
    if kind == "extra_forbidden":
        return "unknown key"
    if kind in _EXPECTED:
        return f"expected {_EXPECTED[kind]}, got {json_kind(value)}"
    if kind == "greater_than_equal":
        return f"{value} is less than {error['ctx']['ge']}"
    return str(error["msg"])
