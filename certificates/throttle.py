"""Repeated guessing of codes on the public pages is slowed down: each address may fail
``CERTIFICATES_LOOKUP_FAILURES`` times (default 20) per ``CERTIFICATES_LOOKUP_WINDOW`` seconds
(default 600), counted in Django's cache (Redis in production, shared by every process)."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache


def _key(request) -> str:
    return f"certificates:fail:{request.META.get('REMOTE_ADDR', '')}"


def _limit() -> int:
    return getattr(settings, "CERTIFICATES_LOOKUP_FAILURES", 20)


def _window() -> int:
    return getattr(settings, "CERTIFICATES_LOOKUP_WINDOW", 600)


def allow(request) -> bool:
    return (cache.get(_key(request)) or 0) < _limit()


def failed(request) -> None:
    key = _key(request)
    if cache.add(key, 1, timeout=_window()):
        return
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=_window())
