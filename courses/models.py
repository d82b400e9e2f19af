"""Training content as Wagtail pages (catalogue → course → module → lesson) and the plain
records that are not page data: tracks, curriculum links, lesson completions and quiz attempts.

Progress is keyed on the lesson's ``translation_key``: it survives page moves, edits and
republishing, is shared by a lesson and its translations, and keeps a title snapshot so that a
deleted lesson still reads sensibly on the trainee's progress page.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from lms.content_cache import content_version

from . import permissions, selectors
from .blocks import LessonStreamBlock
from .constants import Level


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


class CourseIndexPage(Page):
    """The course catalogue: public, so anyone can see what is taught."""

    intro = models.TextField(_("pengantar"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count_per_parent = 1
    template = "courses/course_index_page.html"

    class Meta:
        verbose_name = _("katalog kursus")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["courses"] = selectors.catalogue_courses(catalogue=self)
        return context


class CoursePage(Page):
    track = models.ForeignKey(
        Track, verbose_name=_("jalur"), on_delete=models.PROTECT, related_name="courses"
    )
    summary = models.TextField(_("ringkasan"), max_length=600)
    learning_outcomes = RichTextField(
        _("capaian pembelajaran"), blank=True, features=["ul", "ol", "bold", "italic"]
    )
    level = models.CharField(
        _("tingkat"), max_length=16, choices=Level.choices, default=Level.BASIC
    )
    lesson_hours = models.PositiveSmallIntegerField(
        _("jam pelajaran (JP)"), default=1, help_text=_("Satu JP = 45 menit.")
    )
    open_to_all_trainees = models.BooleanField(
        _("terbuka untuk semua peserta yang masuk"),
        default=False,
        help_text=_(
            "Bila tidak dicentang, hanya peserta program yang kurikulumnya memuat kursus ini."
        ),
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("track"), FieldPanel("level"), FieldPanel("lesson_hours")],
            heading=_("Tentang kursus"),
        ),
        FieldPanel("summary"),
        FieldPanel("learning_outcomes"),
    ]
    settings_panels = [*Page.settings_panels, FieldPanel("open_to_all_trainees")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("learning_outcomes"),
        index.FilterField("track"),
    ]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.ModulePage"]
    template = "courses/course_page.html"

    class Meta:
        verbose_name = _("kursus")
        verbose_name_plural = _("kursus")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["outline"] = selectors.course_outline(course=self, user=request.user)
        context["can_learn"] = permissions.can_view_course_content(request.user, self)
        return context


class ProtectedContentMixin:
    """Modules and lessons are for the course's trainees: anonymous visitors are sent to log in,
    others without access get 403. The rule itself lives in ``courses.permissions``."""

    def serve(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not permissions.can_view_course_content(request.user, self.get_course()):
            raise PermissionDenied
        return super().serve(request, *args, **kwargs)

    def get_course(self) -> CoursePage:
        """The course above this page; cached while published content is unchanged."""
        if not hasattr(self, "_course"):
            key = f"courses:course-of:{self.pk}:{content_version()}"
            course = cache.get(key)
            if course is None:
                course = CoursePage.objects.ancestor_of(self).select_related("track").get()
                cache.set(key, course, timeout=24 * 3600)
            self._course = course
        return self._course


class ModulePage(ProtectedContentMixin, Page):
    intro = models.TextField(_("pengantar"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["courses.CoursePage"]
    subpage_types = ["courses.LessonPage"]
    template = "courses/module_page.html"

    class Meta:
        verbose_name = _("modul")
        verbose_name_plural = _("modul")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["course"] = self.get_course()
        context["outline"] = selectors.course_outline(course=context["course"], user=request.user)
        return context


class LessonPage(ProtectedContentMixin, Page):
    summary = models.CharField(_("ringkasan"), max_length=300, blank=True)
    minutes = models.PositiveSmallIntegerField(_("perkiraan durasi (menit)"), default=45)
    body = StreamField(LessonStreamBlock(), verbose_name=_("isi pelajaran"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("minutes"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
    ]
    parent_page_types = ["courses.ModulePage"]
    subpage_types: list[str] = []
    template = "courses/lesson_page.html"

    class Meta:
        verbose_name = _("pelajaran")
        verbose_name_plural = _("pelajaran")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.lesson_context(lesson=self, user=request.user))
        return context


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
        CoursePage,
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
