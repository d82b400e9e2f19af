"""Certificates: the per-programme settings (issuer, signatories, logos, serial pattern, the
completion rule), each issued certificate with its serial and unguessable verification code, and
the per-programme counter that makes serials gap-free.

A certificate keeps a snapshot of what it states (name, programme, wave, dates, JP, tracks,
issuer) taken when it is issued: the verification page, the PDF and the Open Badges credential
all read that snapshot, so a later change of a programme or a person never alters a document
already handed out (a correction is a reissue: a new version that supersedes the old one)."""

from __future__ import annotations

import secrets
import string

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from .constants import (
    DEFAULT_SERIAL_PATTERN,
    AttendanceBasis,
    CertificateStatus,
)

CODE_ALPHABET = string.ascii_uppercase + "234567"  # RFC 4648 base32: no 0/1/8/9 to misread
CODE_LENGTH = 20  # 100 bits


def pdf_upload_to(instance, filename: str) -> str:
    """Unguessable storage names (``lms.files.upload_to``); imported here, not at module load,
    because ``lms.files`` loads Wagtail's image forms, which need the models ready."""
    from lms import files

    return files.upload_to("certificates/pdf")(instance, filename)


def new_verification_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def format_serial(pattern: str, *, code: str, year: int, wave: int, seq: int) -> str:
    return pattern.format(code=code, year=year, wave=wave, seq=seq)


def validate_serial_pattern(pattern: str) -> None:
    try:
        sample = format_serial(pattern, code="X", year=2026, wave=1, seq=1)
        other = format_serial(pattern, code="X", year=2026, wave=1, seq=2)
    except (KeyError, IndexError, ValueError) as error:
        raise ValidationError(
            _("Pola nomor seri tidak valid; pakai {code}, {year}, {wave} dan {seq}."),
            code="serial_pattern",
        ) from error
    if sample == other:
        raise ValidationError(
            _("Pola nomor seri harus memuat {seq} agar setiap nomor berbeda."),
            code="serial_pattern_seq",
        )


PRINTED_TEXT_ERROR = _(
    "Teks yang tercetak pada sertifikat tidak boleh menyebut Lapas, Rutan, LPKA, Bapas, "
    "pemasyarakatan atau warga binaan: sertifikat tidak boleh mengungkap tempat pemegangnya "
    "dibina."
)


