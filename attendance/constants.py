from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionKind(models.TextChoices):
    OPENING = "opening", _("Pembukaan")
    LECTURE = "lecture", _("Materi kelas")
    WORKSHOP = "workshop", _("Lokakarya")
    STUDY_VISIT = "study_visit", _("Kunjungan belajar")
    ON_THE_JOB = "on_the_job", _("Praktik kerja (on-the-job training)")
    FIELD_PRACTICE = "field_practice", _("Praktik lapangan")
    MENTORING_VISIT = "mentoring_visit", _("Kunjungan pendampingan")
    CLOSING = "closing", _("Penutupan")


class Mark(models.TextChoices):
    PRESENT = "present", _("Hadir")
    LATE = "late", _("Terlambat")
    EXCUSED = "excused", _("Izin")
    ABSENT = "absent", _("Tidak hadir")


ATTENDING = (Mark.PRESENT, Mark.LATE)


class Source(models.TextChoices):
    ROLL_CALL = "roll_call", _("Presensi fasilitator")
    QR = "qr", _("Pindai QR")
    OFFLINE = "offline", _("Presensi luring")
    PAPER = "paper", _("Lembar tanda tangan")


class ExcusedRule(models.TextChoices):
    ATTENDED = "attended", _("Izin dihitung hadir")
    EXCLUDED = "excluded", _("Izin tidak dihitung (keluar dari penyebut)")
    ABSENT = "absent", _("Izin dihitung tidak hadir")


DEFAULT_GRACE_MINUTES = 15
DEFAULT_EXCUSED_RULE = ExcusedRule.EXCLUDED
