"""What the gunicorn benchmark scripts share (``benchmark_lessons``, ``benchmark_checkin``,
``benchmark_reporting``): the production-like environment, ``manage.py`` in a subprocess, a
free loopback port, and gunicorn started, awaited and stopped around the measuring."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent


def require_postgres(why: str = "it will be migrated") -> str:
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        sys.exit(f"Set DATABASE_URL to a PostgreSQL database ({why}).")
    return database_url


def server_env() -> dict[str, str]:
    """The environment of every process of a benchmark: DEBUG off, base settings, a throwaway
    key, static files collected into a temporary folder, persistent database connections."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.base",
        "DJANGO_SECRET_KEY": "bench-" + "k" * 60,
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_STATIC_ROOT": tempfile.mkdtemp(prefix="lms-bench-static-"),
        "DATABASE_CONN_MAX_AGE": "60",
        "DJANGO_LOG_LEVEL": "WARNING",
    }


def manage(env, *args, stdin=None) -> str:
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(
    env, *, workers: int, port: int = 0, timeout: float | None = None, ready_path: str = "/"
) -> Iterator[str]:
    """gunicorn serving the project on loopback for the ``with`` block; yields its base URL
    once ``ready_path`` answers."""
    port = port or free_port()
    base = f"http://127.0.0.1:{port}"
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "lms.wsgi:application",
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
    ]
    if timeout is not None:
        command += ["--timeout", str(int(timeout))]
    server = subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603 - our own venv's gunicorn
    try:
        for _ in range(100):
            try:
                requests.get(f"{base}{ready_path}", timeout=10)
                break
            except requests.RequestException:
                time.sleep(0.2)
        yield base
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
