"""The respondent's page `/r/{token}`: Jinja2 templates (server/templates, autoescaped),
plain CSS (server/static), no JavaScript. A review's risk cards or an assessment's questions,
one page per domain (at most PAGE_SIZE items a page); every button posts the form, which saves
the page's answers as a draft through the API's function; submitting shows a confirmation
page first; a submitted questionnaire shows read-only."""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from typing import Any
from urllib.parse import parse_qs, quote

from fastapi import FastAPI, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, PackageLoader, select_autoescape

from advisor_desk.domain.risk import IMPACT_LABELS, LIKELIHOOD_LABELS
from advisor_desk.server.db import ServerDB
from advisor_desk.services.bizdev import respond
from advisor_desk.services.errors import ValidationError

PAGE_SIZE = 10
STYLESHEET = resources.files("advisor_desk.server").joinpath("static/respond.css").read_text()
TEMPLATES = Environment(
    loader=PackageLoader("advisor_desk.server", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass
class Item:
    index: int
    ref: str
    title: str
    text: str = ""
    domain: str = ""
    causes: list[str] = field(default_factory=list)
    impacts: list[str] = field(default_factory=list)
    kind: str = "risk"  # "risk" | "choice" | "text"
    options: list[str] = field(default_factory=list)
    value: dict[str, Any] = field(default_factory=dict)


def items_of(q: dict[str, Any]) -> list[Item]:
    saved = {a["ref"]: a for a in q["answers"]}
    if q["kind"] == "review":
        return [
            Item(i, r["ref"], r["title"], r.get("description") or "", r.get("domain") or "",
                 list(r["causes"]), list(r["impacts"]), value=dict(saved.get(r["ref"], {})))
            for i, r in enumerate(q["risks"])
        ]  # fmt: skip
    return [
        Item(i, x["ref"], x["text"], domain=x.get("domain") or "",
             kind="text" if x["type"] == "text" else "choice", options=list(x["options"]),
             value=dict(saved.get(x["ref"], {})))
        for i, x in enumerate(q["questions"])
    ]  # fmt: skip


def pages_of(items: list[Item]) -> list[list[Item]]:
    """Consecutive items of one domain, at most PAGE_SIZE a page."""
    pages: list[list[Item]] = []
    for item in items:
        last = pages[-1] if pages else None
        if last is None or last[0].domain != item.domain or len(last) >= PAGE_SIZE:
            pages.append([item])
        else:
            last.append(item)
    return pages or [[]]


def _number(raw: str | None) -> Any:
    if raw is None or raw.strip() == "":
        return None
    return int(raw) if raw.strip().isdigit() else raw  # anything else: the rules name the ref


def posted_doc(kind: str, page: list[Item], form: dict[str, list[str]]) -> dict[str, Any]:
    """The answers document of the page's fields (only what the respondent filled in)."""

    def one(name: str) -> str | None:
        values = form.get(name)
        return values[0] if values else None

    entries: list[dict[str, Any]] = []
    for item in page:
        n = item.index
        if kind == "review":
            said = one(f"relevant-{n}")
            entry: dict[str, Any] = {"ref": item.ref}
            if said in {"yes", "no"}:
                entry["relevant"] = said == "yes"
            elif said:
                entry["relevant"] = said
            for name in ("likelihood", "impact"):
                level = _number(one(f"{name}-{n}"))
                if level is not None and entry.get("relevant") is not False:
                    entry[name] = level
            if len(entry) > 1:
                entries.append(entry)
        elif item.kind == "text":
            text = one(f"text-{n}")
            if text is not None and (text.strip() or item.value.get("text")):
                entries.append({"ref": item.ref, "text": text})
        else:
            choice = one(f"choice-{n}")
            if choice:
                entries.append({"ref": item.ref, "choice": choice})
    return {"risks": entries} if kind == "review" else {"answers": entries}


def saved_doc(q: dict[str, Any]) -> dict[str, Any]:
    """Everything saved so far as an answers document (what a confirmed submit sends)."""
    if q["kind"] == "review":
        risks = [{k: v for k, v in a.items() if v is not None} for a in q["answers"]]
        return {"risks": risks}
    return {"answers": list(q["answers"])}


def logo_uri(partner: Any) -> str | None:
    logo = getattr(partner, "logo_png", None)
    if not logo:
        return None
    return "data:image/png;base64," + base64.b64encode(logo).decode("ascii")


def render(name: str, status: int = 200, **values: Any) -> Response:
    from advisor_desk.server.respond import secured

    html = TEMPLATES.get_template(name).render(
        likelihood_labels=LIKELIHOOD_LABELS, impact_labels=IMPACT_LABELS, **values
    )
    return secured(HTMLResponse(html, status_code=status))


def gone() -> Response:
    return render("respond_gone.html", 404)


def _page_number(raw: str | None, count: int) -> int:
    number = int(raw) if raw and raw.isdigit() and len(raw) < 6 else 0
    return min(max(number, 0), count - 1)


def install_page(
    app: FastAPI, db: Callable[[], ServerDB], check_rate: Callable[[str, Request], Any]
) -> None:
    from advisor_desk.server.respond import opened

    def show(token: str, page_no: int, *, status: int = 200, confirm: bool = False,
             problems: list[tuple[str, str]] | None = None,
             posted: dict[str, Any] | None = None, saved: bool = False) -> Response:  # fmt: skip
        with opened(db(), token, write=False) as (session, target):
            if target is None:
                return gone()
            q = respond.questionnaire(session, target)
            logo = logo_uri(target.partner)
        items = items_of(q)
        for entry in (posted or {}).get("risks", []) + (posted or {}).get("answers", []):
            for item in items:
                if item.ref == entry.get("ref"):
                    item.value.update(entry)
        pages = pages_of(items)
        page_no = _page_number(str(page_no), len(pages))
        missing = [i for i in items if not _answered(q["kind"], i)]
        return render(
            "respond.html", status, q=q, logo=logo, items=items, pages=pages,
            page=pages[page_no], page_no=page_no, confirm=confirm, problems=problems or [],
            saved=saved, missing=missing, action=f"/r/{quote(token, safe='')}",
            partner_name=q["partner"], due_words=_day_words(q["due"]),
        )  # fmt: skip

    @app.get("/r/{token}", include_in_schema=False)
    def page(token: str, request: Request) -> Response:
        refused = check_rate(token, request)
        if refused is not None:
            return render("respond_busy.html", 429, wait=refused.headers.get("Retry-After"))
        params = request.query_params
        return show(
            token, _page_number(params.get("page"), 10_000), confirm=params.get("confirm") == "1",
            saved=params.get("saved") == "1",
        )  # fmt: skip

    @app.post("/r/{token}", include_in_schema=False)
    async def post(token: str, request: Request) -> Response:
        refused = check_rate(token, request)
        if refused is not None:
            return render("respond_busy.html", 429, wait=refused.headers.get("Retry-After"))
        raw = await request.body()
        if len(raw) > 1_000_000:
            return render("respond_busy.html", 413, wait=None)
        form = parse_qs(raw.decode("utf-8", "replace"), keep_blank_values=True)
        action = (form.get("action") or ["save"])[0]
        page_no = _page_number((form.get("page") or ["0"])[0], 10_000)
        here = f"/r/{quote(token, safe='')}"
        try:
            with opened(db(), token, write=True) as (session, target):
                if target is None:
                    return gone()
                q = respond.questionnaire(session, target)
                if q["read_only"]:
                    raise respond.AlreadySubmitted[0]("already submitted")
                pages = pages_of(items_of(q))
                page_no = _page_number(str(page_no), len(pages))
                if action == "confirm":
                    respond.answer(session, target, saved_doc(q), submit=True)
                    return RedirectResponse(here, status_code=303)
                doc = posted_doc(q["kind"], pages[page_no], form)
                respond.answer(session, target, doc, submit=False)
        except ValidationError as error:
            wrong = doc if action != "confirm" else None
            return show(token, page_no, status=422, confirm=action == "confirm",
                        problems=error.problems, posted=wrong)  # fmt: skip
        except respond.AlreadySubmitted:
            return show(token, 0, status=409)
        target_page = {"next": page_no + 1, "back": page_no - 1}.get(action, page_no)
        query = "?confirm=1" if action == "submit" else f"?page={target_page}"
        if action == "save":
            query += "&saved=1"
        return RedirectResponse(here + query, status_code=303)


def _day_words(iso: str | None) -> str:
    if not iso:
        return ""
    day = dt.date.fromisoformat(iso)
    return f"{day.day} {day.strftime('%B %Y')}"


def _answered(kind: str, item: Item) -> bool:
    value = item.value
    if kind == "review":
        if value.get("relevant") is False:
            return True
        return value.get("relevant") is True and bool(
            value.get("likelihood") and value.get("impact")
        )
    return bool(value.get("choice") or value.get("text"))
