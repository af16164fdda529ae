"""The permission table on the command line: a command the role of whoever works on this
laptop may not run (services/whoami.py: the signed-in advisor, or standalone the store's
owner) is refused before it runs — exit 1, one line with the table's words."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from advisor_desk.domain.permissions import Action

# handler -> the action it performs (a callable: the action for these arguments, or None)
Rule = Action | Callable[[argparse.Namespace], Action | None]


def _library_edit(args: argparse.Namespace) -> Action:
    pricing = any(getattr(args, name, None) for name in ("price", "charging", "price_from"))
    return Action.LIBRARY_PRICE if pricing else Action.LIBRARY_PUBLISH


def _library_add(args: argparse.Namespace) -> Action:
    pricing = any(getattr(args, name, None) for name in ("price", "charging"))
    return Action.LIBRARY_PRICE if pricing else Action.LIBRARY_PUBLISH


COMMAND_ACTIONS: dict[str, Rule] = {
    "workspace:clients_import": Action.CREATE_CLIENT,
    "workspace:onboard": Action.CREATE_CLIENT,
    "bizdev:onboard": Action.CREATE_CLIENT,
    "billing:show": Action.BILLING,
    "invoices:draft": Action.ISSUE_DOCUMENTS,
    "invoices:issue": Action.ISSUE_DOCUMENTS,
    "invoices:credit": Action.ISSUE_DOCUMENTS,
    "invoices:adjust": Action.ISSUE_DOCUMENTS,
    "library:add": _library_add,
    "library:edit": _library_edit,
    "library:push": Action.LIBRARY_PUSH,
    "access_log:show": Action.ACCESS_LOG,
}
# Whole commands (their first word): every subcommand but listing is the action.
COMMAND_WORDS: dict[str, Action] = {"advisors": Action.MANAGE_ADVISORS}
READ_ONLY = ("list", "show")


def action_of(args: argparse.Namespace) -> Action | None:
    handler = getattr(args, "handler", None)
    rule = COMMAND_ACTIONS.get(handler) if isinstance(handler, str) else None
    if rule is not None:
        return rule if isinstance(rule, Action) else rule(args)
    word = getattr(args, "command", None)
    if word in COMMAND_WORDS:
        verb = str(getattr(args, f"{word}_command", "") or "")
        return None if verb in READ_ONLY else COMMAND_WORDS[word]
    return None


def refusal(args: argparse.Namespace) -> str | None:
    """The words refusing this command to whoever works here (None: it may run)."""
    action = action_of(args)
    if action is None:
        return None
    from advisor_desk.cli.common import opened_store
    from advisor_desk.domain.permissions import refusal as table_refusal
    from advisor_desk.services.whoami import whoami

    with opened_store(args) as store, store.read() as session:
        me = whoami(session)
    words = table_refusal(me.role, action)
    return None if words is None else f"{words} (you are {me.described})"
