"""The figures of the programme dashboard and the province view, computed in the database from
the apps that own them (each through its ``api.py``), scoped to what the viewer may see.

Each figure is one grouped query over all the waves asked for (never one query per wave), so
the dashboard costs the same number of queries for 38 participants or for 100,000:

- enrolled: enrolments holding a seat (invited, active, completed); active; withdrawn;
- attendance rate: lesson hours (JP) attended over JP counted so far, summed over the wave's
  participants who have not withdrawn, under the programme's excused-absence rule: the same
  annotation the attendance pages use (``attendance.api.attendance_rates``);
- submitted: submissions handed in (submitted or graded; a cooperative's team hand-in counts
  once); passed: graded with a score at or above the assignment's pass mark; backlog: handed
  in and waiting for a grade, with the oldest one's hand-in time (its age);
- logbook hours verified: the sum of verified logbook entries;
- certificates issued: valid certificates;
- eligible: the certificates app's completion rule (``certificates.api.wave_eligibility``),
  counted over the participants holding a seat. It is asked per wave (the certificates app has
  no cross-wave reading yet), so the programme page shows a bounded page of waves.

Regional staff see the waves they may see, and in them only the people of their region:
every figure is counted over enrolments in their scope.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, Min, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from accounts import api as accounts
from assessments import api as assessments
from attendance import api as attendance
from certificates import api as certificates
from organisations import api as organisations
from programmes import api as programmes

FIGURES = (
    "enrolled",
    "active",
    "withdrawn",
    "attendance_rate",
    "submitted",
    "passed",
    "backlog",
    "backlog_oldest",
    "logbook_hours",
    "eligible",
    "certified",
)


def scoped_enrolments(user) -> QuerySet:
    """Enrolments the viewer may count: staff's region (all for national staff); anyone else,
    what the programmes app lets them see (a facilitator: their waves' people)."""
    if accounts.scope_of(user).staff:
        return accounts.scope_filter(user, programmes.Enrolment.objects.all(), "organisation")
    return programmes.enrolments_visible_to(user)


def _owned_submissions(enrolments: QuerySet) -> QuerySet:
    """Submissions owned by one of ``enrolments``: the participant's own in that wave, or their
    cooperative's team hand-in."""
    owner = enrolments.filter(wave=OuterRef("assignment__wave")).filter(
        Q(participant=OuterRef("participant")) | Q(organisation=OuterRef("team"))
    )
    return assessments.Submission.objects.filter(Exists(owner))


@dataclass
class WaveFigures:
    wave: object
    enrolled: int = 0
    active: int = 0
    withdrawn: int = 0
    attendance_numerator: int = 0
    attendance_denominator: int = 0
    submitted: int = 0
    passed: int = 0
    backlog: int = 0
    backlog_oldest: dt.datetime | None = None
    logbook_hours: object = 0
    eligible: int = 0
    certified: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def attendance_rate(self) -> float | None:
        if self.attendance_denominator <= 0:
            return None
        return self.attendance_numerator * 100.0 / self.attendance_denominator

    def backlog_age_days(self, now=None) -> int | None:
        if self.backlog_oldest is None:
            return None
        return ((now or timezone.now()) - self.backlog_oldest).days


def wave_figures(user, waves, *, now=None, with_eligible: bool = True) -> list[WaveFigures]:
    """The dashboard's figures for ``waves`` (a list), counted over the viewer's scope."""
    waves = list(waves)
    if not waves:
        return []
    now = now or timezone.now()
    ids = [w.pk for w in waves]
    rows = {w.pk: WaveFigures(wave=w) for w in waves}
    enrolments = scoped_enrolments(user).filter(wave_id__in=ids)
    status = programmes.EnrolmentStatus

    for row in (
        enrolments.order_by()
        .values("wave_id")
        .annotate(
            enrolled=Count("pk", filter=Q(status__in=programmes.SEAT_STATUSES)),
            active=Count("pk", filter=Q(status=status.ACTIVE)),
            withdrawn=Count("pk", filter=Q(status=status.WITHDRAWN)),
        )
    ):
        r = rows[row["wave_id"]]
        r.enrolled, r.active, r.withdrawn = row["enrolled"], row["active"], row["withdrawn"]

    rated = attendance.attendance_rates(
        enrolments.exclude(status=status.WITHDRAWN).order_by(), now=now
    )
    for row in rated.values("wave_id").annotate(
        num=Sum("rate_numerator"), den=Sum("rate_denominator")
    ):
        r = rows[row["wave_id"]]
        r.attendance_numerator, r.attendance_denominator = row["num"] or 0, row["den"] or 0

    handed_in = (assessments.SubmissionStatus.SUBMITTED, assessments.SubmissionStatus.GRADED)
    subs = _owned_submissions(enrolments).filter(assignment__wave_id__in=ids)
    for row in (
        subs.filter(status__in=handed_in)
        .order_by()
        .values("assignment__wave_id")
        .annotate(
            submitted=Count("pk"),
            passed=Count(
                "pk",
                filter=Q(
                    status=assessments.SubmissionStatus.GRADED,
                    grade__score__isnull=False,
                    grade__score__gte=F("assignment__pass_mark"),
                ),
            ),
            backlog=Count("pk", filter=Q(status=assessments.SubmissionStatus.SUBMITTED)),
            oldest=Min("submitted_at", filter=Q(status=assessments.SubmissionStatus.SUBMITTED)),
        )
    ):
        r = rows[row["assignment__wave_id"]]
        r.submitted, r.passed = row["submitted"], row["passed"]
        r.backlog, r.backlog_oldest = row["backlog"], row["oldest"]

    for row in (
        assessments.LogbookEntry.objects.filter(
            enrolment__in=enrolments, status=assessments.LogbookStatus.VERIFIED
        )
        .order_by()
        .values("enrolment__wave_id")
        .annotate(hours=Sum("hours"))
    ):
        rows[row["enrolment__wave_id"]].logbook_hours = row["hours"] or 0

    for row in (
        certificates.Certificate.objects.filter(
            enrolment__in=enrolments, status=certificates.CertificateStatus.VALID
        )
        .order_by()
        .values("wave_id")
        .annotate(n=Count("pk"))
    ):
        rows[row["wave_id"]].certified = row["n"]

    if with_eligible:
        seats = enrolments.filter(status__in=programmes.SEAT_STATUSES)
        for wave in waves:
            if rows[wave.pk].enrolled:
                result = certificates.wave_eligibility(wave, seats.filter(wave=wave))
                rows[wave.pk].eligible = sum(1 for e in result.values() if e.eligible)
    return [rows[pk] for pk in ids]


# --- The list behind a figure ----------------------------------------------------------------

LIST_FIGURES = (
    "enrolled",
    "active",
    "withdrawn",
    "submitted",
    "passed",
    "backlog",
    "logbook_hours",
    "certified",
)


def figure_enrolments(user, wave, figure: str) -> QuerySet:
    """The enrolments behind one figure of one wave (scoped), in name order."""
    enrolments = scoped_enrolments(user).filter(wave=wave)
    status = programmes.EnrolmentStatus
    sub = assessments.Submission.objects.filter(assignment__wave=OuterRef("wave")).filter(
        Q(participant=OuterRef("participant")) | Q(team=OuterRef("organisation"))
    )
    st = assessments.SubmissionStatus
    if figure == "enrolled":
        qs = enrolments.filter(status__in=programmes.SEAT_STATUSES)
    elif figure == "active":
        qs = enrolments.filter(status=status.ACTIVE)
    elif figure == "withdrawn":
        qs = enrolments.filter(status=status.WITHDRAWN)
    elif figure == "submitted":
        qs = enrolments.filter(Exists(sub.filter(status__in=(st.SUBMITTED, st.GRADED))))
    elif figure == "passed":
        qs = enrolments.filter(
            Exists(
                sub.filter(
                    status=st.GRADED,
                    grade__score__isnull=False,
                    grade__score__gte=F("assignment__pass_mark"),
                )
            )
        )
    elif figure == "backlog":
        qs = enrolments.filter(Exists(sub.filter(status=st.SUBMITTED)))
    elif figure == "logbook_hours":
        qs = enrolments.filter(
            Exists(
                assessments.LogbookEntry.objects.filter(
                    enrolment=OuterRef("pk"), status=assessments.LogbookStatus.VERIFIED
                )
            )
        )
    elif figure == "certified":
        qs = enrolments.filter(
            Exists(
                certificates.Certificate.objects.filter(
                    enrolment=OuterRef("pk"), status=certificates.CertificateStatus.VALID
                )
            )
        )
    else:
        raise KeyError(figure)
    return qs.select_related("participant", "organisation__province").order_by(
        "participant__full_name", "pk"
    )


# --- By province ---------------------------------------------------------------------------


@dataclass
class ProvinceRow:
    province: object
    participants: int = 0
    completed: int = 0
    certified: int = 0

    @property
    def completion_rate(self) -> float | None:
        if not self.participants:
            return None
        return self.completed * 100.0 / self.participants


def province_rows(user, *, programme=None) -> list[ProvinceRow]:
    """Per province (of the participant's cooperative or unit): participants holding a seat,
    of them completed, and valid certificates; every province in the viewer's scope, also
    those with nobody yet. Three queries."""
    enrolments = scoped_enrolments(user).filter(status__in=programmes.SEAT_STATUSES)
    certs = certificates.Certificate.objects.filter(
        enrolment__in=scoped_enrolments(user), status=certificates.CertificateStatus.VALID
    )
    if programme is not None:
        enrolments = enrolments.filter(wave__programme=programme)
        certs = certs.filter(programme=programme)
    provinces = organisations.Province.objects.order_by("code")
    scope = accounts.scope_of(user)
    if not scope.national:
        if scope.province_id:
            provinces = provinces.filter(pk=scope.province_id)
        elif scope.organisation is not None:
            provinces = provinces.filter(pk=scope.organisation.province_id)
    rows = {p.pk: ProvinceRow(province=p) for p in provinces}
    for row in (
        enrolments.order_by()
        .values("organisation__province_id")
        .annotate(
            n=Count("pk"),
            done=Count("pk", filter=Q(status=programmes.EnrolmentStatus.COMPLETED)),
        )
    ):
        r = rows.get(row["organisation__province_id"])
        if r is not None:
            r.participants, r.completed = row["n"], row["done"]
    for row in (
        certs.order_by().values("enrolment__organisation__province_id").annotate(n=Count("pk"))
    ):
        r = rows.get(row["enrolment__organisation__province_id"])
        if r is not None:
            r.certified = row["n"]
    return list(rows.values())


# --- At risk -------------------------------------------------------------------------------


def at_risk(user, *, wave=None, now=None) -> QuerySet:
    """Participants (not withdrawn, in waves the viewer sees, people in the viewer's scope) who
    are under their programme's attendance threshold so far, have a required assignment past
    its due time and not handed in, a required assignment graded below its pass mark, or
    logbook days not yet signed off; each reason is a column. One query (plus the count).

    At national scale (400,000 enrolments, 20 million attendance records) these are read from
    the summaries the attendance and assessment services keep as they write
    (``attendance.api.kept_rates``, ``assessments.api.at_risk_flags``), and computed from the
    rows only where a summary is not kept or not yet the figure "so far"."""
    now = now or timezone.now()
    enrolments = (
        scoped_enrolments(user)
        .exclude(status=programmes.EnrolmentStatus.WITHDRAWN)
        .filter(wave__in=programmes.waves_visible_to(user))
    )
    if wave is not None:
        enrolments = enrolments.filter(wave=wave)
    return (
        assessments.at_risk_flags(attendance.kept_rates(enrolments, now=now), now=now)
        .filter(Q(at_risk=True) | Q(overdue=True) | Q(failed=True) | Q(logbook_unsigned=True))
        .select_related("participant", "organisation__province", "wave__programme")
        .order_by("wave__programme__title", "wave__number", "participant__full_name", "pk")
    )


def facilitators_of(waves) -> dict[int, list[str]]:
    """Facilitators' names per wave id (one query)."""
    out: dict[int, list[str]] = {}
    for wave_id, name in (
        programmes.FacilitatorAssignment.objects.filter(wave__in=list(waves))
        .order_by("facilitator__full_name")
        .values_list("wave_id", "facilitator__full_name")
    ):
        out.setdefault(wave_id, []).append(name)
    return out


# --- Participant record --------------------------------------------------------------------


def participant_record(user, participant_id: int) -> dict | None:
    """What the viewer may see of one participant, or None (then the page is a 404): staff see
    the enrolments in their scope, a facilitator those in their waves; the audit rows come from
    the trail the viewer may read. Eight queries whatever the record's length."""
    enrolments = list(
        attendance.attendance_rates(
            programmes.enrolments_visible_to(user).filter(participant_id=participant_id)
        )
        .annotate(
            logbook_verified=Sum(
                "logbook_entries__hours",
                filter=Q(logbook_entries__status=assessments.LogbookStatus.VERIFIED),
            )
        )
        .select_related("participant", "organisation__province", "wave__programme")
        .order_by("-wave__starts_on", "pk")
    )
    if not enrolments:
        return None
    person = enrolments[0].participant
    wave_ids = [e.wave_id for e in enrolments]
    teams = [e.organisation_id for e in enrolments]
    submissions = list(
        assessments.Submission.objects.filter(assignment__wave_id__in=wave_ids)
        .filter(Q(participant_id=participant_id) | Q(team_id__in=teams, assignment__mode="team"))
        .exclude(status=assessments.SubmissionStatus.DRAFT)
        .select_related("assignment__wave", "grade")
        .order_by("assignment__due_at", "pk")
    )
    logbook = list(
        assessments.LogbookEntry.objects.filter(enrolment__in=[e.pk for e in enrolments])
        .select_related("enrolment__wave")
        .order_by("-day", "-pk")[:60]
    )
    certs = list(
        certificates.Certificate.objects.filter(enrolment__in=[e.pk for e in enrolments])
        .select_related("wave__programme")
        .order_by("-issued_at")
    )
    enrolment_label = programmes.Enrolment._meta.label_lower
    user_label = person._meta.label_lower
    history = list(
        accounts.audit_events_visible_to(user)
        .filter(
            Q(target_type=enrolment_label, target_id__in=[str(e.pk) for e in enrolments])
            | Q(target_type=user_label, target_id=str(participant_id))
        )
        .order_by("-created_at", "-pk")[:50]
    )
    return {
        "person": person,
        "enrolments": enrolments,
        "submissions": submissions,
        "logbook": logbook,
        "certificates": certs,
        "history": history,
    }
