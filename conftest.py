"""Shared pytest set-up: media in a temporary folder, e-mail in memory, tasks in-process."""

import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media"), "base_url": "/media/"},
        },
    }


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: ids are reused after a rolled-back test."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db") if item is not None else None
    return bool(marker and marker.kwargs.get("transaction"))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test ends by emptying every table, reference data from the migrations
    included (provinces, the Wagtail site). Run alone, pytest-django puts those tests last; under
    pytest-xdist a worker may run other files after them, so the data comes back here."""
    yield
    if not _is_transactional(item) or nextitem is None or _is_transactional(nextitem):
        return
    from django.db import connections
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        for connection in connections.all(initialized_only=True):
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)
