from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Modul pelatihan")

    def ready(self):
        from django.db.models.signals import post_delete, post_save  # noqa: PLC0415

        from lms import content_cache  # noqa: PLC0415

        from .models import CurriculumEntry  # noqa: PLC0415

        def curriculum_changed(**_kwargs):
            # Cached access decisions (courses.permissions) follow every curriculum edit.
            content_cache.access_changed()

        for signal in (post_save, post_delete):
            signal.connect(
                curriculum_changed,
                sender=CurriculumEntry,
                weak=False,
                dispatch_uid=f"courses-curriculum-{id(signal)}",
            )
