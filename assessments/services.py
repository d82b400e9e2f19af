"""Every write to rubrics, assignments, submissions, grades, notifications and the logbook. Each
service checks permission, validates, writes atomically with one audit row (the before and after
of what changed), and enqueues follow-up tasks (text extraction, e-mail) on commit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.api import Role
from lms import audit, files
from lms.changes import apply_changes, delete_recorded
from programmes import api as programmes

from . import permissions, tallies, tasks
from .constants import LatePolicy, LogbookStatus, NotificationKind, SubmissionStatus
from .models import (
    Assignment,
    Grade,
    LogbookEntry,
    LogbookPlan,
    Notification,
    Rubric,
    RubricCriterion,
    RubricLevel,
    Submission,
    SubmissionVersion,
)

ASSIGNMENT_FIELDS = [
    "wave",
    "title",
    "instructions",
    "template_document",
    "due_at",
    "late_policy",
    "max_score",
    "pass_mark",
    "required_for_certificate",
    "mode",
    "accepts_text",
    "accepts_file",
    "allowed_kinds",
    "max_size_mb",
    "rubric",
]
GRADE_FIELDS = ["score", "feedback", "released"]
LOGBOOK_FIELDS = ["day", "activity", "place", "hours", "track"]


def _wave_scope(wave) -> dict:
    return {"province_code": wave.host_site.province.code, "organisation_id": wave.host_site_id}


def _submission_scope(submission: Submission) -> dict:
    wave = submission.assignment.wave
    org_id = submission.team_id or getattr(submission.participant, "organisation_id", None)
    return {"province_code": wave.host_site.province.code, "organisation_id": org_id}


# --- Rubrics --------------------------------------------------------------------------------


def _set_criteria(rubric: Rubric, criteria: Sequence[dict]) -> list:
    """Make the rubric's criteria exactly ``criteria``: dicts of title and levels (dicts of
    title, points, descriptor). Returns the rows for the audit."""
    if not criteria:
        raise ValidationError(_("Rubrik memerlukan setidaknya satu kriteria."), code="no_criteria")
    rubric.criteria.all().delete()
    rows = []
    for position, row in enumerate(criteria):
        levels = row.get("levels") or []
        if not levels:
            raise ValidationError(
                _("Kriteria %(title)s memerlukan setidaknya satu tingkat.")
                % {"title": row.get("title", "")},
                code="no_levels",
            )
        criterion = RubricCriterion(rubric=rubric, title=row["title"], position=position)
        criterion.full_clean()
        criterion.save()
        for level in levels:
            item = RubricLevel(
                criterion=criterion,
                title=level["title"],
                points=Decimal(str(level["points"])),
                descriptor=level.get("descriptor", ""),
            )
            item.full_clean()
            item.save()
        rows.append(
            {
                "title": criterion.title,
                "levels": [
                    [lv["title"], str(lv["points"]), lv.get("descriptor", "")] for lv in levels
                ],
            }
        )
    return rows


@transaction.atomic
def rubric_create(*, actor, title: str, criteria: Sequence[dict], description: str = "") -> Rubric:
    permissions.require_can_change_rubrics(actor)
    rubric = Rubric(title=title, description=description)
    rubric.full_clean()
    rubric.save()
    rows = _set_criteria(rubric, criteria)
    after = audit.snapshot(rubric, ["title", "description"])
    after["criteria"] = rows
    audit.record(actor=actor, action="rubric.create", target=rubric, after=after)
    return rubric


def rubric_rows(rubric: Rubric) -> list:
    return [
        {
            "title": c.title,
            "levels": [[lv.title, str(lv.points), lv.descriptor] for lv in c.levels.all()],
        }
        for c in rubric.criteria.prefetch_related("levels")
    ]


@transaction.atomic
def rubric_update(
    *, actor, rubric: Rubric, criteria: Sequence[dict] | None = None, **changes: Any
) -> Rubric:
    """Change a rubric. Its criteria are fixed once a grade used one of its levels."""
    permissions.require_can_change_rubrics(actor)
    rubric = Rubric.objects.select_for_update().get(pk=rubric.pk)
    before, after = apply_changes(rubric, changes, ["title", "description"])
    if criteria is not None:
        old = rubric_rows(rubric)
        if _comparable(criteria) != _comparable(old):
            if _rubric_used(rubric):
                raise ValidationError(
                    _("Rubrik ini sudah dipakai untuk menilai; kriterianya tidak dapat diubah."),
                    code="rubric_used",
                )
            before["criteria"], after["criteria"] = old, _set_criteria(rubric, criteria)
    if not after:
        return rubric
    rubric.full_clean()
    rubric.save()
    audit.record(actor=actor, action="rubric.update", target=rubric, before=before, after=after)
    return rubric


def _comparable(criteria) -> list:
    """Criteria as given to a service (dicts) or read back (rubric_rows), made comparable."""
    rows = []
    for row in criteria:
        levels = []
        for level in row["levels"]:
            if isinstance(level, dict):
                level = [level["title"], level["points"], level.get("descriptor", "")]
            levels.append((level[0], Decimal(str(level[1])), level[2]))
        rows.append((row["title"], levels))
    return rows


def _rubric_used(rubric: Rubric) -> bool:
    return Grade.rubric_levels.through.objects.filter(
        rubriclevel__criterion__rubric=rubric
    ).exists()


@transaction.atomic
def rubric_delete(*, actor, rubric: Rubric) -> None:
    permissions.require_can_change_rubrics(actor)
    delete_recorded(
        actor=actor,
        instance=rubric,
        action="rubric.delete",
        fields=["title", "description"],
        in_use_message=_("Rubrik ini dipakai oleh tugas dan tidak dapat dihapus."),
    )


# --- Assignments ----------------------------------------------------------------------------


@transaction.atomic
def assignment_create(*, actor, wave, title: str, due_at, **fields: Any) -> Assignment:
    permissions.require_can_set_assignments(actor, wave)
    assignment = Assignment(wave=wave, title=title, due_at=due_at)
    apply_changes(assignment, fields, ASSIGNMENT_FIELDS)
    assignment.full_clean()
    assignment.save()
    tallies.wave_changed(wave.pk)
    audit.record(
        actor=actor,
        action="assignment.create",
        target=assignment,
        after=audit.snapshot(assignment, ASSIGNMENT_FIELDS),
        **_wave_scope(wave),
    )
    return assignment


@transaction.atomic
def assignment_update(*, actor, assignment: Assignment, **changes: Any) -> Assignment:
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    permissions.require_can_set_assignments(actor, assignment.wave)
    before, after = apply_changes(assignment, changes, ASSIGNMENT_FIELDS)
    if "wave" in after:
        permissions.require_can_set_assignments(actor, assignment.wave)
        if assignment.submissions.exists():
            raise ValidationError(
                {"wave": _("Tugas yang sudah dikumpulkan tidak dapat dipindah gelombang.")}
            )
    if "mode" in after and assignment.submissions.exists():
        raise ValidationError(
            {"mode": _("Cara pengumpulan tidak dapat diubah setelah ada yang mengumpulkan.")}
        )
    if not after:
        return assignment
    assignment.full_clean()
    assignment.save()
    tallies.wave_changed(assignment.wave_id)
    if "wave" in before:
        tallies.wave_changed(before["wave"])
    audit.record(
        actor=actor,
        action="assignment.update",
        target=assignment,
        before=before,
        after=after,
        **_wave_scope(assignment.wave),
    )
    return assignment


@transaction.atomic
def assignment_delete(*, actor, assignment: Assignment) -> None:
    permissions.require_can_set_assignments(actor, assignment.wave)
    delete_recorded(
        actor=actor,
        instance=assignment,
        action="assignment.delete",
        fields=["wave", "title", "due_at", "mode"],
        in_use_message=_("Tugas ini sudah dikumpulkan peserta dan tidak dapat dihapus."),
        **_wave_scope(assignment.wave),
    )
    tallies.wave_changed(assignment.wave_id)


# --- Submissions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Owner:
    """Who a submission belongs to: a participant, or a cooperative team in the wave."""

    participant: Any = None
    team: Any = None

    def lookup(self) -> dict:
        return {"team": self.team} if self.team is not None else {"participant": self.participant}


def trainee_enrolment(user, wave):
    """The trainee's enrolment in the wave holding a seat, or None."""
    return (
        programmes.Enrolment.objects.filter(
            participant=user, wave=wave, status__in=programmes.SEAT_STATUSES
        )
        .select_related("organisation")
        .first()
    )


