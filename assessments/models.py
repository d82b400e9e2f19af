"""Assignments per wave, rubrics, submissions (per participant or per cooperative team) with
their versions, grades, in-app notifications, and the apprentice logbook."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField

from .constants import (
    ANSWER_KINDS,
    DEFAULT_KINDS,
    LatePolicy,
    LogbookStatus,
    Mode,
    NotificationKind,
    SubmissionStatus,
)

MB = 1024 * 1024


def submission_upload_to(instance, filename: str) -> str:
    """Unguessable names (``lms.files.upload_to``), imported on use: lms.files loads Wagtail's
    image forms, which cannot be imported while models load."""
    from lms import files

    return files.upload_to("assessments/submissions")(instance, filename)


def logbook_upload_to(instance, filename: str) -> str:
    from lms import files

    return files.upload_to("assessments/logbook")(instance, filename)


def _default_kinds():
    return list(DEFAULT_KINDS)


# --- Rubrics --------------------------------------------------------------------------------


class Rubric(models.Model):
    """A reusable rubric: criteria, each with levels worth points and described."""

    title = models.CharField(_("judul"), max_length=200)
    description = models.TextField(_("keterangan"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("rubrik")
        verbose_name_plural = _("rubrik")
        ordering = ["title"]

    def __str__(self):
        return self.title


class RubricCriterion(models.Model):
    rubric = models.ForeignKey(
        Rubric, verbose_name=_("rubrik"), on_delete=models.CASCADE, related_name="criteria"
    )
    title = models.CharField(_("kriteria"), max_length=200)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("kriteria rubrik")
        verbose_name_plural = _("kriteria rubrik")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title


class RubricLevel(models.Model):
    criterion = models.ForeignKey(
        RubricCriterion, verbose_name=_("kriteria"), on_delete=models.CASCADE, related_name="levels"
    )
    title = models.CharField(_("tingkat"), max_length=100)
    points = models.DecimalField(_("poin"), max_digits=6, decimal_places=2)
    descriptor = models.TextField(_("deskripsi"), blank=True)

    class Meta:
        verbose_name = _("tingkat rubrik")
        verbose_name_plural = _("tingkat rubrik")
        ordering = ["-points", "pk"]

    def __str__(self):
        return f"{self.title} ({self.points})"


# --- Assignments ----------------------------------------------------------------------------


class Assignment(models.Model):
    wave = models.ForeignKey(
        "programmes.Wave",
        verbose_name=_("gelombang"),
        on_delete=models.PROTECT,
        related_name="assessment_assignments",
    )
    title = models.CharField(_("judul"), max_length=200)
    instructions = RichTextField(_("petunjuk"), blank=True)
    template_document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("dokumen contoh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_at = models.DateTimeField(_("tenggat"))
    late_policy = models.CharField(
        _("kebijakan terlambat"), max_length=8, choices=LatePolicy.choices, default=LatePolicy.FLAG
    )
    max_score = models.DecimalField(
        _("nilai maksimal"), max_digits=6, decimal_places=2, default=Decimal(100)
    )
    pass_mark = models.DecimalField(
        _("batas lulus"), max_digits=6, decimal_places=2, default=Decimal(60)
    )
    required_for_certificate = models.BooleanField(_("wajib untuk sertifikat"), default=True)
    mode = models.CharField(
        _("pengumpulan"), max_length=12, choices=Mode.choices, default=Mode.INDIVIDUAL
    )
    accepts_text = models.BooleanField(_("jawaban teks"), default=True)
    accepts_file = models.BooleanField(_("jawaban berkas"), default=True)
    allowed_kinds = models.JSONField(_("jenis berkas yang diterima"), default=_default_kinds)
    max_size_mb = models.PositiveSmallIntegerField(
        _("ukuran berkas maksimal (MB)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    rubric = models.ForeignKey(
        Rubric,
        verbose_name=_("rubrik"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tugas")
        verbose_name_plural = _("tugas")
        ordering = ["due_at", "pk"]
        indexes = [models.Index(fields=["wave", "due_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(pass_mark__lte=models.F("max_score")), name="assignment_pass_le_max"
            ),
            models.CheckConstraint(
                condition=Q(accepts_text=True) | Q(accepts_file=True),
                name="assignment_takes_an_answer",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_team(self) -> bool:
        return self.mode == Mode.TEAM

    @property
    def max_bytes(self) -> int:
        return self.max_size_mb * MB

    def clean(self):
        super().clean()
        errors = {}
        if not (self.accepts_text or self.accepts_file):
            errors["accepts_file"] = _("Pilih jawaban teks, berkas, atau keduanya.")
        if self.pass_mark is not None and self.max_score is not None:
            if self.pass_mark > self.max_score:
                errors["pass_mark"] = _("Batas lulus tidak boleh melebihi nilai maksimal.")
        kinds = self.allowed_kinds or []
        if not isinstance(kinds, list) or any(k not in ANSWER_KINDS for k in kinds):
            errors["allowed_kinds"] = _("Jenis berkas tidak dikenal.")
        elif self.accepts_file and not kinds:
            errors["allowed_kinds"] = _("Pilih setidaknya satu jenis berkas.")
        if errors:
            raise ValidationError(errors)


# --- Submissions ----------------------------------------------------------------------------


class Submission(models.Model):
    """One participant's (or one cooperative team's) answer to an assignment, across versions.
    The draft lives on the row; each hand-in adds a SubmissionVersion."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("tugas"), on_delete=models.PROTECT, related_name="submissions"
    )
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("peserta"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assessment_submissions",
    )
    team = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("koperasi (tim)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assessment_submissions",
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.DRAFT,
    )
    draft_text = models.TextField(_("draf teks"), blank=True)
    submitted_at = models.DateTimeField(_("dikumpulkan"), null=True, blank=True)
    is_late = models.BooleanField(_("terlambat"), default=False)
    on_behalf = models.BooleanField(_("diserahkan oleh fasilitator"), default=False)
    version_count = models.PositiveIntegerField(_("jumlah versi"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pengumpulan tugas")
        verbose_name_plural = _("pengumpulan tugas")
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "participant"],
                condition=Q(participant__isnull=False),
                name="submission_once_per_participant",
            ),
            models.UniqueConstraint(
                fields=["assignment", "team"],
                condition=Q(team__isnull=False),
                name="submission_once_per_team",
            ),
            models.CheckConstraint(
                condition=Q(participant__isnull=True, team__isnull=False)
                | Q(participant__isnull=False, team__isnull=True),
                name="submission_one_owner",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "submitted_at"], name="submission_queue"),
            models.Index(fields=["assignment", "status"]),
        ]

    def __str__(self):
        owner = self.team if self.team_id else self.participant
        return f"{self.assignment} – {owner}"


