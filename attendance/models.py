"""Sessions of a wave, one attendance record per session and participant, the programme's
attendance settings, the signed sheets kept as evidence and the offline conflicts to resolve."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .constants import (
    DEFAULT_EXCUSED_RULE,
    DEFAULT_GRACE_MINUTES,
    ExcusedRule,
    Mark,
    SessionKind,
    Source,
)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed


def evidence_upload_to(instance, filename: str) -> str:
    """Unguessable names (``lms.files.upload_to``); imported here on use, because lms.files
    loads Wagtail's image forms, which need the app registry ready."""
    from lms import files

    return files.upload_to("attendance/sheets")(instance, filename)


def new_session_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))


class AttendanceSettings(models.Model):
    """How a programme counts attendance. The threshold is the programme's own completion
    rule (``Programme.min_attendance_percent``); these are what attendance adds to it."""

    programme = models.OneToOneField(
        "programmes.Programme",
        verbose_name=_("program"),
        on_delete=models.CASCADE,
        related_name="attendance_settings",
    )
    excused_rule = models.CharField(
        _("izin dihitung"),
        max_length=16,
        choices=ExcusedRule.choices,
        default=DEFAULT_EXCUSED_RULE,
    )
    late_grace_minutes = models.PositiveSmallIntegerField(
        _("toleransi terlambat (menit)"),
        default=DEFAULT_GRACE_MINUTES,
        validators=[MaxValueValidator(240)],
    )

    class Meta:
        verbose_name = _("aturan kehadiran")
        verbose_name_plural = _("aturan kehadiran")

    def __str__(self):
        return str(self.programme)


class Session(models.Model):
    wave = models.ForeignKey(
        "programmes.Wave",
        verbose_name=_("gelombang"),
        on_delete=models.CASCADE,
        related_name="sessions",
    )
    kind = models.CharField(_("jenis"), max_length=16, choices=SessionKind.choices)
    title = models.CharField(_("judul"), max_length=200)
    venue = models.CharField(_("tempat"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("mulai"))
    ends_at = models.DateTimeField(_("selesai"))
    lesson_hours = models.PositiveSmallIntegerField(
        _("jam pelajaran (JP)"), default=2, validators=[MaxValueValidator(24)]
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("fasilitator"),
        related_name="attendance_sessions",
        blank=True,
    )
    unit = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("unit pelaksana"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_(
            "Untuk program di beberapa unit: sesi ini hanya untuk peserta dari unit ini. "
            "Kosongkan bila untuk semua peserta."
        ),
    )
    code = models.CharField(
        _("kode sesi"), max_length=6, unique=True, default=new_session_code, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sesi")
        verbose_name_plural = _("sesi")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="session_times_order"
            )
        ]
        indexes = [models.Index(fields=["wave", "starts_at"])]

    def __str__(self):
        return self.title

    @property
    def time_zone(self) -> str:
        return self.wave.time_zone

    def when_label(self) -> str:
        """ "25 Nov 2026 08:00–10:00 WIT", in the wave's zone."""
        from lms import timezones

        start = timezones.format_in_zone(self.starts_at, self.time_zone)
        end = timezones.in_zone(self.ends_at, self.time_zone)
        date, _sep, rest = start.rpartition(" ")[0].rpartition(" ")
        return f"{date} {rest}–{end:%H:%M} {timezones.zone_label(self.time_zone)}"

    when_label.short_description = _("waktu (zona tempat)")

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("Waktu selesai harus setelah waktu mulai.")})


class AttendanceRecord(models.Model):
    session = models.ForeignKey(
        Session, verbose_name=_("sesi"), on_delete=models.PROTECT, related_name="records"
    )
    enrolment = models.ForeignKey(
        "programmes.Enrolment",
        verbose_name=_("peserta"),
        on_delete=models.PROTECT,
        related_name="attendance_records",
    )
    status = models.CharField(_("status"), max_length=8, choices=Mark.choices)
    note = models.CharField(_("catatan"), max_length=200, blank=True)
    source = models.CharField(_("sumber"), max_length=16, choices=Source.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicatat oleh"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("dicatat pada"))
    # Raised by one on every change: a device or form that saw version n and finds n+1 knows
    # someone else changed the mark meanwhile.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("catatan kehadiran")
        verbose_name_plural = _("catatan kehadiran")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "enrolment"], name="attendance_once_per_session"
            )
        ]
        indexes = [models.Index(fields=["enrolment", "status"])]

    def __str__(self):
        return f"{self.enrolment_id} – {self.get_status_display()}"


