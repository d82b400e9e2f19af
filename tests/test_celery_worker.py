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


@pytest.fixture
def broker_url():
    url = settings.CELERY_TEST_BROKER_URL
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError:
        pytest.fail(f"Redis is not reachable at {url}: start it (see README) before the tests.")
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
