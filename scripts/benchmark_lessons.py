"""Requests per second of a signed-in trainee's lesson page, course page and home, beside a bare
Wagtail page served by the same gunicorn (2 workers) on PostgreSQL. A script, not a test.

    DATABASE_URL=postgres://user@host:port/lms_bench .venv/bin/python scripts/benchmark_lessons.py

It migrates the database, loads the course demo, adds a trainee and a bare page, collects the
static files, starts gunicorn, logs in through the real form, then hits each URL for a fixed
time from a few client threads (the client shares the machine, so compare rates, not absolutes).
"""

from __future__ import annotations

import argparse
import re
import statistics
import threading
import time

import requests
from benchkit import gunicorn, manage, require_postgres, server_env

SETUP = """
from wagtail.models import Page, Site
from accounts.factories import TraineeFactory, PASSWORD
from accounts.models import User
from demo import courses as demo
from courses.models import LessonPage, CoursePage
from programmes.factories import ProgrammeFactory, WaveFactory, enrol
from programmes.models import Programme

demo.load()
user = User.objects.filter(username="bench-trainee").first()
if user is None:
    programme = Programme.objects.filter(title=demo.BIMTEK).first()
    programme = programme or ProgrammeFactory(title=demo.BIMTEK)
    demo.load()  # links the courses to the programme just made
    wave = programme.waves.first() or WaveFactory(programme=programme)
    user = TraineeFactory(username="bench-trainee")
    enrol(wave, user)
home = Site.objects.get(is_default_site=True).root_page
if not Page.objects.child_of(home).filter(slug="bench-bare").exists():
    home.add_child(instance=Page(title="Bare page", slug="bench-bare"))
ID = {"locale__language_code": "id"}
course = CoursePage.objects.get(slug="menyusun-ad-art-dan-sop-koperasi", **ID)
lesson = LessonPage.objects.get(slug="mengapa-koperasi-memerlukan-ad-art", **ID)
print("URLS", course.url, lesson.url, user.username, PASSWORD)
"""


def login(base: str, username: str, password: str) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{base}/akun/masuk/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = session.post(
        f"{base}/akun/masuk/",
        data={"username": username, "password": password, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{base}/akun/masuk/"},
    )
    if not response.url.endswith("/beranda-saya/"):
        raise RuntimeError(f"Login failed: ended at {response.url}")
    return session


def rate(base: str, path: str, cookies, seconds: float, threads: int) -> float:
    count = 0
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker():
        nonlocal count
        session = requests.Session()
        session.cookies.update(cookies)
        done = 0
        while time.monotonic() < stop:
            response = session.get(f"{base}{path}")
            if response.status_code != 200:
                raise RuntimeError(f"{path} answered {response.status_code}")
            done += 1
        with lock:
            count += done

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return count / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15, help="per page, over all rounds")
    parser.add_argument(
        "--rounds",
        type=int,
        default=5,
        help="pages take turns this many times; each ratio compares pages of the same round",
    )
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    args = parser.parse_args()
    require_postgres()
    env = server_env()
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    out = manage(env, "shell", stdin=SETUP)
    course_url, lesson_url, username, password = out.split("URLS ", 1)[1].split()
    with gunicorn(env, workers=2, port=args.port) as base:
        session = login(base, username, password)
        pages = {
            "bare Wagtail page": "/bench-bare/",
            "lesson page": lesson_url,
            "course page": course_url,
            "trainee home": "/beranda-saya/",
        }
        for path in pages.values():  # warm both workers
            for _ in range(10):
                session.get(f"{base}{path}")
        # Pages take turns in short rounds, so a change in the machine's load (the client and
        # the server share two cores) falls on every page alike.
        rounds: list[dict[str, float]] = []
        for _round in range(args.rounds):
            rounds.append(
                {
                    name: rate(
                        base, path, session.cookies, args.seconds / args.rounds, args.threads
                    )
                    for name, path in pages.items()
                }
            )
    print(  # noqa: T201
        f"gunicorn 2 workers, {args.threads} client threads, {args.seconds:.0f} s per page "
        f"in {args.rounds} rounds (medians)"
    )
    for name in pages:
        value = statistics.median(r[name] for r in rounds)
        share = statistics.median(r[name] / r["bare Wagtail page"] for r in rounds)
        print(f"{name:>18}: {value:7.1f} req/s  ({share:5.0%} of bare page)")  # noqa: T201


if __name__ == "__main__":
    main()
