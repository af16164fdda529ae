"""`demo`, `export`, `import`, `clients import`, `onboard`: a workspace in and out."""

from __future__ import annotations

import argparse
from dataclasses import asdict, is_dataclass
from pathlib import Path

from advisor_desk.cli.common import (
    Progress,
    opened_store,
    out,
    read_bytes,
    write_bytes,
)


def demo(args: argparse.Namespace) -> int:
    from advisor_desk.services.demo import make_demo

    progress = Progress()
    with opened_store(args) as store:
        try:
            made = make_demo(
                store,
                clients=args.clients,
                content=args.content,
                seed=args.seed,
                progress=progress,
            )
        finally:
            progress.finish()
    out(_describe("demo workspace made", made))
    return 0


def export(args: argparse.Namespace) -> int:
    from advisor_desk.services.workspace import export_workspace

    with opened_store(args) as store:
        content = export_workspace(store)
    write_bytes(args.file, content)
    out(f"exported to {args.file}")
    return 0


def import_(args: argparse.Namespace) -> int:
    from advisor_desk.services.workspace import import_workspace

    data = read_bytes(args.file)
    with opened_store(args) as store:
        summary = import_workspace(store, data, merge=args.merge, source=Path(args.file).name)
    out(_describe(f"imported {args.file}", summary))
    return 0


def clients_import(args: argparse.Namespace) -> int:
    from advisor_desk.services.clients.csv_import import import_clients_csv

    data = read_bytes(args.file)  # CSV in UTF-8 or Windows-1252, or .xlsx: services.tabular
    with opened_store(args) as store:
        summary = import_clients_csv(store, data, source=Path(args.file).name)
    out(_describe(f"imported {args.file}", summary))
    return 0


def onboard(args: argparse.Namespace) -> int:
    from advisor_desk.services.clients.onboarding import NewClient, onboard_client
    from advisor_desk.services.clients.onboarding_review import review_onboarding

    address = (args.address or "").replace("\\n", "\n")  # one argument, several lines
    with opened_store(args) as store:
        plan = review_onboarding(
            store, NewClient(name=args.name, template=args.template, domain=args.domain or "")
        )
        client = onboard_client(
            store, template=args.template, name=args.name, domain=args.domain, address=address
        )
    made = [
        (len(plan.content), "content item"),
        (len(plan.risks), "starter risk"),
        (len(plan.assessments), "assessment"),
        (len(plan.advisors), "advisor"),
    ]
    detail = ", ".join(f"{n} {word}{'' if n == 1 else 's'}" for n, word in made)
    version = f" version {plan.template_version}" if plan.template_version else ""
    out(f"onboarded {getattr(client, 'name', args.name)} from {args.template}{version} ({detail})")
    return 0


def _describe(title: str, result: object) -> str:
    lines = getattr(result, "lines", None)
    if callable(lines):
        return "\n".join([title, *(f"  {line}" for line in lines())])
    if not is_dataclass(result) or isinstance(result, type):
        return title
    facts = ", ".join(
        f"{key}: {value}"
        for key, value in asdict(result).items()
        if isinstance(value, int | str) and not isinstance(value, bool)
    )
    return f"{title} ({facts})" if facts else title
