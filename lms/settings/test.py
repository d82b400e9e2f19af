"""Tests: the database and broker come from the environment (CI sets PostgreSQL and Redis)."""

import os
import tempfile

from django.core.cache.backends.redis import RedisCache

from .base import *  # noqa: F403
from .base import BASE_DIR, CACHES, DATABASES, env

DEBUG = False
SECRET_KEY = "test-only-not-secret-" + "x" * 40  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="lms-test-media-")
STATIC_ROOT = tempfile.mkdtemp(prefix="lms-test-static-")
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "base_url": "/media/"},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Unit tests run tasks in-process; the worker test starts a real worker on the real broker.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
CELERY_TEST_BROKER_URL = env.str("CELERY_TEST_BROKER_URL", default="redis://127.0.0.1:6379/15")
AXES_ENABLED = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, so a worker process and a live server can share the test database.
    # One file per process, so two runs in one checkout, and pytest-xdist's workers (each its
    # own process; pytest-django adds the worker's name too), never share (and lock) a database.
    (BASE_DIR / "var").mkdir(exist_ok=True)
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / f"test-{os.getpid()}.sqlite3")}


class ProcessRedisCache(RedisCache):
    """Redis shared by parallel test processes: each process keeps to its own key prefix, and
    clearing the cache (before and after every test) removes that process's keys only, where
    Django's ``clear()`` would flush the whole database under the other workers' feet."""

    def clear(self):
        client = self._cache.get_client(write=True)
        keys = list(client.scan_iter(match=f"{self.key_prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
        return True


if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"] = {
        **CACHES["default"],
        "BACKEND": "lms.settings.test.ProcessRedisCache",
        "KEY_PREFIX": f"test-{os.getpid()}",
    }
