"""Front-end pages: the trainee's assignments and answer page, the grading queue and page,
releases, hand-in on behalf, differences between versions, files (served only after checking the
viewer), the gradebook and its exports, notifications and the apprentice logbook.

Every page asks assessments.permissions: a record outside the viewer's reach answers 404; one
they may see but not change answers 403 to a write, and nothing is written."""

from __future__ import annotations

import difflib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.api import Role, scope_of
from lms import files, spreadsheets
from programmes import api as programmes

from . import permissions, selectors, services
from .constants import LogbookStatus, SubmissionStatus
from .forms import AnswerForm, GradeForm, LogbookForm, OnBehalfForm, PlanForm, ReviewForm
from .models import (
    Assignment,
    LogbookEntry,
    LogbookPlan,
    RubricLevel,
    Submission,
    SubmissionVersion,
)

PER_PAGE = 25
GRADEBOOK_PER_PAGE = 50


def _get(queryset, pk):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for message in errors:
                text = message.message % message.params if message.params else message.message
                form.add_error(field if field in form.fields else None, text)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _rubric(assignment):
    if not assignment.rubric_id:
        return []
    return list(
        assignment.rubric.criteria.prefetch_related(
            Prefetch("levels", queryset=RubricLevel.objects.order_by("-points", "pk"))
        )
    )


# --- Trainee --------------------------------------------------------------------------------


