"""Thin views for what is not a page: marking a lesson done, answering a quiz, printing a module.
Lessons themselves are Wagtail pages (see ``courses.models``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import permissions, selectors, services
from .models import LessonPage, ModulePage


def _live_lesson(pk: int) -> LessonPage:
    return get_object_or_404(LessonPage.objects.live(), pk=pk)


def _back_to(request, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@login_required
@require_POST
def lesson_complete(request, pk: int):
    lesson = _live_lesson(pk)
    if request.POST.get("undo"):
        services.lesson_reopen(user=request.user, lesson=lesson)
    else:
        services.lesson_complete(user=request.user, lesson=lesson)
    if request.headers.get("HX-Request"):
        return render(
            request,
            "courses/_lesson_done_form.html",
            {"page": lesson, "lesson_done": not request.POST.get("undo")},
        )
    if not request.POST.get("undo"):
        messages.success(
            request,
            _("Pelajaran “%(title)s” ditandai selesai.") % {"title": lesson.title},
        )
    return redirect(_back_to(request, lesson.get_url(request)))


@login_required
@require_POST
def quiz_answer(request, pk: int):
    lesson = _live_lesson(pk)
    block_id = request.POST.get("block_id", "")
    try:
        answer_index = int(request.POST.get("answer", ""))
    except ValueError:
        answer_index = -1
    try:
        services.quiz_answer(
            user=request.user, lesson=lesson, block_id=block_id, answer_index=answer_index
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(f"{lesson.get_url(request)}#kuis-{block_id}")


@login_required
@require_GET
def module_print(request, pk: int):
    """A whole module on one page, every lesson in full, for printed hand-outs."""
    module = get_object_or_404(ModulePage.objects.live(), pk=pk)
    course = module.get_course()
    permissions.require_can_view_course_content(request.user, course)
    lessons = selectors.module_lessons_for_print(module=module)
    return render(
        request,
        "courses/module_print.html",
        {"module": module, "course": course, "lessons": lessons},
    )
