from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from organisations.api import Organisation, TimeZone

from .constants import (
    SEAT_STATUSES,
    BoardPosition,
    EnrolmentStatus,
    FacilitatorRole,
    ProgrammeKind,
)


class Programme(ClusterableModel):
    title = models.CharField(_("judul"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=16, choices=ProgrammeKind.choices)
    description = models.TextField(_("deskripsi"), blank=True)
    organiser = models.ForeignKey(
        Organisation,
        verbose_name=_("penyelenggara"),
        on_delete=models.PROTECT,
        related_name="organised_programmes",
    )
    # Completion rule, read by the certificate work: who has earned a certificate.
    min_attendance_percent = models.PositiveSmallIntegerField(
        _("kehadiran minimal (%)"),
        default=80,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    require_assignments_passed = models.BooleanField(
        _("semua tugas wajib harus lulus"), default=True
    )
    lesson_hours = models.PositiveSmallIntegerField(_("jam pelajaran (JP)"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("program")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_attendance_percent__lte=100), name="programme_attendance_percent"
            )
        ]

    def __str__(self):
        return self.title


class PartnerAgreement(models.Model):
    """A partner of a programme and its cooperation agreement (Perjanjian Kerja Sama, PKS)."""

    programme = ParentalKey(
        Programme, verbose_name=_("program"), on_delete=models.CASCADE, related_name="partnerships"
    )
    partner = models.ForeignKey(
        Organisation, verbose_name=_("mitra"), on_delete=models.PROTECT, related_name="+"
    )
    agreement_number = models.CharField(_("nomor PKS"), max_length=100, blank=True)
    signed_on = models.DateField(_("tanggal penandatanganan"), null=True, blank=True)
    scope = models.TextField(_("ruang lingkup kerja sama"), blank=True)

    class Meta:
        verbose_name = _("mitra dan PKS")
        verbose_name_plural = _("mitra dan PKS")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "partner"], name="partner_once_per_programme"
            )
        ]

    def __str__(self):
        return f"{self.partner} – {self.programme}"


class Wave(ClusterableModel):
    """A wave (gelombang) or batch of a programme: dates, host site, venue, seats."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("program"), on_delete=models.PROTECT, related_name="waves"
    )
    number = models.PositiveSmallIntegerField(_("gelombang ke-"), validators=[MinValueValidator(1)])
    starts_on = models.DateField(_("tanggal mulai"))
    ends_on = models.DateField(_("tanggal selesai"))
    host_site = models.ForeignKey(
        Organisation,
        verbose_name=_("tuan rumah"),
        on_delete=models.PROTECT,
        related_name="hosted_waves",
    )
    venue = models.CharField(_("tempat"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(_("kapasitas"), validators=[MinValueValidator(1)])
    sector = models.CharField(_("fokus sektor"), max_length=100, blank=True)
    time_zone = models.CharField(
        _("zona waktu"),
        max_length=32,
        choices=TimeZone.choices,
        blank=True,
        help_text=_("Kosongkan untuk memakai zona waktu provinsi tuan rumah."),
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="FacilitatorAssignment",
        related_name="facilitated_waves",
        blank=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("gelombang")
        verbose_name_plural = _("gelombang")
        ordering = ["-starts_on", "programme_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="wave_number_unique"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="wave_dates_order"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="wave_capacity_positive"),
        ]
        indexes = [models.Index(fields=["host_site", "starts_on"])]

    def __str__(self):
        return _("%(programme)s – gelombang %(number)s") % {
            "programme": self.programme.title if self.programme_id else "?",
            "number": self.number,
        }

    def clean(self):
        super().clean()
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("Tanggal selesai tidak boleh sebelum tanggal mulai.")
        if self.pk and self.capacity:
            seats = self.enrolments.filter(status__in=SEAT_STATUSES).count()
            if self.capacity < seats:
                errors["capacity"] = _(
                    "Kapasitas tidak boleh lebih kecil dari jumlah peserta terdaftar (%(n)s)."
                ) % {"n": seats}
        if not self.time_zone and self.host_site_id:
            self.time_zone = self.host_site.province.time_zone
        if errors:
            raise ValidationError(errors)


class FacilitatorAssignment(models.Model):
    wave = ParentalKey(
        Wave, verbose_name=_("gelombang"), on_delete=models.CASCADE, related_name="assignments"
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("fasilitator"),
        on_delete=models.PROTECT,
        related_name="wave_assignments",
    )
    role = models.CharField(
        _("peran"),
        max_length=16,
        choices=FacilitatorRole.choices,
        default=FacilitatorRole.FACILITATOR,
    )

    class Meta:
        verbose_name = _("penugasan fasilitator")
        verbose_name_plural = _("penugasan fasilitator")
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "facilitator"], name="facilitator_once_per_wave"
            )
        ]

    def __str__(self):
        return f"{self.facilitator} – {self.get_role_display()}"

    def clean(self):
        super().clean()
        if self.facilitator_id and self.facilitator.role != "facilitator":
            raise ValidationError(
                {"facilitator": _("Hanya pengguna berperan fasilitator yang dapat ditugaskan.")}
            )


class Enrolment(models.Model):
    """A participant's place in a wave. One row per participant and wave: withdrawing and
    re-enrolling change its status, so the history stays in the audit trail."""

    wave = models.ForeignKey(
        Wave, verbose_name=_("gelombang"), on_delete=models.PROTECT, related_name="enrolments"
    )
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("peserta"),
        on_delete=models.PROTECT,
        related_name="enrolments",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=EnrolmentStatus.choices, default=EnrolmentStatus.INVITED
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("koperasi / unit asal"),
        on_delete=models.PROTECT,
        related_name="enrolments",
    )
    board_position = models.CharField(
        _("jabatan"), max_length=16, choices=BoardPosition.choices, blank=True
    )
    enrolled_at = models.DateTimeField(_("didaftarkan"), auto_now_add=True)
    status_changed_at = models.DateTimeField(_("status diubah"), auto_now_add=True)
    notified_at = models.DateTimeField(_("pemberitahuan terkirim"), null=True, blank=True)

    class Meta:
        verbose_name = _("pendaftaran")
        verbose_name_plural = _("pendaftaran")
        ordering = ["-enrolled_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["wave", "participant"], name="enrolment_once_per_wave")
        ]
        indexes = [
            # Covers each wave's seats and the programmes list's head counts (participants
            # holding a seat in the programme's waves, within a region for regional staff):
            # PostgreSQL reads them from the index alone.
            models.Index(
                fields=["wave", "status", "participant", "organisation"],
                name="enrolment_wave_seats",
            ),
            models.Index(fields=["organisation", "wave"]),
            models.Index(fields=["-enrolled_at", "-id"], name="enrolment_newest_first"),
        ]

    def __str__(self):
        return f"{self.participant} – {self.wave}"

    @property
    def holds_seat(self) -> bool:
        return self.status in SEAT_STATUSES