def owner_for_trainee(user, assignment: Assignment) -> Owner | None:
    enrolment = trainee_enrolment(user, assignment.wave)
    if enrolment is None:
        return None
    if assignment.is_team:
        return Owner(team=enrolment.organisation)
    return Owner(participant=user)


def _locked_submission(assignment: Assignment, owner: Owner) -> Submission:
    """The owner's submission row, created if needed, locked for this transaction. Two team
    members starting at once: the unique constraint lets one create it, the other reads it."""
    lookup = {"assignment": assignment, **owner.lookup()}
    submission = Submission.objects.select_for_update().filter(**lookup).first()
    if submission is None:
        try:
            with transaction.atomic():
                Submission.objects.create(**lookup)
        except IntegrityError:
            pass
        submission = Submission.objects.select_for_update().get(**lookup)
    return submission


def _check_answer(
    assignment: Assignment, text: str, upload, *, on_behalf: bool = False
) -> files.Checked | None:
    """Validate the answer; every refusal in the user's language, keyed by field. A hand-in on
    behalf may always be a photo or scan of the paper draft."""
    errors: dict[str, list] = {}
    checked = None
    kinds = set(assignment.allowed_kinds or [])
    if on_behalf:
        kinds |= files.SCAN_KINDS
    if upload is not None and not (assignment.accepts_file or on_behalf):
        errors["file"] = [_("Tugas ini tidak menerima berkas.")]
    elif upload is not None:
        try:
            checked = files.check_upload(upload, kinds=kinds, max_bytes=assignment.max_bytes)
        except ValidationError as error:
            errors["file"] = error.messages
    if text.strip() and not assignment.accepts_text:
        errors["text"] = [_("Tugas ini tidak menerima jawaban teks.")]
    if errors:
        raise ValidationError(errors)
    return checked


