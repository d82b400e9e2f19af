"""Production: refuses to start without a secret key or the shared cache; secure cookies, HSTS,
HTTPS redirect."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import REDIS_URL, SECRET_KEY, env

DEBUG = False
if not SECRET_KEY or len(SECRET_KEY) < 50 or SECRET_KEY.startswith(("dev-only", "test-only")):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to a random value of at least 50 characters in production."
    )
# Content, access and progress versions and the sessions live in the cache: with a cache per
# process, web processes disagree after a publish or a withdrawal. Every process shares Redis.
if not REDIS_URL:
    raise ImproperlyConfigured(
        "REDIS_URL must be set in production (for example redis://redis.internal:6379/1): "
        "every web process and worker must share one cache."
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Wagtail's live preview shows the page in a same-origin iframe, so frames stay SAMEORIGIN
# (base.py) rather than DENY; every other deploy check must pass.
SILENCED_SYSTEM_CHECKS = ["security.W019"]
