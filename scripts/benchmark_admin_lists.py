"""Median time of each admin list for national and Jawa Barat staff, and its ratio to the
participants list measured in the same run. A script, not a test.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lms_scale \
        .venv/bin/python scripts/benchmark_admin_lists.py [--rounds 7] [--explain] [--analyze]

Load the data first (`manage.py migrate`, `demo_load`, `scale_load`). Requests go through
Django's test client in this process (no web server), so the figures are the view, its
templates and its SQL. Lists take turns within each round, so a busy moment on the shared
machine falls on all of them alike; compare ratios, not absolutes. ``--explain`` prints
``EXPLAIN (ANALYZE, BUFFERS)`` of the slowest queries of each list (the page and its count).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from accounts.models import User  # noqa: E402

LISTS = [
    "participants",
    "enrolments",
    "waves",
    "programmes",
    "organisations",
    "audit",
    "curriculum",
]
USERS = ["staf.nasional", "staf.jabar"]
BASELINE = "participants"


def out(line: str = "") -> None:
    sys.stdout.write(line + "\n")


def clients(usernames: list[str]) -> dict[str, Client]:
    result = {}
    for username in usernames:
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(User.objects.get(username=username))
        result[username] = client
    return result


def timed_get(client: Client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url}: status {response.status_code}")
    return elapsed


def explain(client: Client, url: str, top: int) -> None:
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    slowest = sorted(ctx.captured_queries, key=lambda q: float(q["time"]), reverse=True)[:top]
    for query in slowest:
        out(f"-- {query['time']} s: {query['sql'][:300]}")
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {query['sql']}")
            for (line,) in cursor.fetchall():
                out(f"   {line}")
        out()


def statistics_note() -> str:
    if connection.vendor != "postgresql":
        return connection.vendor
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(greatest(last_analyze, last_autoanalyze)::text, 'never') "
            "FROM pg_stat_user_tables WHERE relname = 'programmes_enrolment'"
        )
        row = cursor.fetchone()
    return f"postgresql, enrolments last analyzed: {row[0] if row else 'never'}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--lists", nargs="+", default=LISTS, choices=LISTS)
    parser.add_argument("--users", nargs="+", default=USERS)
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE each list")
    parser.add_argument("--explain-top", type=int, default=2, help="slowest queries explained")
    parser.add_argument("--analyze", action="store_true", help="run ANALYZE first")
    args = parser.parse_args()
    lists = [BASELINE, *[n for n in args.lists if n != BASELINE]]

    if args.analyze:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    participants = User.objects.filter(role="trainee").count()
    out(f"{participants} participants; {statistics_note()}; {args.rounds} rounds")

    by_user = clients(args.users)
    urls = {name: reverse(f"{name}:index") for name in lists}
    for client in by_user.values():  # warm per-process caches and the session
        for url in urls.values():
            timed_get(client, url)

    times: dict[tuple[str, str], list[float]] = {}
    for _round in range(args.rounds):
        for username, client in by_user.items():
            for name, url in urls.items():
                times.setdefault((username, name), []).append(timed_get(client, url))

    for username in by_user:
        base = statistics.median(times[(username, BASELINE)])
        out()
        out(f"{username}: median ms (ratio to {BASELINE})")
        for name in lists:
            median = statistics.median(times[(username, name)])
            flag = "" if median <= 2 * base else "  > 2x"
            out(f"  {name:14} {median:8.1f} ms  {median / base:5.2f}x{flag}")

    if args.explain:
        for username, client in by_user.items():
            for name, url in urls.items():
                out()
                out(f"=== {username} {name} ({url})")
                explain(client, url, args.explain_top)


if __name__ == "__main__":
    main()