class SessionEvidence(models.Model):
    """A photo or scan of a signed paper sheet, kept as evidence of the session."""

    session = models.ForeignKey(
        Session, verbose_name=_("sesi"), on_delete=models.PROTECT, related_name="evidence"
    )
    file = models.FileField(_("berkas"), upload_to=evidence_upload_to)
    content_type = models.CharField(max_length=100)
    original_name = models.CharField(max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bukti lembar hadir")
        verbose_name_plural = _("bukti lembar hadir")
        ordering = ["-uploaded_at"]

    def __str__(self):
        return self.original_name


class OfflineMark(models.Model):
    """Every mark a device sent, by the id the device gave it: sending twice changes nothing."""

    client_id = models.CharField(max_length=64, unique=True)
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="+")
    enrolment = models.ForeignKey(
        "programmes.Enrolment", on_delete=models.CASCADE, related_name="+"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    received_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(max_length=16)  # "applied", "unchanged", "conflict"

    def __str__(self):
        return self.client_id


class AttendanceConflict(models.Model):
    """A mark made offline on a record someone else changed meanwhile: both are kept here until
    a facilitator or staff member chooses one."""

    session = models.ForeignKey(
        Session, verbose_name=_("sesi"), on_delete=models.CASCADE, related_name="conflicts"
    )
    enrolment = models.ForeignKey(
        "programmes.Enrolment",
        verbose_name=_("peserta"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    record = models.ForeignKey(AttendanceRecord, on_delete=models.CASCADE, related_name="conflicts")
    offline_status = models.CharField(_("tanda luring"), max_length=8, choices=Mark.choices)
    offline_note = models.CharField(max_length=200, blank=True)
    offline_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    offline_marked_at = models.DateTimeField(_("ditandai luring pada"))
    server_status = models.CharField(_("tanda di server"), max_length=8, choices=Mark.choices)
    server_note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    chosen_status = models.CharField(max_length=8, choices=Mark.choices, blank=True)

    class Meta:
        verbose_name = _("konflik kehadiran")
        verbose_name_plural = _("konflik kehadiran")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.enrolment_id}: {self.offline_status} / {self.server_status}"


class CalendarFeed(models.Model):
    """A user's private calendar feed address; a new token revokes the old one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attendance_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return str(self.user_id)


# --- Kept summaries (``tallies``) -------------------------------------------------------------


class AttendanceTally(models.Model):
    """What one enrolment's attendance records add up to, kept by the services that write them
    (``attendance.tallies``), in the same transaction. Only records of the enrolment's own
    sessions count (a session for one unit counts for that unit's people), whenever the
    session begins: ``marked_until`` is the latest start among the sessions counted, so a
    reader knows when the tally is also the figure "so far". A missing row is not zero: it
    means "not kept" (compute from the records)."""

    enrolment = models.OneToOneField(
        "programmes.Enrolment",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="attendance_tally",
    )
    sessions_attended = models.PositiveIntegerField(default=0)
    sessions_excused = models.PositiveIntegerField(default=0)
    jp_attended = models.PositiveIntegerField(default=0)
    jp_excused = models.PositiveIntegerField(default=0)
    marked_until = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.enrolment_id}: {self.jp_attended} JP"


class ScheduleTally(models.Model):
    """A wave's sessions added up, kept by the schedule services: once ``last_start`` has
    passed, the JP "so far" of every participant is ``lesson_hours`` (when no session is for one
    unit only). A missing row means "not kept"."""

    wave = models.OneToOneField(
        "programmes.Wave",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="schedule_tally",
    )
    sessions = models.PositiveIntegerField(default=0)
    lesson_hours = models.PositiveIntegerField(default=0)
    last_start = models.DateTimeField(null=True, blank=True)
    unit_sessions = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.wave_id}: {self.sessions}"