class SubmissionVersion(models.Model):
    submission = models.ForeignKey(
        Submission, verbose_name=_("pengumpulan"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("versi"))
    text = models.TextField(_("jawaban teks"), blank=True)
    file = models.FileField(_("berkas"), upload_to=submission_upload_to, blank=True)
    original_name = models.CharField(_("nama berkas"), max_length=160, blank=True)
    kind = models.CharField(_("jenis berkas"), max_length=8, blank=True)
    size = models.PositiveIntegerField(_("ukuran"), default=0)
    extracted_text = models.TextField(_("teks dari berkas"), blank=True)
    extracted = models.BooleanField(_("teks sudah diambil"), default=False)
    submitted_at = models.DateTimeField(_("dikumpulkan"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dikumpulkan oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    on_behalf = models.BooleanField(_("diserahkan oleh fasilitator"), default=False)
    is_late = models.BooleanField(_("terlambat"), default=False)

    class Meta:
        verbose_name = _("versi pengumpulan")
        verbose_name_plural = _("versi pengumpulan")
        ordering = ["submission", "number"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "number"], name="version_number_unique")
        ]

    def __str__(self):
        return _("Versi %(n)s") % {"n": self.number}


class Grade(models.Model):
    submission = models.OneToOneField(
        Submission, verbose_name=_("pengumpulan"), on_delete=models.CASCADE, related_name="grade"
    )
    score = models.DecimalField(_("nilai"), max_digits=6, decimal_places=2, null=True, blank=True)
    rubric_levels = models.ManyToManyField(
        RubricLevel, verbose_name=_("tingkat rubrik"), blank=True, related_name="+"
    )
    feedback = models.TextField(_("umpan balik"), blank=True)
    released = models.BooleanField(_("dirilis"), default=False)
    released_at = models.DateTimeField(_("dirilis pada"), null=True, blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("penilai"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    graded_at = models.DateTimeField(_("dinilai pada"), null=True, blank=True)
    graded_version = models.PositiveIntegerField(_("versi yang dinilai"), default=0)
    # Raised by every save: a grader's form carries the one it was opened with, and a save
    # against another is refused (two graders at once: nothing silently overwritten).
    revision = models.PositiveIntegerField(_("revisi"), default=0)

    class Meta:
        verbose_name = _("nilai")
        verbose_name_plural = _("nilai")

    def __str__(self):
        return f"{self.submission}: {self.score}"


# --- Notifications --------------------------------------------------------------------------


class Notification(models.Model):
    """An in-app message on the person's home (many participants have no e-mail)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("penerima"),
        on_delete=models.CASCADE,
        related_name="assessment_notifications",
    )
    kind = models.CharField(_("jenis"), max_length=16, choices=NotificationKind.choices)
    message = models.CharField(_("pesan"), max_length=300)
    url = models.CharField(_("tautan"), max_length=300, blank=True)
    # Idempotency: one reminder per assignment and person ("due:<assignment id>").
    key = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("pemberitahuan")
        verbose_name_plural = _("pemberitahuan")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], condition=~Q(key=""), name="notification_key_once"
            )
        ]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self):
        return self.message


# --- Apprentice logbook ---------------------------------------------------------------------


class LogbookPlan(models.Model):
    """The hours each apprentice of a wave is planned to practise on the job."""

    wave = models.OneToOneField(
        "programmes.Wave",
        verbose_name=_("gelombang"),
        on_delete=models.CASCADE,
        related_name="logbook_plan",
    )
    planned_hours = models.DecimalField(_("jam direncanakan"), max_digits=6, decimal_places=1)

    class Meta:
        verbose_name = _("rencana jam magang")
        verbose_name_plural = _("rencana jam magang")

    def __str__(self):
        return f"{self.wave}: {self.planned_hours}"


class LogbookEntry(models.Model):
    enrolment = models.ForeignKey(
        "programmes.Enrolment",
        verbose_name=_("peserta magang"),
        on_delete=models.PROTECT,
        related_name="logbook_entries",
    )
    day = models.DateField(_("tanggal"))
    activity = models.TextField(_("kegiatan"))
    place = models.CharField(_("tempat"), max_length=200)
    hours = models.DecimalField(
        _("jam"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal(16))],
    )
    track = models.CharField(_("bidang yang dilatih"), max_length=100, blank=True)
    photo = models.FileField(_("foto"), upload_to=logbook_upload_to, blank=True)
    photo_kind = models.CharField(max_length=8, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=LogbookStatus.choices, default=LogbookStatus.PENDING
    )
    mentor_comment = models.TextField(_("catatan mentor"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicatat oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diperiksa oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("catatan harian magang")
        verbose_name_plural = _("catatan harian magang")
        ordering = ["-day", "-pk"]
        indexes = [models.Index(fields=["enrolment", "status"])]

    def __str__(self):
        return f"{self.enrolment} – {self.day}"


# --- Kept summary (``tallies``) ---------------------------------------------------------------


class AssessmentTally(models.Model):
    """What the at-risk list asks of one enrolment's assignments and logbook, kept by the
    services that write them (``assessments.tallies``) in the same transaction:

    - ``overdue_from``: the earliest due time among the wave's required assignments it has not
      handed in (its own answer, or its cooperative's for a team assignment); none when all are;
    - ``failed``: required assignments graded below their pass mark;
    - ``logbook_pending``: logbook entries waiting for the mentor.

    Exact for the cooperative it names (another cooperative hands in other team answers: the
    reader then computes). A missing row means "not kept"."""

    enrolment = models.OneToOneField(
        "programmes.Enrolment",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="assessment_tally",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    overdue_from = models.DateTimeField(null=True, blank=True)
    failed = models.PositiveSmallIntegerField(default=0)
    logbook_pending = models.PositiveIntegerField(default=0)

    def __str__(self):
        return str(self.enrolment_id)
