"""`bizdev.respond_page_p95_50_respondents` (h10): the respondents' page `/r/{token}` on a
live server (SQLite, one worker, loopback) under 50 concurrent respondents, each opening the
page, saving a draft through the form (the 303 followed: a second page load) and opening it
again; baseline `/healthz` hit the same number of times by the same 50 threads, same run,
same server. Value and baseline are the p95 of the per-request latencies."""

from __future__ import annotations

import os
import secrets
import statistics
import sys
import threading
import time
from typing import Any

import requests

from advisor_desk.domain.respondent_links import token_hash
from advisor_desk.server import admin
from advisor_desk.server.db import migrate, open_db
from advisor_desk.server.respond import LIMIT_VARIABLE
from advisor_desk.store.models import Prospect, ReviewParticipant, ReviewRisk, RiskReview
from groups import Context, Result, _sync_seed

RESPONDENTS = 50
RISKS = 20


def _seed(url: str, people: int) -> list[str]:
    tokens = [secrets.token_urlsafe(32) for _ in range(people)]
    with open_db(url) as db:
        partner_id = admin.create_partner(
            db, name="Respond Bench", admin_email="bench@example.com",
            password="a long bench password 42",
        )  # fmt: skip
        with db.transaction(write=True, partner_id=partner_id) as session:
            prospect = Prospect(partner_id=partner_id, name="Lumen Dental", created=_day())
            session.add(prospect)
            session.flush()
            review = RiskReview(partner_id=partner_id, title="Cyber health check",
                                prospect_id=prospect.id, status="published", created=_day(),
                                due=_day(2099), excluded_refs=[])  # fmt: skip
            session.add(review)
            session.flush()
            for n in range(RISKS):
                session.add(ReviewRisk(partner_id=partner_id, review_id=review.id, position=n,
                                       ref=f"CY-{n + 1:02d}", title=f"Risk {n + 1}",
                                       domain="Cyber" if n < 10 else "Privacy",
                                       description="What could go wrong, in two lines.",
                                       causes=["a cause"], impacts=["an impact"]))  # fmt: skip
            for n, token in enumerate(tokens):
                session.add(ReviewParticipant(partner_id=partner_id, review_id=review.id,
                                              email=f"p{n}@bench.example", status="invited",
                                              token=token, token_hash=token_hash(token),
                                              token_expires=_day(2099), reopen_log=[]))  # fmt: skip
    return tokens


def _day(year: int = 2026) -> Any:
    import datetime as dt

    return dt.date(year, 5, 14)


def _hammer(jobs: list[list[tuple[str, str, dict[str, str] | None]]]) -> list[float]:
    """Each list of (method, url, form) in its own thread; every request's latency."""
    latencies: list[float] = []
    lock = threading.Lock()
    start = threading.Barrier(len(jobs))

    def one(steps: list[tuple[str, str, dict[str, str] | None]]) -> None:
        session = requests.Session()
        mine: list[float] = []
        start.wait()
        for method, url, form in steps:
            began = time.perf_counter()
            answer = session.request(method, url, data=form, timeout=60, allow_redirects=False)
            mine.append(time.perf_counter() - began)
            if answer.status_code >= 400:
                raise RuntimeError(f"{method} {url}: {answer.status_code}")
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=one, args=(steps,)) for steps in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies


def run_respond(ctx: Context) -> list[Result]:
    folder = ctx.scratch("respond")
    url = f"sqlite:///{folder / 'server.sqlite3'}"
    migrate(url)
    people = ctx.scaled(RESPONDENTS)
    tokens = _seed(url, people)
    port = _sync_seed._free_port() if hasattr(_sync_seed, "_free_port") else _port()
    args = [sys.executable, "-m", "advisor_desk.server.cli", "serve", "--db", url,
            "--port", str(port), "--workers", "1"]  # fmt: skip
    os.environ[LIMIT_VARIABLE] = "1000000,1000000,60"  # the limiter runs, never refuses
    try:
        server = _sync_seed.Process(args, f"http://127.0.0.1:{port}", folder / "server.log")
    finally:
        os.environ.pop(LIMIT_VARIABLE, None)
    base = server.url
    rounds = 2 if ctx.quick else 5
    form = {"page": "0", "action": "save", "relevant-0": "yes", "likelihood-0": "3",
            "impact-0": "4", "relevant-1": "no"}  # fmt: skip
    try:
        ctx.log(f"bizdev: {people} respondents × {rounds} rounds on /r/{{token}}")
        page_jobs = [
            [step for _ in range(rounds) for step in (
                ("GET", f"{base}/r/{token}", None), ("POST", f"{base}/r/{token}", form),
                ("GET", f"{base}/r/{token}?page=0&saved=1", None))]
            for token in tokens
        ]  # fmt: skip
        page = _hammer(page_jobs)
        health = _hammer([[("GET", f"{base}/healthz", None)] * len(j) for j in page_jobs])
    finally:
        server.stop()
    p95 = [statistics.quantiles(times, n=20)[-1] for times in (page, health)]
    note = (f"{people} concurrent respondents, {len(page)} requests (page, draft POST, page); "
            "baseline /healthz, same threads and count; p95 latency, 1 worker, SQLite")  # fmt: skip
    return [Result(f"bizdev.respond_page_p95_{RESPONDENTS}_respondents", p95[0], "s", p95[1], note)]


def _port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
