"""1,000 QR check-ins to one session through gunicorn on PostgreSQL, on loopback: errors
(expected 0), throughput and latency percentiles. A script, not a timed test.

    DATABASE_URL=postgres://user@host:port/lms_bench .venv/bin/python scripts/benchmark_checkin.py

It migrates the database, adds a wave of 1,000 trainees and a session under way (in bulk),
signs each trainee in by writing their session (the login form's password hashing is not what is
measured), starts gunicorn, and has client threads post each trainee's check-in with the code
shown at that moment (as the QR screen does). Every response must say the trainee is recorded;
then the database must hold exactly 1,000 records and 1,000 audit rows for the session.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time

import requests
from benchkit import ROOT, gunicorn, manage, require_postgres, server_env

SETUP = """
import datetime as dt, json, uuid
from django.contrib.sessions.backends.cached_db import SessionStore
from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret
from django.utils import timezone
from accounts.factories import AdminFactory, FacilitatorFactory
from attendance.factories import SessionFactory, bulk_roster
from organisations.factories import OrganisationFactory
from programmes.factories import ProgrammeFactory, WaveFactory

run = uuid.uuid4().hex[:8]  # the script may run again on the same database
programme = ProgrammeFactory(
    title=f"Benchmark {run}", organiser=OrganisationFactory(name=f"Kementerian {run}")
)
wave = WaveFactory(
    programme=programme, capacity=1000, host_site=OrganisationFactory(name=f"Tuan rumah {run}")
)
session = SessionFactory(wave=wave, starts_at=timezone.now() - dt.timedelta(minutes=5),
                         ends_at=timezone.now() + dt.timedelta(hours=2))
members = OrganisationFactory(name=f"Koperasi {run}")
enrolments = bulk_roster(wave, PARTICIPANTS, organisation=members)
people = []
for e in enrolments:
    user = e.participant
    store = SessionStore()
    store["_auth_user_id"] = str(user.pk)
    store["_auth_user_backend"] = "accounts.backends.UsernameOrEmailBackend"
    store["_auth_user_hash"] = user.get_session_auth_hash()
    store.create()
    secret = _get_new_csrf_string()
    people.append([store.session_key, secret, _mask_cipher_secret(secret)])
print("SETUP " + json.dumps({"session": session.pk, "people": people}))
"""
COUNT = """
from attendance.models import AttendanceRecord
from lms.models import AuditEvent
print("COUNT", AttendanceRecord.objects.filter(session_id=PK).count(),
      AuditEvent.objects.filter(target_type="attendance.session", target_id=str(PK),
                                action="attendance.check_in").count())
"""


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))
    return ordered[index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=16, help="client threads")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    args = parser.parse_args()
    require_postgres()
    env = server_env()
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    out = manage(env, "shell", stdin=SETUP.replace("PARTICIPANTS", str(args.participants)))
    setup = json.loads(out.split("SETUP ", 1)[1])
    session_pk, people = setup["session"], setup["people"]

    # The codes the QR screen would show: the same module, the same secret.
    os.environ.update({k: v for k, v in env.items() if k.startswith(("DJANGO_", "DATABASE"))})
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from attendance import checkin

    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    queue = list(enumerate(people))

    def worker(base):
        http = requests.Session()
        while True:
            with lock:
                if not queue:
                    return
                _index, (session_key, csrf_secret, csrf_token) = queue.pop()
            step = checkin.current_step()
            url = (
                f"{base}/kehadiran/masuk/{session_pk}/{step}/{checkin.signature(session_pk, step)}/"
            )
            started = time.perf_counter()
            try:
                response = http.post(
                    url,
                    cookies={"sessionid": session_key, "csrftoken": csrf_secret},
                    headers={"X-CSRFToken": csrf_token},
                    allow_redirects=False,
                    timeout=30,
                )
                ok = response.status_code == 200 and "result-ok" in response.text
                problem = "" if ok else f"{response.status_code}"
            except requests.RequestException as error:
                problem = type(error).__name__
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if problem:
                    errors.append(problem)

    with gunicorn(env, workers=args.workers, port=args.port, ready_path="/akun/masuk/") as base:
        began = time.perf_counter()
        pool = [threading.Thread(target=worker, args=(base,)) for _ in range(args.threads)]
        for thread in pool:
            thread.start()
        for thread in pool:
            thread.join()
        wall = time.perf_counter() - began
    counted = manage(env, "shell", stdin=COUNT.replace("PK", str(session_pk)))
    records, audits = counted.split("COUNT", 1)[1].split()
    ms = [v * 1000 for v in latencies]
    print(  # noqa: T201
        f"{len(latencies)} check-ins in {wall:.1f} s ({len(latencies) / wall:.0f}/s), "
        f"gunicorn {args.workers} workers, {args.threads} client threads on loopback\n"
        f"errors: {len(errors)} {sorted(set(errors))}\n"
        f"latency ms: p50 {percentile(ms, 50):.0f}, p90 {percentile(ms, 90):.0f}, "
        f"p99 {percentile(ms, 99):.0f}, max {max(ms):.0f}, mean {statistics.mean(ms):.0f}\n"
        f"database: {records} records, {audits} audit rows for the session"
    )


if __name__ == "__main__":
    main()