def _late(assignment: Assignment, now) -> bool:
    return now > assignment.due_at


def _require_open(submission: Submission) -> None:
    if submission.status == SubmissionStatus.GRADED:
        raise ValidationError(
            _("Tugas ini sudah dinilai; pengumpulan ulang tidak dapat dilakukan."), code="graded"
        )


@transaction.atomic
def save_draft(*, actor, assignment: Assignment, text: str) -> Submission:
    """Keep the typed answer without handing it in (a trainee's own or their team's)."""
    owner = owner_for_trainee(actor, assignment)
    if owner is None:
        raise permissions.PermissionDenied("Not enrolled in this wave.")
    if text.strip() and not assignment.accepts_text:
        raise ValidationError({"text": [_("Tugas ini tidak menerima jawaban teks.")]})
    submission = _locked_submission(assignment, owner)
    _require_open(submission)
    before = {"draft_text": submission.draft_text}
    if text == submission.draft_text:
        return submission
    submission.draft_text = text
    submission.save(update_fields=["draft_text", "updated_at"])
    audit.record(
        actor=actor,
        action="submission.draft",
        target=submission,
        before=before,
        after={"draft_text": text},
        **_submission_scope(submission),
    )
    return submission


def _hand_in(
    *, actor, assignment: Assignment, owner: Owner, text: str, upload, on_behalf: bool
) -> SubmissionVersion:
    now = timezone.now()
    late = _late(assignment, now)
    if late and assignment.late_policy == LatePolicy.REFUSE and not on_behalf:
        raise ValidationError(
            _("Tenggat tugas ini sudah lewat; pengumpulan terlambat tidak diterima."),
            code="late",
        )
    checked = _check_answer(assignment, text, upload, on_behalf=on_behalf)
    if checked is None and not text.strip():
        raise ValidationError(
            _("Tuliskan jawaban atau lampirkan berkas sebelum mengumpulkan."), code="empty"
        )
    submission = _locked_submission(assignment, owner)
    _require_open(submission)
    before = audit.snapshot(submission, ["status", "version_count"])
    number = submission.version_count + 1
    version = SubmissionVersion(
        submission=submission,
        number=number,
        text=text,
        submitted_at=now,
        submitted_by=actor,
        on_behalf=on_behalf,
        is_late=late,
    )
    if checked is not None:
        version.original_name = checked.original_name
        version.kind = checked.kind
        version.size = checked.size
        version.file.save(checked.original_name, ContentFile(checked.content), save=False)
    version.full_clean()
    version.save()
    submission.version_count = number
    submission.status = SubmissionStatus.SUBMITTED
    submission.submitted_at = now
    submission.is_late = late and assignment.late_policy != LatePolicy.ACCEPT
    submission.on_behalf = on_behalf
    submission.draft_text = ""
    submission.save()
    tallies.submission_changed(submission)
    after = audit.snapshot(submission, ["status", "version_count"])
    after.update(
        {"version": number, "file": version.original_name, "late": late, "on_behalf": on_behalf}
    )
    audit.record(
        actor=actor,
        action="submission.on_behalf" if on_behalf else "submission.submit",
        target=submission,
        before=before,
        after=after,
        **_submission_scope(submission),
    )
    if version.file or version.text:
        pk = version.pk
        transaction.on_commit(lambda: tasks.extract_text.delay(pk))
    return version


