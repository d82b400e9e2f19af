from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo and national-scale data loaders (`demo_load`, `scale_load`). At the top of the
    dependency order: it builds records of every app, so nothing may import it."""

    name = "demo"
    verbose_name = _("Data demo")
