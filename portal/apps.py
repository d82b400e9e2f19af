from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """Each role's home ("Beranda saya"): thin, at the top of the dependency order, it reads
    other apps through their api.py and holds no rules of its own."""

    name = "portal"
    verbose_name = _("Beranda peran")
