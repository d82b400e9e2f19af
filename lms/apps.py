from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LmsConfig(AppConfig):
    name = "lms"
    verbose_name = _("LMS core")

    def ready(self):
        from . import content_cache  # noqa: PLC0415 - signals connect once apps are loaded

        content_cache.connect()