@transaction.atomic
def submit(*, actor, assignment: Assignment, text: str = "", upload=None) -> SubmissionVersion:
    """Hand in (or again: a new version) the trainee's own or their team's answer."""
    if actor.role != Role.TRAINEE:
        raise permissions.PermissionDenied("Only trainees submit their own work.")
    owner = owner_for_trainee(actor, assignment)
    if owner is None:
        raise permissions.PermissionDenied("Not enrolled in this wave.")
    return _hand_in(
        actor=actor, assignment=assignment, owner=owner, text=text, upload=upload, on_behalf=False
    )


@transaction.atomic
def submit_on_behalf(
    *, actor, assignment: Assignment, participant=None, team=None, text: str = "", upload=None
) -> SubmissionVersion:
    """A facilitator hands in a photo or scan of a paper draft for a participant or a team
    without devices: marked as handed in by the facilitator, audited."""
    if not permissions.can_grade_in_wave(actor, assignment.wave):
        raise permissions.PermissionDenied("You may not hand in work for this wave.")
    enrolments = programmes.Enrolment.objects.filter(
        wave=assignment.wave, status__in=programmes.SEAT_STATUSES
    )
    if assignment.is_team:
        if team is None or not enrolments.filter(organisation=team).exists():
            raise ValidationError(_("Pilih koperasi yang mengikuti gelombang ini."), code="owner")
        owner = Owner(team=team)
    else:
        if participant is None or not enrolments.filter(participant=participant).exists():
            raise ValidationError(_("Pilih peserta gelombang ini."), code="owner")
        owner = Owner(participant=participant)
    return _hand_in(
        actor=actor, assignment=assignment, owner=owner, text=text, upload=upload, on_behalf=True
    )


# --- Grading --------------------------------------------------------------------------------


class GradeConflict(ValidationError):
    """Someone else saved this grade since the form was opened."""


def _locked_grade(submission: Submission) -> Grade:
    grade = Grade.objects.select_for_update().filter(submission=submission).first()
    if grade is None:
        try:
            with transaction.atomic():
                Grade.objects.create(submission=submission)
        except IntegrityError:
            pass
        grade = Grade.objects.select_for_update().get(submission=submission)
    return grade


def _check_revision(grade: Grade, revision: int | None) -> None:
    if revision is not None and int(revision) != grade.revision:
        who = grade.graded_by.get_full_name() if grade.graded_by_id else ""
        raise GradeConflict(
            _(
                "Nilai ini baru saja diubah oleh %(name)s. Perubahan Anda tidak disimpan: "
                "periksa nilai terbaru di bawah, lalu simpan lagi bila perlu."
            )
            % {"name": who or _("penilai lain")},
            code="conflict",
        )


def _members(submission: Submission) -> list:
    """The people a submission's feedback goes to: its participant, or its team's members
    (withdrawn ones too: they keep what was graded)."""
    from accounts.api import User

    if submission.participant_id:
        return [submission.participant]
    return list(
        User.objects.filter(
            enrolments__wave=submission.assignment.wave,
            enrolments__organisation_id=submission.team_id,
        ).distinct()
    )


def _submission_url(submission: Submission) -> str:
    return assignment_url(submission.assignment)


def assignment_url(assignment: Assignment) -> str:
    """The answer page's address in the site's language (no /en/ prefix whoever acted)."""
    with translation.override(settings.LANGUAGE_CODE):
        return reverse("assessments:submit", args=[assignment.pk])


