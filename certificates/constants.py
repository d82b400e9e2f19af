from django.db import models
from django.utils.translation import gettext_lazy as _


class AttendanceBasis(models.TextChoices):
    SESSIONS = "sessions", _("Jumlah sesi")
    JP = "jp", _("Jam pelajaran (JP)")


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Berlaku")
    REVOKED = "revoked", _("Dicabut")
    SUPERSEDED = "superseded", _("Digantikan versi baru")


DEFAULT_SERIAL_PATTERN = "{code}/{year}/{wave}/{seq:04d}"
SERIAL_FIELDS = ("code", "year", "wave", "seq")
