from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    BASIC = "dasar", _("Dasar")
    INTERMEDIATE = "menengah", _("Menengah")
    ADVANCED = "lanjut", _("Lanjut")