def due_message(assignment: Assignment) -> str:
    from lms import timezones

    return _("Tenggat tugas %(title)s: %(due)s.") % {
        "title": assignment.title,
        "due": timezones.format_in_zone(assignment.due_at, assignment.wave.time_zone),
    }


def notify(*, users, kind: str, message: str, url: str = "", key: str = "") -> list[Notification]:
    """In-app notifications (and e-mail, on commit, to those with an address). With a ``key``,
    at most one per person and key: running again adds nothing."""
    users = list(users)
    if key:
        done = set(
            Notification.objects.filter(user__in=users, key=key).values_list("user_id", flat=True)
        )
        users = [u for u in users if u.pk not in done]
    rows = Notification.objects.bulk_create(
        [Notification(user=u, kind=kind, message=message[:300], url=url, key=key) for u in users]
    )
    ids = [n.pk for n in rows]
    if ids:
        transaction.on_commit(lambda: tasks.email_notifications.delay(ids))
    return rows


@transaction.atomic
def grade_save(
    *,
    actor,
    submission: Submission,
    score=None,
    level_ids: Sequence[int] | None = None,
    feedback: str = "",
    revision: int | None = None,
    release: bool = False,
    reason: str = "",
) -> Grade:
    """Save a grade (by rubric levels, or a score) and feedback; optionally release it.

    ``revision`` is the grade's revision the grader's form was opened with: if another grader
    saved in between, GradeConflict is raised and nothing is written. Changing a released grade
    needs a reason."""
    submission = (
        Submission.objects.select_for_update(of=("self",))
        .select_related("assignment__wave__host_site__province", "assignment__rubric")
        .get(pk=submission.pk)
    )
    permissions.require_can_grade(actor, submission)
    if submission.status == SubmissionStatus.DRAFT:
        raise ValidationError(_("Tugas ini belum dikumpulkan."), code="draft")
    assignment = submission.assignment
    grade = _locked_grade(submission)
    _check_revision(grade, revision)
    old_levels = sorted(grade.rubric_levels.values_list("pk", flat=True)) if grade.pk else []
    levels = []
    if assignment.rubric_id:
        levels = list(
            RubricLevel.objects.filter(
                pk__in=list(level_ids or []), criterion__rubric_id=assignment.rubric_id
            ).select_related("criterion")
        )
        criteria = {lv.criterion_id for lv in levels}
        if len(criteria) != len(levels):
            raise ValidationError({"levels": _("Pilih satu tingkat untuk setiap kriteria.")})
        expected = assignment.rubric.criteria.count()
        if len(levels) != expected:
            raise ValidationError(
                {"levels": _("Pilih satu tingkat untuk setiap kriteria rubrik.")}, code="levels"
            )
        score = sum((lv.points for lv in levels), Decimal(0))
    if score is None or score == "":
        raise ValidationError({"score": _("Isi nilai.")}, code="score")
    score = Decimal(str(score))
    if score < 0 or score > assignment.max_score:
        raise ValidationError(
            {"score": _("Nilai harus antara 0 dan %(max)s.") % {"max": assignment.max_score}},
            code="score_range",
        )
    was_released = grade.released
    before, after = apply_changes(
        grade,
        {"score": score, "feedback": feedback, "released": grade.released or release},
        GRADE_FIELDS,
    )
    new_levels = sorted(lv.pk for lv in levels)
    if new_levels != old_levels:
        before["levels"], after["levels"] = old_levels, new_levels
    if was_released and (set(before) - {"released"}) and not reason.strip():
        raise ValidationError(
            {"reason": _("Nilai ini sudah dirilis: tuliskan alasan perubahannya.")},
            code="reason",
        )
    if not after and submission.status == SubmissionStatus.GRADED:
        return grade
    now = timezone.now()
    grade.graded_by = actor
    grade.graded_at = now
    grade.graded_version = submission.version_count
    grade.revision += 1
    if grade.released and not was_released:
        grade.released_at = now
    grade.full_clean()
    grade.save()
    grade.rubric_levels.set(levels)
    before_status = submission.status
    if submission.status != SubmissionStatus.GRADED:
        submission.status = SubmissionStatus.GRADED
        submission.save(update_fields=["status", "updated_at"])
        before["status"], after["status"] = before_status, SubmissionStatus.GRADED
    tallies.submission_changed(submission)
    audit.record(
        actor=actor,
        action="grade.save",
        target=submission,
        before=before,
        after=after,
        reason=reason.strip(),
        **_submission_scope(submission),
    )
    if grade.released and not was_released:
        _notify_released([submission])
    return grade