@login_required
def my_assignments(request):
    page = Paginator(selectors.my_assignments(request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "assessments/my_assignments.html",
        {
            "page_obj": page,
            "statuses": dict(SubmissionStatus.choices),
            "notifications": selectors.notifications_for(request.user, 10),
        },
    )


@login_required
def submit(request, pk):
    """An assignment's page for a trainee: instructions, rubric, their (team's) submission and
    its versions, feedback and grade once released; the answer form."""
    user = request.user
    assignment = _get(
        permissions.assignments_visible_to(user).select_related(
            "wave__programme", "rubric", "template_document"
        ),
        pk,
    )
    if user.role != Role.TRAINEE:
        query = urlencode({"assignment": assignment.pk, "wave": assignment.wave_id})
        return redirect(f"{reverse('assessments:queue')}?{query}")
    owner = services.owner_for_trainee(user, assignment)
    submission = (
        permissions.submissions_visible_to(user)
        .filter(assignment=assignment)
        .select_related("grade", "team", "participant")
        .first()
    )
    form = AnswerForm(
        initial={"text": submission.draft_text if submission else ""}, assignment=assignment
    )
    if request.method == "POST":
        if owner is None:
            raise PermissionDenied
        form = AnswerForm(request.POST, request.FILES, assignment=assignment)
        if form.is_valid():
            text = form.cleaned_data.get("text", "")
            upload = form.cleaned_data.get("file")
            try:
                if request.POST.get("action") == "draft":
                    services.save_draft(actor=user, assignment=assignment, text=text)
                    messages.success(request, _("Draf disimpan."))
                else:
                    services.submit(actor=user, assignment=assignment, text=text, upload=upload)
                    messages.success(request, _("Tugas dikumpulkan. Terima kasih!"))
                return redirect("assessments:submit", pk=assignment.pk)
            except ValidationError as error:
                _form_errors(form, error)
    versions = list(submission.versions.select_related("submitted_by")) if submission else []
    grade = getattr(submission, "grade", None) if submission else None
    show_grade = grade is not None and grade.released
    show_feedback = grade is not None and (
        grade.released or submission.status == SubmissionStatus.RETURNED
    )
    chosen = set(grade.rubric_levels.values_list("pk", flat=True)) if show_grade else set()
    return render(
        request,
        "assessments/submit.html",
        {
            "assignment": assignment,
            "wave": assignment.wave,
            "submission": submission,
            "versions": versions,
            "grade": grade if show_feedback else None,
            "show_grade": show_grade,
            "criteria": _rubric(assignment),
            "chosen": chosen,
            "form": form,
            "can_submit": owner is not None
            and (submission is None or submission.status != SubmissionStatus.GRADED),
            "is_late": assignment.due_at < timezone.now(),
        },
    )


@login_required
def version_file(request, pk):
    """A version's file, for whoever may see the submission; nobody gets a storage URL."""
    version = _get(
        SubmissionVersion.objects.filter(
            submission__in=permissions.submissions_visible_to(request.user).values("pk")
        ),
        pk,
    )
    if not version.file:
        raise Http404
    kind = files.KINDS.get(version.kind)
    return files.serve(
        request,
        version.file,
        filename=version.original_name or "berkas",
        content_type=kind.content_type if kind else "application/octet-stream",
        inline=request.GET.get("tampil") == "1",
    )


@login_required
def diff(request, pk):
    """What changed between two versions: text answers and the text taken from their files."""
    submission = _get(
        permissions.submissions_visible_to(request.user).select_related("assignment__wave"), pk
    )
    versions = {v.number: v for v in submission.versions.all()}
    if len(versions) < 2:
        raise Http404
    numbers = sorted(versions)
    try:
        a = int(request.GET.get("a", numbers[-2]))
        b = int(request.GET.get("b", numbers[-1]))
    except ValueError as error:
        raise Http404 from error
    if a not in versions or b not in versions:
        raise Http404

    def body(v):
        parts = [v.text.strip()] if v.text.strip() else []
        if v.extracted_text:
            parts.append(v.extracted_text)
        return "\n".join(parts).splitlines()

    lines = []
    for line in difflib.ndiff(body(versions[a]), body(versions[b])):
        tag, text = line[:1], line[2:]
        if tag == "?":
            continue
        lines.append({"kind": {"+": "add", "-": "del"}.get(tag, "same"), "text": text})
    pending = not (versions[a].extracted and versions[b].extracted)
    return render(
        request,
        "assessments/diff.html",
        {
            "submission": submission,
            "a": versions[a],
            "b": versions[b],
            "numbers": numbers,
            "lines": lines,
            "pending": pending,
            "changed": any(line["kind"] != "same" for line in lines),
        },
    )


# --- Grading --------------------------------------------------------------------------------


def _queue_filters(request):
    user = request.user
    waves = (
        permissions.waves_gradable_by(user)
        .select_related("programme")
        .order_by("-starts_on", "number")
    )
    wave = assignment = None
    wave_id = request.GET.get("wave") or ""
    if wave_id:
        wave = waves.filter(pk=wave_id).first() if wave_id.isdigit() else None
    assignment_id = request.GET.get("assignment") or ""
    assignments = Assignment.objects.filter(wave__in=waves.values("pk")).select_related("wave")
    if wave is not None:
        assignments = assignments.filter(wave=wave)
    if assignment_id.isdigit():
        assignment = assignments.filter(pk=assignment_id).first()
    status = request.GET.get("status", SubmissionStatus.SUBMITTED)
    if status not in dict(SubmissionStatus.choices):
        status = ""
    return {
        "waves": waves[:100],
        "assignments": assignments.order_by("due_at")[:200],
        "wave": wave,
        "assignment": assignment,
        "status": status,
    }


def _filter_query(filters) -> str:
    params = {"status": filters["status"]}
    if filters["wave"] is not None:
        params["wave"] = filters["wave"].pk
    if filters["assignment"] is not None:
        params["assignment"] = filters["assignment"].pk
    return urlencode(params)


@login_required
def queue(request):
    user = request.user
    if user.role == Role.TRAINEE:
        raise Http404
    filters = _queue_filters(request)
    rows = selectors.grading_queue(
        user,
        wave=filters["wave"],
        assignment=filters["assignment"],
        status=filters["status"] or None,
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "assessments/queue.html",
        {
            **filters,
            "page_obj": page,
            "statuses": SubmissionStatus.choices,
            "query": _filter_query(filters),
        },
    )


def _gradable_or_refuse(user, pk) -> Submission:
    qs = permissions.submissions_gradable_by(user).select_related(
        "assignment__wave__programme", "assignment__rubric", "participant", "team"
    )
    submission = qs.filter(pk=pk).first() if str(pk).isdigit() else None
    if submission is None:
        if permissions.submissions_visible_to(user).filter(pk=pk).exists():
            raise PermissionDenied
        raise Http404
    return submission


@login_required
def grade(request, pk):
    user = request.user
    submission = _gradable_or_refuse(user, pk)
    assignment = submission.assignment
    criteria = _rubric(assignment)
    current = services.Grade.objects.filter(submission=submission).first()
    filters = _queue_filters(request)
    conflict = None
    initial = {"revision": current.revision if current else 0}
    if current is not None:
        initial.update({"score": current.score, "feedback": current.feedback})
        for level in current.rubric_levels.select_related("criterion"):
            initial[f"c{level.criterion_id}"] = level.pk
    form = GradeForm(initial=initial, rubric=assignment.rubric, criteria=criteria)
    if request.method == "POST":
        action = request.POST.get("action", "save")
        form = GradeForm(request.POST, rubric=assignment.rubric, criteria=criteria)
        if action == "return":
            # Returning needs only feedback: the rubric may be left unfilled.
            for c in criteria:
                form.fields[f"c{c.pk}"].required = False
        if form.is_valid():
            data = form.cleaned_data
            try:
                if action == "return":
                    services.return_for_revision(
                        actor=user,
                        submission=submission,
                        feedback=data["feedback"],
                        revision=data["revision"],
                    )
                    messages.success(request, _("Tugas dikembalikan untuk revisi."))
                else:
                    services.grade_save(
                        actor=user,
                        submission=submission,
                        score=data.get("score"),
                        level_ids=form.level_ids(),
                        feedback=data["feedback"],
                        revision=data["revision"],
                        release=action == "release",
                        reason=data["reason"],
                    )
                    messages.success(
                        request,
                        _("Nilai disimpan dan dirilis.")
                        if action == "release"
                        else _("Nilai disimpan (belum dirilis)."),
                    )
                return redirect(
                    f"{reverse('assessments:grade', args=[submission.pk])}?{_filter_query(filters)}"
                )
            except services.GradeConflict as error:
                conflict = error.messages[0]
                current = services.Grade.objects.select_related("graded_by").get(
                    submission=submission
                )
                data = request.POST.copy()
                data["revision"] = str(current.revision)
                form = GradeForm(data, rubric=assignment.rubric, criteria=criteria)
                form.is_valid()
            except ValidationError as error:
                _form_errors(form, error)
    versions = list(submission.versions.select_related("submitted_by"))
    latest = versions[-1] if versions else None
    queue_rows = selectors.grading_queue(
        user,
        wave=filters["wave"],
        assignment=filters["assignment"],
        status=filters["status"] or None,
    )
    prev_id, next_id = selectors.neighbours(queue_rows, submission)
    chosen = set(current.rubric_levels.values_list("pk", flat=True)) if current else set()
    return render(
        request,
        "assessments/grade.html",
        {
            "submission": submission,
            "assignment": assignment,
            "wave": assignment.wave,
            "versions": versions,
            "latest": latest,
            "latest_kind": latest.kind if latest else "",
            "current": current,
            "chosen": chosen,
            "form": form,
            "conflict": conflict,
            "prev_id": prev_id,
            "next_id": next_id,
            "query": _filter_query(filters),
        },
    )


@login_required
@require_POST
def release(request, pk):
    submission = _gradable_or_refuse(request.user, pk)
    try:
        services.release(actor=request.user, submission=submission)
        messages.success(request, _("Nilai dirilis."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("assessments:grade", pk=submission.pk)


@login_required
@require_POST
def release_all(request, pk):
    assignment = _get(permissions.assignments_visible_to(request.user).select_related("wave"), pk)
    if not permissions.can_grade_in_wave(request.user, assignment.wave):
        raise PermissionDenied
    count = services.release_assignment(actor=request.user, assignment=assignment)
    messages.success(request, _("%(n)s nilai dirilis.") % {"n": count})
    query = urlencode({"assignment": assignment.pk, "status": SubmissionStatus.GRADED})
    return redirect(f"{reverse('assessments:queue')}?{query}")


@login_required
def on_behalf(request, pk):
    """A facilitator hands in a photo or scan of a paper draft for a participant or a team."""
    user = request.user
    assignment = _get(
        permissions.assignments_visible_to(user).select_related("wave__programme"), pk
    )
    if not permissions.can_grade_in_wave(user, assignment.wave):
        raise PermissionDenied
    enrolments = programmes.Enrolment.objects.filter(
        wave=assignment.wave, status__in=programmes.SEAT_STATUSES
    )
    if assignment.is_team:
        owners = list(
            enrolments.values_list("organisation_id", "organisation__name")
            .distinct()
            .order_by("organisation__name")
        )
    else:
        owners = list(
            enrolments.values_list("participant_id", "participant__full_name").order_by(
                "participant__full_name"
            )
        )
    form = OnBehalfForm(owners=owners)
    if request.method == "POST":
        form = OnBehalfForm(request.POST, request.FILES, owners=owners)
        if form.is_valid():
            data = form.cleaned_data
            owner = data["owner"]
            kwargs = {}
            if assignment.is_team:
                kwargs["team"] = (
                    programmes.Enrolment.objects.filter(wave=assignment.wave, organisation_id=owner)
                    .first()
                    .organisation
                )
            else:
                from accounts.api import User

                kwargs["participant"] = User.objects.get(pk=owner)
            try:
                version = services.submit_on_behalf(
                    actor=user,
                    assignment=assignment,
                    text=data.get("text", ""),
                    upload=data.get("file"),
                    **kwargs,
                )
                messages.success(request, _("Diserahkan atas nama peserta."))
                return redirect("assessments:grade", pk=version.submission_id)
            except ValidationError as error:
                _form_errors(form, error)
    return render(
        request,
        "assessments/on_behalf.html",
        {"assignment": assignment, "form": form, "kinds": files.kinds_label(files.SCAN_KINDS)},
    )


# --- Gradebook ------------------------------------------------------------------------------


def _gradebook_rows(user, wave, status):
    rows = selectors.gradebook_rows(wave, status=status)
    scope = scope_of(user)
    if scope.staff and not scope.national:
        # Regional staff read their own region's people only (an inmate's unit is not theirs
        # to see elsewhere).
        rows = scope.filter(rows, "organisation")
    return rows


def _cell_text(cell):
    if cell is None:
        return "", ""
    sub = cell["submission"]
    return SubmissionStatus(sub.status).label, cell["score"]


@login_required
def gradebook(request, pk):
    user = request.user
    wave = _get(permissions.gradebook_waves(user).select_related("programme", "host_site"), pk)
    status = request.GET.get("status", "")
    if status not in dict(programmes.EnrolmentStatus.choices):
        status = ""
    rows = _gradebook_rows(user, wave, status)
    search = (request.GET.get("q") or "").strip()[:100]
    if search:
        rows = rows.filter(
            Q(participant__full_name__icontains=search) | Q(organisation__name__icontains=search)
        )
    fmt = request.GET.get("format")
    if fmt in spreadsheets.FORMATS:
        return _gradebook_export(wave, rows, fmt)
    page = Paginator(rows, GRADEBOOK_PER_PAGE).get_page(request.GET.get("page"))
    book = selectors.gradebook(wave, page.object_list)
    return render(
        request,
        "assessments/gradebook.html",
        {
            "wave": wave,
            "page_obj": page,
            "book": book,
            "status": status,
            "statuses": programmes.EnrolmentStatus.choices,
            "search": search,
            "query": urlencode({"status": status, "q": search}),
        },
    )


def _gradebook_export(wave, rows, fmt):
    assignments = list(Assignment.objects.filter(wave=wave).order_by("due_at", "pk"))
    header = [_("Peserta"), _("Koperasi / unit"), _("Status")]
    for a in assignments:
        header += [f"{a.title}: {_('status')}", f"{a.title}: {_('nilai')}"]
    header += [_("Total"), _("Lulus tugas wajib")]

    def generate():
        paginator = Paginator(rows, 500)
        for number in paginator.page_range:
            book = selectors.gradebook(wave, paginator.page(number).object_list)
            for row in book["rows"]:
                e = row["enrolment"]
                line = [
                    e.participant.full_name,
                    e.organisation.name,
                    programmes.EnrolmentStatus(e.status).label,
                ]
                for cell in row["cells"]:
                    line += list(_cell_text(cell))
                line += [e.total, _("Ya") if row["passed"] else _("Belum")]
                yield line

    return spreadsheets.export_response(
        fmt,
        f"nilai-gelombang-{wave.number}",
        header,
        generate(),
        sheet_title=_("Nilai"),
    )


# --- Notifications --------------------------------------------------------------------------


@login_required
def notifications(request):
    if request.method == "POST":
        services.notifications_read(user=request.user)
        return redirect("assessments:notifications")
    page = Paginator(
        request.user.assessment_notifications.order_by("-created_at", "-pk"), PER_PAGE
    ).get_page(request.GET.get("page"))
    return render(request, "assessments/notifications.html", {"page_obj": page})


# --- Logbook --------------------------------------------------------------------------------


@login_required
def logbook(request, pk):
    user = request.user
    enrolment = _get(
        selectors.logbook_totals(
            programmes.enrolments_visible_to(user).select_related(
                "participant", "wave__programme", "organisation__province"
            )
        ),
        pk,
    )
    can_record = permissions.can_record_logbook(user, enrolment)
    form = LogbookForm()
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied
        form = LogbookForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.logbook_record(actor=user, enrolment=enrolment, **form.cleaned_data)
                messages.success(request, _("Catatan harian disimpan."))
                return redirect("assessments:logbook", pk=enrolment.pk)
            except ValidationError as error:
                _form_errors(form, error)
    entries = Paginator(
        LogbookEntry.objects.filter(enrolment=enrolment).select_related("reviewed_by"), PER_PAGE
    ).get_page(request.GET.get("page"))
    is_mentor = permissions.logbook_reviewable_by(user).filter(enrolment=enrolment).exists() or (
        user.role == Role.FACILITATOR
        and programmes.FacilitatorAssignment.objects.filter(
            wave_id=enrolment.wave_id, facilitator=user, role=permissions.MENTOR
        ).exists()
    )
    return render(
        request,
        "assessments/logbook.html",
        {
            "enrolment": enrolment,
            "page_obj": entries,
            "form": form,
            "can_record": can_record,
            "is_mentor": is_mentor,
            "review_form": ReviewForm(),
            "pending": LogbookStatus.PENDING,
        },
    )


@login_required
def logbook_wave(request, pk):
    user = request.user
    wave = _get(permissions.gradebook_waves(user).select_related("programme"), pk)
    rows = selectors.logbook_totals(
        programmes.enrolments_visible_to(user)
        .filter(wave=wave)
        .select_related("participant", "organisation")
        .order_by("participant__full_name", "pk")
    )
    can_plan = programmes.can_change_wave(user, wave)
    plan_form = PlanForm(initial={"planned_hours": getattr(wave_plan(wave), "planned_hours", None)})
    if request.method == "POST":
        if not can_plan:
            raise PermissionDenied
        plan_form = PlanForm(request.POST)
        if plan_form.is_valid():
            services.logbook_plan_set(
                actor=user, wave=wave, planned_hours=plan_form.cleaned_data["planned_hours"]
            )
            messages.success(request, _("Rencana jam disimpan."))
            return redirect("assessments:logbook-wave", pk=wave.pk)
    page = Paginator(rows, GRADEBOOK_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "assessments/logbook_wave.html",
        {"wave": wave, "page_obj": page, "can_plan": can_plan, "plan_form": plan_form},
    )


def wave_plan(wave):
    return LogbookPlan.objects.filter(wave=wave).first()


@login_required
@require_POST
def logbook_review(request, pk):
    user = request.user
    entry = _get(permissions.logbook_visible_to(user), pk)
    form = ReviewForm(request.POST)
    form.is_valid()
    try:
        services.logbook_review(
            actor=user,
            entry=entry,
            verify=request.POST.get("action") == "verify",
            comment=form.cleaned_data.get("comment", ""),
        )
        messages.success(request, _("Catatan diperiksa."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("assessments:logbook", pk=entry.enrolment_id)


@login_required
def logbook_photo(request, pk):
    entry = _get(permissions.logbook_visible_to(request.user), pk)
    if not entry.photo:
        raise Http404
    kind = files.KINDS[entry.photo_kind]
    return files.serve(
        request,
        entry.photo,
        filename=f"logbook-{entry.day:%Y-%m-%d}.{kind.extension}",
        content_type=kind.content_type,
        inline=True,
    )