class CertificateSettings(ClusterableModel):
    """How one programme's certificates look and when they are earned."""

    programme = models.OneToOneField(
        "programmes.Programme",
        verbose_name=_("program"),
        on_delete=models.CASCADE,
        related_name="certificate_settings",
    )
    issuer = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("penerbit"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_(
            "Organisasi yang tertera sebagai penerbit. Kosongkan untuk memakai penyelenggara "
            "program. Tidak boleh Lapas, Rutan, LPKA, Bapas atau koperasi warga binaan."
        ),
    )
    title = models.CharField(_("judul sertifikat"), max_length=120, default="Sertifikat")
    programme_name = models.CharField(
        _("nama program pada sertifikat"),
        max_length=200,
        blank=True,
        help_text=_(
            "Nama program yang tercetak pada sertifikat, halaman verifikasi dan kredensial. "
            "Kosongkan untuk memakai judul program. Wajib diisi nama yang netral bila judul "
            "program menyebut warga binaan, Lapas, Rutan atau pemasyarakatan."
        ),
    )
    competencies = models.TextField(
        _("kompetensi / materi yang dicakup"),
        blank=True,
        help_text=_("Satu baris per kompetensi atau materi; tercetak pada sertifikat."),
    )
    code = models.CharField(
        _("kode program untuk nomor seri"),
        max_length=20,
        help_text=_("Misalnya MAGANG; dipakai dalam pola nomor seri sebagai {code}."),
    )
    serial_pattern = models.CharField(
        _("pola nomor seri"),
        max_length=80,
        default=DEFAULT_SERIAL_PATTERN,
        validators=[validate_serial_pattern],
        help_text=_("Unsur: {code}, {year}, {wave}, {seq:04d} (urutan per program)."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    second_logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo kedua"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Completion rule (the programme's minimum attendance and "every required assignment"
    # switch live on the programme itself; these complete it).
    attendance_basis = models.CharField(
        _("dasar perhitungan kehadiran"),
        max_length=12,
        choices=AttendanceBasis.choices,
        default=AttendanceBasis.SESSIONS,
    )
    min_logbook_hours = models.DecimalField(
        _("jam logbook terverifikasi minimal"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    require_courses_completed = models.BooleanField(
        _("kursus kurikulum harus selesai"), default=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pengaturan sertifikat")
        verbose_name_plural = _("pengaturan sertifikat")

    def __str__(self):
        return str(self.programme)

    def clean(self):
        super().clean()
        from .issuer import is_correctional, names_correctional_place

        errors = {}
        for name in ("programme_name", "title", "competencies"):
            if names_correctional_place(getattr(self, name)):
                errors[name] = PRINTED_TEXT_ERROR
        if (
            not self.programme_name
            and self.programme_id
            and names_correctional_place(self.programme.title)
        ):
            errors["programme_name"] = _(
                "Judul program menyebut tempat pembinaan pemegangnya. Isi nama program yang "
                "netral untuk dicetak pada sertifikat."
            )
        if errors:
            raise ValidationError(errors)
        if self.issuer_id and is_correctional(self.issuer):
            raise ValidationError(
                {
                    "issuer": _(
                        "Penerbit sertifikat tidak boleh lembaga pemasyarakatan atau koperasi "
                        "warga binaan: sertifikat tidak boleh mengungkap tempat pemegangnya "
                        "dibina."
                    )
                }
            )


class Signatory(models.Model):
    settings = ParentalKey(
        CertificateSettings,
        verbose_name=_("pengaturan sertifikat"),
        on_delete=models.CASCADE,
        related_name="signatories",
    )
    sort_order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    name = models.CharField(_("nama"), max_length=150)
    position = models.CharField(_("jabatan"), max_length=150)
    signature = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("gambar tanda tangan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("penanda tangan")
        verbose_name_plural = _("penanda tangan")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return f"{self.name} – {self.position}"


class SerialCounter(models.Model):
    """The last sequence number used per programme. Issuing locks this row (SELECT ... FOR
    UPDATE) for the length of its transaction, so concurrent issues take consecutive numbers
    and a rolled-back issue leaves no gap."""

    programme = models.OneToOneField(
        "programmes.Programme", on_delete=models.CASCADE, related_name="+"
    )
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.programme_id}: {self.last}"


class Certificate(models.Model):
    enrolment = models.ForeignKey(
        "programmes.Enrolment",
        verbose_name=_("pendaftaran"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("peserta"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    wave = models.ForeignKey(
        "programmes.Wave",
        verbose_name=_("gelombang"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    issuer = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("penerbit"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    serial = models.CharField(_("nomor seri"), max_length=100, unique=True)
    sequence = models.PositiveIntegerField(_("urutan"))
    verification_code = models.CharField(
        _("kode verifikasi"), max_length=32, unique=True, default=new_verification_code
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=CertificateStatus.choices,
        default=CertificateStatus.VALID,
    )
    version = models.PositiveSmallIntegerField(_("versi"), default=1)
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("menggantikan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    # What the certificate states, frozen when issued (see the module docstring).
    content = models.JSONField(_("isi"), default=dict)
    issued_at = models.DateTimeField(_("diterbitkan"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diterbitkan oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("dicabut pada"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicabut oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_reason = models.TextField(_("alasan pencabutan"), blank=True)
    superseded_at = models.DateTimeField(_("digantikan pada"), null=True, blank=True)
    pdf = models.FileField(_("berkas PDF"), upload_to=pdf_upload_to, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    rendered_at = models.DateTimeField(_("PDF dibuat"), null=True, blank=True)

    class Meta:
        verbose_name = _("sertifikat")
        verbose_name_plural = _("sertifikat")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            # The idempotency key: one certificate per enrolment and version, so issuing
            # twice (a double click, a retried task) can never make two.
            models.UniqueConstraint(
                fields=["enrolment", "version"], name="certificate_once_per_version"
            ),
            models.UniqueConstraint(
                fields=["programme", "sequence"], name="certificate_sequence_unique"
            ),
            models.UniqueConstraint(
                fields=["enrolment"],
                condition=Q(status="valid"),
                name="certificate_one_valid_per_enrolment",
            ),
        ]
        indexes = [models.Index(fields=["wave", "status"])]

    def __str__(self):
        return self.serial

    @property
    def is_valid(self) -> bool:
        return self.status == CertificateStatus.VALID

    @property
    def holder_name(self) -> str:
        return self.content.get("name", "")


class IssueBatch(models.Model):
    """One "issue every eligible participant of this wave" action: its progress is the number
    of its certificates whose PDF is ready."""

    wave = models.ForeignKey(
        "programmes.Wave", on_delete=models.CASCADE, related_name="certificate_batches"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    certificates = models.ManyToManyField(Certificate, related_name="batches", blank=True)
    total = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.wave_id} @ {self.created_at:%Y-%m-%d %H:%M}"
