"""Training content as Wagtail pages: catalogue → course → module → lesson.

Pages hold content and nothing else. They import the records below them (a course's track) but
no rule and no read above them: who may open a module or lesson is checked by the
``before_serve_page`` hook (``courses.wagtail_hooks``, asking ``courses.permissions``), and what
a page shows beside its own fields (outline, progress, quiz answers) is read by the page's
template through ``courses_tags`` (asking ``courses.selectors``). So this module sits below both.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from lms.content_cache import content_version

from .blocks import LessonStreamBlock
from .constants import Level
from .records import Track


class CourseIndexPage(Page):
    """The course catalogue: public, so anyone can see what is taught."""

    intro = models.TextField(_("pengantar"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    show_in_menus_default = True  # the site's navigation links the catalogue (cms_tags.site_menu)
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count_per_parent = 1
    template = "courses/course_index_page.html"

    class Meta:
        verbose_name = _("katalog kursus")


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


class ProtectedContentMixin:
    """Modules and lessons: content of one course, open only to those who may follow it (the
    rule is ``courses.permissions``; the check runs before the page is served)."""

    def get_course(self, *, cached: bool = True) -> CoursePage:
        """The course above this page. Live pages read it from the cache while published
        content is unchanged; a page being previewed (``cached=False``) or not saved yet never
        reads or fills that cache."""
        if not hasattr(self, "_course"):
            cached = cached and self.pk is not None
            key = f"courses:course-of:{self.pk}:{content_version()}" if cached else None
            course = cache.get(key) if key else None
            if course is None:
                course = CoursePage.objects.ancestor_of(self).select_related("track").get()
                if key:
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
