"""The plain course records that are not page data: tracks, curriculum links, lesson
completions and quiz attempts. They point at pages by string (``"courses.CoursePage"``) and
never import the page models, so pages may use records but not the other way round.

Progress is keyed on the lesson's ``translation_key``: it survives page moves, edits and
republishing, is shared by a lesson and its translations, and keeps a title snapshot so that a
deleted lesson still reads sensibly on the trainee's progress page.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class Track(models.Model):
    """A learning track (governance, finance, ...). Editors add tracks as snippets."""

    name = models.CharField(_("nama"), max_length=100, unique=True)
    name_en = models.CharField(_("nama (bahasa Inggris)"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("deskripsi"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("name_en"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        verbose_name = _("jalur pelatihan")
        verbose_name_plural = _("jalur pelatihan")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name


class CurriculumEntry(models.Model):
    """A course used by a programme, or by one wave of it when ``wave`` is set."""

    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("program"),
        on_delete=models.CASCADE,
        related_name="curriculum_entries",
    )
    wave = models.ForeignKey(
        "programmes.Wave",
        verbose_name=_("gelombang"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="curriculum_entries",
        help_text=_("Kosongkan bila kursus dipakai oleh semua gelombang program."),
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("kursus"),
        on_delete=models.CASCADE,
        related_name="curriculum_entries",
    )
    sort_order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("kurikulum")
        verbose_name_plural = _("kurikulum")
        ordering = ["programme_id", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "course"],
                condition=models.Q(wave__isnull=True),
                name="curriculum_course_once_per_programme",
            ),
            models.UniqueConstraint(
                fields=["programme", "wave", "course"], name="curriculum_course_once_per_wave"
            ),
        ]

    def __str__(self):
        return f"{self.programme} – {self.course}"

    def clean(self):
        super().clean()
        if self.wave_id and self.programme_id and self.wave.programme_id != self.programme_id:
            raise ValidationError(
                {"wave": _("Gelombang ini bukan bagian dari program yang dipilih.")}
            )


class LessonCompletion(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("peserta"),
        on_delete=models.CASCADE,
        related_name="lesson_completions",
    )
    # No foreign key to the page on purpose: see the module docstring.
    lesson_key = models.UUIDField(_("kunci pelajaran"))
    course_key = models.UUIDField(_("kunci kursus"))
    lesson_page_id = models.PositiveIntegerField(_("halaman pelajaran"), null=True, blank=True)
    lesson_title = models.CharField(_("judul pelajaran"), max_length=255)
    course_title = models.CharField(_("judul kursus"), max_length=255)
    completed_at = models.DateTimeField(_("selesai pada"))

    class Meta:
        verbose_name = _("pelajaran selesai")
        verbose_name_plural = _("pelajaran selesai")
        ordering = ["-completed_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson_key"], name="lesson_done_once")
        ]
        indexes = [models.Index(fields=["user", "course_key"])]

    def __str__(self):
        return f"{self.user} – {self.lesson_title}"


class QuizAttempt(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("peserta"),
        on_delete=models.CASCADE,
        related_name="quiz_attempts",
    )
    lesson_key = models.UUIDField(_("kunci pelajaran"))
    lesson_page_id = models.PositiveIntegerField(_("halaman pelajaran"), null=True, blank=True)
    block_id = models.CharField(_("blok kuis"), max_length=64)
    question = models.CharField(_("pertanyaan"), max_length=500)
    answer = models.CharField(_("jawaban"), max_length=500)
    answer_index = models.PositiveSmallIntegerField(_("nomor jawaban"))
    is_correct = models.BooleanField(_("benar"))
    attempted_at = models.DateTimeField(_("dijawab pada"))

    class Meta:
        verbose_name = _("jawaban kuis")
        verbose_name_plural = _("jawaban kuis")
        ordering = ["-attempted_at", "-id"]
        indexes = [models.Index(fields=["user", "lesson_key"])]

    def __str__(self):
        return f"{self.user} – {self.question}"