def _notify_released(submissions: Sequence[Submission]) -> None:
    for submission in submissions:
        notify(
            users=_members(submission),
            kind=NotificationKind.GRADE_RELEASED,
            message=_("Nilai tugas %(title)s sudah dapat dilihat.")
            % {"title": submission.assignment.title},
            url=_submission_url(submission),
        )


@transaction.atomic
def return_for_revision(
    *, actor, submission: Submission, feedback: str, revision: int | None = None
) -> Submission:
    """Send the work back with feedback; the trainee (or team) hands in a new version."""
    submission = (
        Submission.objects.select_for_update(of=("self",))
        .select_related("assignment__wave__host_site__province")
        .get(pk=submission.pk)
    )
    permissions.require_can_grade(actor, submission)
    if submission.status not in (SubmissionStatus.SUBMITTED, SubmissionStatus.GRADED):
        raise ValidationError(_("Hanya tugas yang sudah dikumpulkan dapat dikembalikan."))
    if not feedback.strip():
        raise ValidationError({"feedback": _("Tuliskan apa yang perlu diperbaiki.")})
    grade = _locked_grade(submission)
    _check_revision(grade, revision)
    if grade.released:
        raise ValidationError(
            _("Nilai sudah dirilis; ubah nilainya dengan alasan, bukan mengembalikan."),
            code="released",
        )
    before = {"status": submission.status, "feedback": grade.feedback}
    grade.feedback = feedback
    grade.graded_by = actor
    grade.graded_at = timezone.now()
    grade.revision += 1
    grade.save()
    submission.status = SubmissionStatus.RETURNED
    submission.save(update_fields=["status", "updated_at"])
    tallies.submission_changed(submission)
    audit.record(
        actor=actor,
        action="grade.return",
        target=submission,
        before=before,
        after={"status": submission.status, "feedback": feedback},
        **_submission_scope(submission),
    )
    notify(
        users=_members(submission),
        kind=NotificationKind.RETURNED,
        message=_("Tugas %(title)s dikembalikan untuk revisi.")
        % {"title": submission.assignment.title},
        url=_submission_url(submission),
    )
    return submission


@transaction.atomic
def release(*, actor, submission: Submission) -> Grade:
    submission = (
        Submission.objects.select_for_update(of=("self",))
        .select_related("assignment__wave__host_site__province")
        .get(pk=submission.pk)
    )
    permissions.require_can_grade(actor, submission)
    grade = Grade.objects.select_for_update().filter(submission=submission).first()
    if grade is None or grade.score is None or submission.status != SubmissionStatus.GRADED:
        raise ValidationError(_("Belum ada nilai untuk dirilis."), code="no_grade")
    if grade.released:
        return grade
    grade.released = True
    grade.released_at = timezone.now()
    grade.revision += 1
    grade.save()
    audit.record(
        actor=actor,
        action="grade.release",
        target=submission,
        before={"released": False},
        after={"released": True},
        **_submission_scope(submission),
    )
    _notify_released([submission])
    return grade


@transaction.atomic
def release_assignment(*, actor, assignment: Assignment) -> int:
    """Release every graded, unreleased grade of an assignment: one audit row for the whole."""
    if not permissions.can_grade_in_wave(actor, assignment.wave):
        raise permissions.PermissionDenied("You may not release grades in this wave.")
    grades = list(
        Grade.objects.select_for_update(of=("self",))
        .filter(
            submission__assignment=assignment,
            submission__status=SubmissionStatus.GRADED,
            released=False,
            score__isnull=False,
        )
        .select_related("submission__participant", "submission__assignment")
    )
    if not grades:
        return 0
    now = timezone.now()
    Grade.objects.filter(pk__in=[g.pk for g in grades]).update(
        released=True, released_at=now, revision=F("revision") + 1
    )
    audit.record(
        actor=actor,
        action="grade.release_all",
        target=assignment,
        after={"released": [g.submission_id for g in grades]},
        **_wave_scope(assignment.wave),
    )
    _notify_released([g.submission for g in grades])
    return len(grades)


