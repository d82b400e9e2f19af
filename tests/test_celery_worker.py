"""A task goes through the real Redis broker to a real Celery worker started by the test, and
its effect lands in the database (the worker shares the test database)."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection

from accounts.factories import AdminFactory, TraineeFactory
from lms.celery import app
from programmes.factories import WaveFactory, enrol
from programmes.models import Enrolment
from programmes.tasks import enrolment_notify

ROOT = Path(__file__).resolve().parents[1]


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes", "on"}


@pytest.fixture
def broker_url():
    """Without a Redis to talk to, the test cannot run: on a laptop it says so and skips; in CI,
    where Redis is part of the machine, a missing Redis is a failure, never a silent skip."""
    url = settings.CELERY_TEST_BROKER_URL
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError as error:
        reason = (
            f"No Redis answers at {url} ({error}): this test sends a task through a real broker "
            "to a real worker. Start Redis locally or set CELERY_TEST_BROKER_URL to run it."
        )
        if _in_ci():
            pytest.fail(f"{reason} CI must run it.")
        pytest.skip(reason)
    return url


@pytest.fixture
def worker(broker_url):
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        database_url = f"sqlite:///{db['NAME']}"
    else:
        database_url = (
            f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.dev",
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": broker_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    }
    redis.Redis.from_url(broker_url).flushdb()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "lms",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    yield process
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_enrolment_notification_runs_on_a_real_worker_through_redis(worker, broker_url, settings):
    enrolment = enrol(WaveFactory(), TraineeFactory(email="ayu@example.org"), actor=AdminFactory())
    # Unit tests run tasks eagerly: undo that run's effect, then send the task for real.
    Enrolment.objects.filter(pk=enrolment.pk).update(notified_at=None)
    app.conf.update(task_always_eager=False, broker_url=broker_url)
    try:
        with app.connection_for_write(broker_url) as conn:
            enrolment_notify.apply_async((enrolment.pk,), connection=conn)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if Enrolment.objects.filter(pk=enrolment.pk, notified_at__isnull=False).exists():
                break
            assert worker.poll() is None, worker.stdout.read().decode()
            time.sleep(0.5)
        else:
            pytest.fail("The worker did not run the task within 60 seconds.")
    finally:
        app.conf.update(task_always_eager=True, broker_url="memory://")


@pytest.fixture
def run_worker_test_without_redis():
    """Run the worker test in a child pytest (on SQLite) against a port where nothing listens."""

    def run(ci: str) -> subprocess.CompletedProcess:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env.update({"CI": ci, "CELERY_TEST_BROKER_URL": "redis://127.0.0.1:1/0"})
        test = f"{__file__}::test_enrolment_notification_runs_on_a_real_worker_through_redis"
        return subprocess.run(
            [sys.executable, "-m", "pytest", test, "-p", "no:cacheprovider", "-p", "no:xdist"]
            + ["--no-migrations", "-rs", "-q"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    return run


@pytest.mark.slow
@pytest.mark.parametrize(("ci", "outcome"), [("", "skipped"), ("true", "error")])
def test_without_redis_the_worker_test_skips_with_its_reason_locally_and_fails_in_ci(
    ci, outcome, run_worker_test_without_redis
):
    result = run_worker_test_without_redis(ci)
    assert f"1 {outcome}" in result.stdout, result.stdout
    assert (result.returncode == 0) == (outcome == "skipped")
    assert "No Redis answers at redis://127.0.0.1:1/0" in result.stdout
