"""Median and p95 time of each cohort-tracking page (dashboard, a programme, provinces, a
province, at-risk, a participant record) for national and for Jawa Barat staff, beside a bare
Wagtail page served by the same gunicorn (2 workers) on PostgreSQL in the same run. A script,
not a test.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lms_scale400 \\
        .venv/bin/python scripts/benchmark_reporting.py [--rounds 15] [--budget 600] [--explain]

Load the data first (`manage.py migrate`, `manage.py scale_load --participants 400000
--cooperatives 80000 --waves 10000`). The script adds two staff accounts (national, and
scoped to Jawa Barat) and a bare page if missing, collects the static files, starts gunicorn,
logs in through the real form, then requests every page once per round, the pages taking
turns, one request at a time (these are latencies, not throughput). The client shares the
machine with the server, so compare ratios to the bare page rather than absolutes. ``--budget``
ends the run after that many seconds of measuring (whole rounds only). Afterwards it counts each
page's queries in this process (Django's test client), and ``--explain`` prints
``EXPLAIN (ANALYZE, BUFFERS)`` of each page's slowest queries.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import statistics
import sys
import time

import requests
from benchkit import ROOT, gunicorn, manage, require_postgres, server_env

SETUP = """
from django.urls import reverse
from wagtail.models import Page, Site
from accounts.factories import PASSWORD, StaffFactory
from accounts.models import User
from organisations.models import Province
from programmes.models import Enrolment, Programme

def staff(username, **scope):
    return User.objects.filter(username=username).first() or StaffFactory(
        username=username, full_name=username, **scope
    )

staff("bench.nasional")
staff("bench.jabar", scope_province=Province.objects.get(code="32"))
home = Site.objects.get(is_default_site=True).root_page
if not Page.objects.child_of(home).filter(slug="bench-bare").exists():
    home.add_child(instance=Page(title="Bare page", slug="bench-bare"))
programme = (
    Programme.objects.filter(title__startswith="[skala]").order_by("pk").first()
    or Programme.objects.order_by("pk").first()
)
# A Jawa Barat participant of a finished wave: a full record that both staff may read.
enrolment = (
    Enrolment.objects.filter(
        wave__programme=programme, organisation__province__code="32", status="completed"
    ).order_by("pk").first()
    or Enrolment.objects.filter(organisation__province__code="32").order_by("pk").first()
)
print("PASSWORD", PASSWORD)
print("PAGE bare", "/bench-bare/")
print("PAGE dashboard", reverse("reporting_dashboard"))
print("PAGE programme", reverse("reporting_programme", args=[programme.pk]))
print("PAGE provinces", reverse("reporting_provinces"))
print("PAGE province", reverse("reporting_province", args=["32"]))
print("PAGE at-risk", reverse("reporting_at_risk"))
print("PAGE record", reverse("reporting_participant", args=[enrolment.participant_id]))
"""
USERS = ("bench.nasional", "bench.jabar")
BARE = "bare"


def out(line: str = "") -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def login(base: str, username: str, password: str) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{base}/akun/masuk/", timeout=60)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    session.post(
        f"{base}/akun/masuk/",
        data={"username": username, "password": password, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{base}/akun/masuk/"},
        timeout=60,
    )
    check = session.get(f"{base}/admin/pemantauan/", allow_redirects=False, timeout=600)
    if check.status_code != 200:
        raise RuntimeError(
            f"Login of {username} failed: the dashboard answered {check.status_code}"
        )
    return session


def timed_get(session: requests.Session, url: str, timeout: float) -> float:
    started = time.perf_counter()
    response = session.get(url, timeout=timeout, allow_redirects=False)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return elapsed


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def in_process(pages: dict[str, str], explain: bool, top: int) -> dict[tuple[str, str], int]:
    """Each page's query count per user (and with ``explain``, the plans of its slowest
    queries), through Django's test client in this process."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User

    counts = {}
    for username in USERS:
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(User.objects.get(username=username))
        for name, url in pages.items():
            with CaptureQueriesContext(connection) as ctx:
                client.get(url)
            counts[(username, name)] = len(ctx.captured_queries)
            if not explain or name == BARE:
                continue
            out(f"=== {username} {name} ({url}): {len(ctx.captured_queries)} queries")
            slowest = sorted(ctx.captured_queries, key=lambda q: float(q["time"]), reverse=True)
            for query in slowest[:top]:
                out(f"-- {query['time']} s: {query['sql'][:400]}")
                with connection.cursor() as cursor:
                    cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {query['sql']}")
                    for (line,) in cursor.fetchall():
                        out(f"   {line}")
                out()
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--budget", type=float, default=600, help="seconds of measuring, at most")
    parser.add_argument("--timeout", type=float, default=120, help="seconds per request")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE slow queries")
    parser.add_argument("--explain-top", type=int, default=2)
    args = parser.parse_args()
    require_postgres("with the scale data loaded")
    env = server_env()
    manage(env, "collectstatic", "--noinput")
    setup = manage(env, "shell", stdin=SETUP)
    password = re.search(r"^PASSWORD (\S+)$", setup, re.M).group(1)
    pages = dict(re.findall(r"^PAGE (\S+) (\S+)$", setup, re.M))
    times: dict[tuple[str, str], list[float]] = {}
    rounds = 0
    with gunicorn(
        env,
        workers=args.workers,
        port=args.port,
        timeout=args.timeout + 30,
        ready_path="/bench-bare/",
    ) as base:
        sessions = {username: login(base, username, password) for username in USERS}
        for session in sessions.values():  # warm both workers' caches and connections
            for url in pages.values():
                for _ in range(args.workers):
                    timed_get(session, f"{base}{url}", args.timeout)
        stop = time.monotonic() + args.budget
        while rounds < args.rounds and time.monotonic() < stop:
            for username, session in sessions.items():
                for name, url in pages.items():
                    elapsed = timed_get(session, f"{base}{url}", args.timeout)
                    times.setdefault((username, name), []).append(elapsed)
            rounds += 1
    counts = in_process(pages, args.explain, args.explain_top)
    out(
        f"gunicorn {args.workers} workers, PostgreSQL, {rounds} rounds, one request at a time; "
        "ms, ratio of medians to the bare page"
    )
    for username in USERS:
        bare = statistics.median(times[(username, BARE)])
        out()
        out(f"{username}:")
        out(f"  {'page':10} {'median':>9} {'p95':>9} {'ratio':>7} {'queries':>8}")
        for name, url in pages.items():
            values = times[(username, name)]
            median = statistics.median(values)
            out(
                f"  {name:10} {median:9.1f} {p95(values):9.1f} {median / bare:7.1f} "
                f"{counts[(username, name)]:8d}   {url}"
            )


if __name__ == "__main__":
    main()
