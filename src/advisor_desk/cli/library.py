"""`advisor-desk library list|search|add|edit|push`: the content library, scriptable.

`add_commands` builds the parser (cheap: argparse only); each handler imports its services
when its command runs. Items, clients and templates are named by title/name.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from advisor_desk.cli.common import opened_store, out, read_bytes

if TYPE_CHECKING:
    from advisor_desk.services.library.search import LibraryQuery, LibraryRow

KINDS = (
    "framework",
    "control_set",
    "assessment_template",
    "risk_library",
    "policy",
    "playbook",
)


CHARGING = ("monthly", "once")


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    library = commands.add_parser("library", help="the open and partner content libraries")
    sub = library.add_subparsers(dest="library_command", metavar="COMMAND")
    sub.required = True

    listing = sub.add_parser("list", help="list items (filtered by the options)")
    _filters(listing)
    listing.set_defaults(handler="library:list_")

    search = sub.add_parser("search", help="items whose title, description or tags match TEXT")
    search.add_argument("text", metavar="TEXT")
    _filters(search)
    search.set_defaults(handler="library:search")

    add = sub.add_parser("add", help="upload a file as a partner item, or copy an open item")
    add.add_argument("file", nargs="?", metavar="FILE", help="PDF, DOCX, XLSX, CSV or JSON")
    add.add_argument("--copy", metavar="TITLE", help="copy this open-library item instead")
    add.add_argument("--title", metavar="T", help="default: the file's name, or the copied title")
    add.add_argument("--kind", choices=KINDS, help="needed with a file; a copy keeps its own")
    add.add_argument("--version", metavar="V", help="default: 1.0, or the copied version")
    add.add_argument("--tags", metavar="A,B", help="default: none, or the copied tags")
    add.add_argument("--price", metavar="P")
    add.add_argument("--charging", choices=CHARGING, help="a priced item: monthly or once")
    add.add_argument("--description", metavar="D")
    add.add_argument("--publish", action="store_true", help="show it in the library at once")
    add.set_defaults(handler="library:add")

    edit = sub.add_parser("edit", help="change a partner item: title, price, publish, lock")
    edit.add_argument("item", metavar="ITEM", help="the item's title")
    edit.add_argument("--title", metavar="T", help="a new title")
    price = edit.add_mutually_exclusive_group()
    price.add_argument("--price", metavar="X", help="the price in the partner's currency")
    price.add_argument("--no-price", action="store_true", help="free: no price")
    edit.add_argument("--charging", choices=CHARGING, help="a priced item: monthly or once")
    edit.add_argument("--price-from", metavar="YYYY-MM", help="the month a new price applies from")
    edit.add_argument("--description", metavar="D")
    edit.add_argument("--tags", metavar="A,B", help="the tags (replacing the ones it has)")
    _on_off(edit, "publish", "unpublish", "published", "show it in the library", "hide it")
    _on_off(edit, "lock", "unlock", "locked", "lock it against changes", "unlock it")
    edit.set_defaults(handler="library:edit")

    push = sub.add_parser("push", help="give items to clients and add them to templates")
    push.add_argument("titles", nargs="+", metavar="TITLE")
    push.add_argument("--client", action="append", default=[], metavar="NAME")
    push.add_argument("--template", action="append", default=[], metavar="NAME")
    push.set_defaults(handler="library:push")


def _on_off(
    parser: argparse.ArgumentParser, on: str, off: str, dest: str, on_help: str, off_help: str
) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument(f"--{on}", dest=dest, action="store_const", const=True, help=on_help)
    group.add_argument(f"--{off}", dest=dest, action="store_const", const=False, help=off_help)


def _filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source", choices=("open", "partner"), action="append", default=[])
    parser.add_argument("--kind", choices=KINDS, action="append", default=[])
    parser.add_argument("--tag", action="append", default=[], metavar="TAG")
    parser.add_argument("--published", choices=("yes", "no"))
    parser.add_argument("--priced", choices=("yes", "no"))
    parser.add_argument(
        "--sort",
        choices=("title", "kind", "library", "item_version", "price", "published", "clients"),
        default="title",
    )
    parser.add_argument("--limit", type=int, default=100, metavar="N", help="0 for all")
    parser.add_argument("--format", choices=("table", "json"), default="table")


def _query(args: argparse.Namespace, text: str = "") -> LibraryQuery:
    from advisor_desk.domain.licenses import ContentKind
    from advisor_desk.services.library.content import Library
    from advisor_desk.services.library.search import LibraryQuery, SortKey

    def yes_no(value: str | None) -> bool | None:
        return None if value is None else value == "yes"

    return LibraryQuery(
        text=text,
        sources=frozenset(Library(s) for s in args.source),
        kinds=frozenset(ContentKind(k) for k in args.kind),
        tags=frozenset(args.tag),
        published=yes_no(args.published),
        priced=yes_no(args.priced),
        sort=SortKey(args.sort),
    )


def list_(args: argparse.Namespace) -> int:
    return _show(args, _query(args))


def search(args: argparse.Namespace) -> int:
    return _show(args, _query(args, args.text))


def _show(args: argparse.Namespace, query: LibraryQuery) -> int:
    from advisor_desk.services.library.search import search as run_search

    with opened_store(args) as store:
        result = run_search(store, query, limit=args.limit if args.limit > 0 else -1)
    rows = result.rows
    if args.format == "json":
        out(json.dumps({"total": result.total, "items": [_json(r) for r in rows]}, indent=2))
        return 0
    for row in rows:
        price = "" if row.price is None else f"{row.price:.2f}"
        flags = ("published" if row.published else "draft") + (" locked" if row.locked else "")
        out(
            f"{row.title[:60]:<60}  {row.library.value:<7}  {row.kind.value:<19}  "
            f"{row.version[:10]:<10}  {price:>9}  {flags:<16}  {row.clients:>4}"
        )
    more = f" (showing {len(rows)})" if len(rows) < result.total else ""
    out(f"{result.total} item(s){more}")
    return 0


def _json(row: LibraryRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "title": row.title,
        "library": row.library.value,
        "kind": row.kind.value,
        "version": row.version,
        "price": None if row.price is None else f"{row.price:.2f}",
        "published": row.published,
        "locked": row.locked,
        "tags": list(row.tags),
        "clients": row.clients,
    }


def add(args: argparse.Namespace) -> int:
    from advisor_desk.cli.errors import CommandError
    from advisor_desk.domain.licenses import ContentKind
    from advisor_desk.services.library import content
    from advisor_desk.services.library.push import resolve_names
    from advisor_desk.services.library.upload import copy_from_open_library, upload_item
    from advisor_desk.services.validation import split_words

    if (args.file is None) == (args.copy is None):
        raise CommandError("give either a FILE to upload or --copy TITLE, not both")
    with opened_store(args) as store:
        if args.copy is not None:
            source = resolve_names(store, [args.copy]).item_ids[0]
            if args.kind is not None and args.kind != _kind_of(store, source):
                raise CommandError(f"--kind: a copy keeps the kind of {args.copy!r}")
            item = copy_from_open_library(
                store,
                source,
                title=args.title,
                price=args.price,
                published=args.publish,
                description=args.description,
                version=args.version,
                tags=None if args.tags is None else split_words(args.tags),
            )
            out(f"added {item.title} to the partner library")
        else:
            if args.kind is None:
                raise CommandError("--kind is needed with a file")
            made = upload_item(
                store,
                file_name=Path(args.file).name,
                data=read_bytes(args.file),
                title=args.title or Path(args.file).stem,
                kind=ContentKind(args.kind),
                version=args.version or "1.0",
                description=args.description or "",
                tags=split_words(args.tags or ""),
                price=args.price,
            )
            item = made.item
            entries = "provision or question" if made.entries == 1 else "provisions or questions"
            read = f" ({made.entries} {entries})" if made.entries else ""
            out(f"uploaded {made.file_name} as {item.title}{read}")
            if args.publish:
                item = content.edit_item(store, item.id, published=True)
        if args.charging is not None:
            item = content.edit_item(store, item.id, charging=args.charging)
        if item.published:
            out(f"published {item.title}")
    return 0


def edit(args: argparse.Namespace) -> int:
    from advisor_desk.cli.errors import CommandError
    from advisor_desk.domain.money import format_money
    from advisor_desk.services.library import content
    from advisor_desk.services.library.content import partner_currency
    from advisor_desk.services.library.push import resolve_names
    from advisor_desk.services.validation import split_words

    changes: dict[str, object] = {
        name: value
        for name, value in (
            ("title", args.title),
            ("price", "" if args.no_price else args.price),
            ("description", args.description),
            ("tags", None if args.tags is None else split_words(args.tags)),
            ("published", args.published),
            ("locked", args.locked),
            ("charging", args.charging),
        )
        if value is not None
    }
    if args.price_from is not None:
        if "price" not in changes:
            raise CommandError("--price-from goes with --price or --no-price")
        changes["price_from"] = args.price_from
    if not changes:
        raise CommandError(
            "nothing to change: give --title, --price/--no-price, --description, --tags, "
            "--publish/--unpublish or --lock/--unlock"
        )
    with opened_store(args) as store:
        item_id = resolve_names(store, [args.item]).item_ids[0]
        item = content.edit_item(store, item_id, **changes)
        currency = partner_currency(store)
    price = "no price" if item.price is None else f"price {format_money(item.price, currency)}"
    state = ("published" if item.published else "unpublished") + (", locked" if item.locked else "")
    out(f"{item.title}: {price}, {state}")
    if args.charging is not None:
        out(f"{item.title}: charged {item.charging}")
    return 0


def _kind_of(store: Any, item_id: str) -> str:
    from advisor_desk.store.models import ContentItem

    with store.read() as session:
        row = session.get(ContentItem, item_id)
        return "" if row is None else str(row.kind)


def push(args: argparse.Namespace) -> int:
    from advisor_desk.services.library.push import push_items, resolve_names

    with opened_store(args) as store:
        targets = resolve_names(store, args.titles, clients=args.client, templates=args.template)
        summary = push_items(
            store,
            targets.item_ids,
            client_ids=targets.client_ids,
            template_ids=targets.template_ids,
        )
    out(
        f"pushed {summary.items} item(s) to {summary.clients} client(s) and "
        f"{summary.templates} template(s): {summary.added} added, by {summary.pushed_by}"
    )
    return 0
