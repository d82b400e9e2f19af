"""A version number for published page content, bumped whenever a page is saved, published,
unpublished, moved or deleted. Caches of page structure (course outlines, the course above a
page, lesson fragments) put it in their keys, so a change anywhere is seen on the next request
by every process. A page rendered in preview (``request.is_preview``) reads and fills none of
them: it may be a draft, or not saved at all."""

from django.core.cache import cache

KEY = "lms:content-version"


def content_version() -> int:
    version = cache.get(KEY)
    if version is None:
        cache.add(KEY, 1, timeout=None)
        version = cache.get(KEY, 1)
    return version


def content_changed(**_kwargs) -> None:
    try:
        cache.incr(KEY)
    except ValueError:  # not set yet (or evicted): any new value invalidates old keys
        cache.set(KEY, 2, timeout=None)


def connect() -> None:
    """Called from LmsConfig.ready: listen to Wagtail's page lifecycle signals."""
    from django.db.models.signals import post_delete, post_save  # noqa: PLC0415 - app registry is ready
    from wagtail.models import Page  # noqa: PLC0415
    from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move  # noqa: PLC0415

    for signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
        signal.connect(content_changed, dispatch_uid=f"lms-content-{id(signal)}")
    post_delete.connect(content_changed, sender=Page, dispatch_uid="lms-content-delete")

    def page_saved(sender, instance, **kwargs):
        # Pages added or changed in code (imports, the demo loader) send no publish signal.
        if isinstance(instance, Page):
            content_changed()

    post_save.connect(page_saved, weak=False, dispatch_uid="lms-content-save")


ACCESS_KEY = "lms:access-version"
ACCESS_TIMEOUT = 600  # a cached access decision lives ten minutes at most


def access_version(user_id: int) -> str:
    """The version of who-may-see-what for one user: bumped for everyone when a curriculum
    changes, and for one user when their enrolments change. Access caches key on it."""
    keys = [ACCESS_KEY, f"{ACCESS_KEY}:{user_id}"]
    values = cache.get_many(keys)
    return f"{values.get(keys[0], 0)}.{values.get(keys[1], 0)}"


def access_changed(*, user_id: int | None = None) -> None:
    key = f"{ACCESS_KEY}:{user_id}" if user_id else ACCESS_KEY
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=None)


def progress_version(user_id: int) -> int:
    """Bumped whenever the learner's own progress changes (courses.services)."""
    return cache.get(f"lms:progress-version:{user_id}", 0)


def progress_changed(*, user_id: int) -> None:
    key = f"lms:progress-version:{user_id}"
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=None)
