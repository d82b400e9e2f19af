"""A real Celery worker, killed with SIGKILL in the middle of a wave's bulk issue, restarted:
every certificate ends up with exactly one PDF (acks_late: the task that was running when the
worker died is delivered again, and the task is idempotent)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection

from accounts.factories import AdminFactory
from certificates import services, tasks
from certificates.factories import wave_with_participants
from certificates.models import Certificate
from lms.celery import app

ROOT = Path(__file__).resolve().parents[2]
N = 24
VISIBILITY_TIMEOUT = 3  # seconds before an unacknowledged task is handed out again


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes", "on"}


def _own_database(url: str) -> str:
    """The worker test of programmes flushes CELERY_TEST_BROKER_URL's database; this test runs on
    another one (14, or CERTIFICATES_TEST_BROKER_URL), so the two may run at the same time."""
    explicit = os.environ.get("CERTIFICATES_TEST_BROKER_URL")
    if explicit:
        return explicit
    base, _, db = url.rpartition("/")
    return f"{base}/14" if db.isdigit() and db != "14" else f"{base}/13"


@pytest.fixture
def broker_url():
    url = _own_database(settings.CELERY_TEST_BROKER_URL)
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError as error:
        reason = f"No Redis answers at {url} ({error}): this test needs a real broker."
        if _in_ci():
            pytest.fail(f"{reason} CI must run it.")
        pytest.skip(reason)
    redis.Redis.from_url(url).flushdb()
    return url


def _start_worker(broker_url, key_file):
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
        "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "CELERY_BROKER_URL": broker_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }
    code = (
        "import django, os; django.setup()\n"
        "from django.conf import settings\n"
        f"settings.CERTIFICATES_SIGNING_KEYS = {{'default': {str(key_file)!r}}}\n"
        "from lms.celery import app\n"
        "app.conf.broker_transport_options = {"
        f"'visibility_timeout': {VISIBILITY_TIMEOUT}, 'unacked_restore_interval': 1,"
        " 'unacked_restore_throttle': 1}\n"
        "app.worker_main(['worker', '--pool=solo', '--concurrency=1', '--loglevel=WARNING',"
        " '--without-gossip', '--without-mingle', '--without-heartbeat'])\n"
    )
    return subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _done():
    return Certificate.objects.exclude(pdf="").count()


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_mid_bulk_issue_then_restarted_makes_each_certificate_once(
    broker_url, issuer_key_file, monkeypatch
):
    admin = AdminFactory()
    wave, _ = wave_with_participants(N, admin=admin)
    queued = []
    monkeypatch.setattr(services, "_enqueue", queued.extend)
    services.issue_wave(actor=admin, wave=wave)
    assert len(queued) == N and _done() == 0

    app.conf.update(task_always_eager=False, broker_url=broker_url)
    first = second = None
    try:
        with app.connection_for_write(broker_url) as conn:
            for chunk in tasks.chunks(queued):  # as services._enqueue sends them
                tasks.render_certificates.apply_async((chunk,), connection=conn)
        first = _start_worker(broker_url, issuer_key_file)
        deadline = time.monotonic() + 120
        while _done() < 3:
            assert time.monotonic() < deadline, "the first worker made no PDF in time"
            time.sleep(0.05)
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
        killed_at = _done()
        assert killed_at < N, "the worker finished before it could be killed"

        time.sleep(VISIBILITY_TIMEOUT + 1)
        second = _start_worker(broker_url, issuer_key_file)
        deadline = time.monotonic() + 180
        while _done() < N:
            assert second.poll() is None, "the second worker died"
            assert time.monotonic() < deadline, f"only {_done()} of {N} PDFs after restart"
            time.sleep(0.2)
    finally:
        app.conf.update(task_always_eager=True, broker_url="memory://")
        for process in (first, second):
            if process is not None and process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)

    assert Certificate.objects.count() == N
    names = list(Certificate.objects.values_list("pdf", flat=True))
    assert len(set(names)) == N
    stored = []
    folders = {name.rsplit("/", 1)[0] for name in names}
    for folder in folders:
        stored += [f"{folder}/{f}" for f in default_storage.listdir(folder)[1]]
    # every certificate has exactly one recorded file; a run killed in the moment between
    # storing its chunk's files and recording them may leave that chunk's files unreferenced
    assert set(names) <= set(stored)
    assert len(stored) - len(names) <= tasks.CHUNK
