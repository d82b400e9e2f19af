"""Production settings refuse to start without a secret key or the shared cache, and pass
Django's deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import redis

ROOT = Path(__file__).resolve().parents[2]


SECRET = "k3v9-Qp2x!Lm8#Rt5@Wz7$Hb4%Nc6^Yd1&Fg0*Js3(Ua8)Ve2_Ox9+Ti5=Pr"
REDIS = "redis://127.0.0.1:6379/13"


def _manage(*args, env_extra):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("DJANGO_") and k not in ("REDIS_URL", "DATABASE_URL")
    }
    env.update(
        {"DJANGO_SETTINGS_MODULE": "lms.settings.production", "REDIS_URL": REDIS, **env_extra}
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", env_extra={"DJANGO_SECRET_KEY": ""})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


@pytest.mark.slow
def test_production_refuses_a_short_or_development_secret_key():
    result = _manage("check", env_extra={"DJANGO_SECRET_KEY": "dev-only-not-secret-" + "x" * 40})
    assert result.returncode != 0


@pytest.mark.slow
def test_production_refuses_to_start_without_the_shared_cache():
    result = _manage("check", env_extra={"DJANGO_SECRET_KEY": SECRET, "REDIS_URL": ""})
    assert result.returncode != 0
    assert "REDIS_URL must be set in production" in result.stderr


@pytest.mark.slow
def test_production_with_a_secret_key_and_redis_passes_check_deploy():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_extra={"DJANGO_SECRET_KEY": SECRET, "DJANGO_ALLOWED_HOSTS": "lms.example.go.id"},
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.slow
def test_production_caches_in_redis_and_keeps_cookies_secure_and_samesite():
    script = (
        "from django.conf import settings as s; "
        "print(s.CACHES['default']['BACKEND'], s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.LANGUAGE_COOKIE_SECURE, s.SESSION_COOKIE_SAMESITE, s.CSRF_COOKIE_SAMESITE, "
        "s.LANGUAGE_COOKIE_SAMESITE)"
    )
    result = _manage("shell", "-c", script, env_extra={"DJANGO_SECRET_KEY": SECRET})
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == [
        "django.core.cache.backends.redis.RedisCache",
        *["True"] * 3,
        *["Lax"] * 3,
    ]


def test_parallel_test_processes_clear_only_their_own_redis_keys():
    from lms.settings.test import ProcessRedisCache

    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/13"
    mine = ProcessRedisCache(url, {"KEY_PREFIX": "test-mine"})
    theirs = ProcessRedisCache(url, {"KEY_PREFIX": "test-theirs"})
    try:
        theirs.set("content-version", 7)
    except redis.exceptions.ConnectionError as error:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"No Redis answers at {url}: {error}")
    mine.set("content-version", 3)
    mine.clear()
    assert mine.get("content-version") is None
    assert theirs.get("content-version") == 7
    theirs.clear()