@transaction.atomic
def notifications_read(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# --- Logbook --------------------------------------------------------------------------------


def _logbook_scope(enrolment) -> dict:
    return {
        "province_code": enrolment.organisation.province.code,
        "organisation_id": enrolment.organisation_id,
    }


@transaction.atomic
def logbook_record(
    *, actor, enrolment, day, activity: str, place: str, hours, track: str = "", photo=None
) -> LogbookEntry:
    """An apprentice (or a facilitator of the wave for them) records a day on the job."""
    if not permissions.can_record_logbook(actor, enrolment):
        raise permissions.PermissionDenied("You may not record this logbook.")
    if enrolment.status not in programmes.SEAT_STATUSES:
        raise ValidationError(_("Peserta ini tidak lagi mengikuti gelombang."), code="withdrawn")
    entry = LogbookEntry(
        enrolment=enrolment,
        day=day,
        activity=activity,
        place=place,
        hours=hours,
        track=track,
        recorded_by=actor,
    )
    if photo is not None:
        try:
            checked = files.check_upload(photo, kinds=files.IMAGE_KINDS, max_bytes=8 * files.MB)
        except ValidationError as error:
            raise ValidationError({"photo": error.messages}) from error
        entry.photo_kind = checked.kind
        entry.photo.save(checked.original_name, ContentFile(checked.content), save=False)
    entry.full_clean()
    entry.save()
    tallies.enrolments_changed([enrolment.pk])
    audit.record(
        actor=actor,
        action="logbook.record",
        target=entry,
        after=audit.snapshot(entry, LOGBOOK_FIELDS),
        **_logbook_scope(enrolment),
    )
    return entry


@transaction.atomic
def logbook_review(*, actor, entry: LogbookEntry, verify: bool, comment: str = "") -> LogbookEntry:
    """The host mentor signs an entry off, or returns it with a comment."""
    entry = (
        LogbookEntry.objects.select_for_update(of=("self",))
        .select_related("enrolment__organisation__province", "enrolment__wave")
        .get(pk=entry.pk)
    )
    if not permissions.logbook_reviewable_by(actor).filter(pk=entry.pk).exists():
        raise permissions.PermissionDenied("Only the wave's mentors sign off logbook entries.")
    if not verify and not comment.strip():
        raise ValidationError({"comment": _("Tuliskan alasan pengembalian.")}, code="comment")
    before = {"status": entry.status, "mentor_comment": entry.mentor_comment}
    entry.status = LogbookStatus.VERIFIED if verify else LogbookStatus.RETURNED
    entry.mentor_comment = comment.strip()
    entry.reviewed_by = actor
    entry.reviewed_at = timezone.now()
    entry.save()
    tallies.enrolments_changed([entry.enrolment_id])
    audit.record(
        actor=actor,
        action="logbook.review",
        target=entry,
        before=before,
        after={"status": entry.status, "mentor_comment": entry.mentor_comment},
        **_logbook_scope(entry.enrolment),
    )
    if not verify:
        notify(
            users=[entry.enrolment.participant],
            kind=NotificationKind.LOGBOOK,
            message=_("Catatan magang %(day)s dikembalikan: %(comment)s")
            % {"day": entry.day.strftime("%d-%m-%Y"), "comment": entry.mentor_comment},
            url=_logbook_url(entry.enrolment_id),
        )
    return entry


@transaction.atomic
def logbook_plan_set(*, actor, wave, planned_hours) -> LogbookPlan:
    """Set the hours each apprentice of a wave is planned to practise: staff who may change the
    wave."""
    if not programmes.can_change_wave(actor, wave):
        raise permissions.PermissionDenied("You may not change this wave's plan.")
    plan = LogbookPlan.objects.select_for_update().filter(wave=wave).first()
    before = {"planned_hours": str(plan.planned_hours)} if plan else {}
    plan = plan or LogbookPlan(wave=wave)
    plan.planned_hours = Decimal(str(planned_hours))
    plan.full_clean()
    if before.get("planned_hours") == str(plan.planned_hours):
        return plan
    plan.save()
    audit.record(
        actor=actor,
        action="logbook.plan",
        target=plan,
        before=before or None,
        after={"planned_hours": str(plan.planned_hours)},
        **_wave_scope(wave),
    )
    return plan


def _logbook_url(enrolment_id: int) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return reverse("assessments:logbook", args=[enrolment_id])
