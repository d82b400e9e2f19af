"""What happens in the scale data's waves: a schedule of sessions per wave, attendance marked
for every session already begun, assignments with hand-ins, versions and grades, the
apprentices' logbook, each enrolment's outcome, and certificates for most finished waves.

Everything is drawn from a random generator seeded per wave, so a load is repeatable and the
figures agree with one another: an enrolment is completed only when its wave has ended and the
programme's completion rule holds on the rows written here (80 % of the wave's sessions under
the default excused-absence rule, both required assignments passed with a released grade), and
only completed enrolments get a certificate. Serials follow the programme's pattern with
consecutive sequence numbers, and the programme's counter row ends at the last one issued."""

from __future__ import annotations

import datetime as dt
import random
from array import array
from dataclasses import dataclass, field
from decimal import Decimal

from assessments import tallies as assessment_tallies
from assessments.models import (
    AssessmentTally,
    Assignment,
    Grade,
    LogbookEntry,
    LogbookPlan,
    Submission,
    SubmissionVersion,
)
from attendance import tallies as attendance_tallies
from attendance.constants import Mark, SessionKind, Source
from attendance.models import CODE_ALPHABET as SESSION_CODE_ALPHABET
from attendance.models import AttendanceRecord, AttendanceTally, ScheduleTally, Session
from certificates.constants import DEFAULT_SERIAL_PATTERN
from certificates.models import CODE_ALPHABET as VERIFICATION_ALPHABET
from certificates.models import CODE_LENGTH, Certificate, SerialCounter, format_serial
from programmes.constants import BoardPosition, EnrolmentStatus, ProgrammeKind
from programmes.models import Enrolment

from .scale_copy import Clock, Writer, postgres

UTC = dt.UTC
# Local times of a day's sessions and their lesson hours (JP).
SLOTS = (
    (dt.time(8, 0), dt.time(10, 0), 2),
    (dt.time(10, 15), dt.time(12, 15), 2),
    (dt.time(13, 0), dt.time(16, 0), 3),
    (dt.time(16, 15), dt.time(17, 15), 1),
)
# Per programme kind: days with sessions, and the step between them (mentoring: one visit a
# week). About 53 sessions per wave on average, so 400,000 participants make about 20 million
# attendance records.
SCHEDULE = {
    ProgrammeKind.APPRENTICESHIP: (18, 1),
    ProgrammeKind.VOCATIONAL: (16, 1),
    ProgrammeKind.MENTORING: (14, 7),
    ProgrammeKind.BIMTEK: (5, 1),
}
AFTERNOON = {
    ProgrammeKind.APPRENTICESHIP: (SessionKind.ON_THE_JOB, "Praktik kerja di koperasi tuan rumah"),
    ProgrammeKind.VOCATIONAL: (SessionKind.FIELD_PRACTICE, "Praktik keterampilan"),
    ProgrammeKind.MENTORING: (SessionKind.MENTORING_VISIT, "Kunjungan pendampingan"),
    ProgrammeKind.BIMTEK: (SessionKind.WORKSHOP, "Lokakarya dokumen koperasi"),
}
TOPICS = (
    "Tata kelola dan AD/ART koperasi",
    "Pembukuan dan laporan keuangan",
    "Rencana usaha koperasi",
    "Pemasaran produk anggota",
    "Transformasi digital koperasi",
    "Pelayanan anggota dan RAT",
)
# Outcome profiles of a participant; (skipped, present, late, excused) cumulative thresholds of
# a uniform draw per session: the rest is absent.
DILIGENT, STRUGGLING, WITHDRAWN = 0, 1, 2
MARKS = {
    DILIGENT: (0.01, 0.86, 0.95, 0.98),
    STRUGGLING: (0.02, 0.52, 0.62, 0.72),
}
SOURCES = ((Source.ROLL_CALL, 0.6), (Source.QR, 0.9), (Source.PAPER, 1.0))
CERTIFIED_WAVES = 0.75  # share of finished waves whose certificates are already issued
LOGBOOK_TRACKS = ("Pembukuan", "Produksi", "Pemasaran", "Pelayanan anggota")


@dataclass
class ProgrammeInfo:
    id: int
    index: int
    kind: str
    title: str
    kind_label: str
    code: str
    threshold: int
    lesson_hours: int


@dataclass(slots=True)
class SessionInfo:
    id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    lesson_hours: int
    kind: str
    title: str
    day: dt.date
    source: str
    recorded_at: object  # text on PostgreSQL (written as is), a datetime elsewhere


@dataclass(slots=True)
class WaveInfo:
    id: int
    index: int
    programme: ProgrammeInfo
    number: int
    starts_on: dt.date
    ends_on: dt.date
    zone: str
    offset: dt.timedelta
    host_id: int
    first: int  # global index of its first participant
    count: int
    facilitator_id: int
    mentor_id: int | None
    sessions: list[SessionInfo] = field(default_factory=list)

    def at(self, day: dt.date, time: dt.time) -> dt.datetime:
        return dt.datetime.combine(day, time, tzinfo=UTC) - self.offset


@dataclass
class Plan:
    """What the base phase made (ids chosen, nothing read back) and what activity adds."""

    now: dt.datetime
    today: dt.date
    seed: int
    issuer: tuple[int, str]
    programmes: list[ProgrammeInfo]
    waves: list[WaveInfo]
    users: range  # user id of each participant (global index)
    enrolments: range  # enrolment id of each participant (one enrolment each)
    organisation: array  # cooperative id of each participant
    names: list[str]
    profile: bytearray = field(default_factory=bytearray)
    # Filled by the activity phases, per participant.
    attended: array = field(default_factory=lambda: array("H"))
    excused: array = field(default_factory=lambda: array("H"))
    passed: bytearray = field(default_factory=bytearray)
    status: list[str] = field(default_factory=list)

    def rng(self, wave: WaveInfo, salt: str) -> random.Random:
        return random.Random(f"{self.seed}:{wave.index}:{salt}")  # noqa: S311 - test data


def wave_days(kind: str) -> int:
    days, step = SCHEDULE[kind]
    return (days - 1) * step + 1


def run(plan: Plan, writer: Writer, clock: Clock) -> None:
    n = len(plan.users)
    plan.attended = array("H", bytes(2 * n))
    plan.excused = array("H", bytes(2 * n))
    plan.passed = bytearray(n)
    with clock.phase("sessions"):
        sessions(plan, writer)
    with clock.phase("attendance"):
        writer.write(
            AttendanceRecord,
            [
                "session_id",
                "enrolment_id",
                "status",
                "note",
                "source",
                "recorded_by_id",
                "recorded_at",
                "version",
            ],
            attendance_rows(plan),
            plain=True,
        )
    with clock.phase("assessments"):
        assessments(plan, writer)
    with clock.phase("logbook"):
        logbook(plan, writer)
    with clock.phase("enrolments"):
        enrolments(plan, writer)
    with clock.phase("certificates"):
        certificates(plan, writer)
    with clock.phase("tallies"):
        # The summaries the services keep, made by the services' own recomputation.
        attendance_tallies.waves_changed([w.id for w in plan.waves])
        attendance_tallies.enrolments_changed(plan.enrolments)
        assessment_tallies.enrolments_changed(plan.enrolments)
        for model in (ScheduleTally, AttendanceTally, AssessmentTally):
            writer.noted(model)


# --- Sessions ---------------------------------------------------------------------------------


def _session_codes(n: int, taken: set[str]) -> list[str]:
    """``n`` distinct six-letter codes spread over the whole code space (an odd multiplier
    modulo 32**6 is a bijection), skipping those already in use."""
    space = len(SESSION_CODE_ALPHABET) ** 6
    codes, i = [], 0
    while len(codes) < n:
        value = (i * 0x2545F491 + 0x9E3779) % space
        i += 1
        code = ""
        for _ in range(6):
            value, digit = divmod(value, len(SESSION_CODE_ALPHABET))
            code += SESSION_CODE_ALPHABET[digit]
        if code not in taken:
            codes.append(code)
    return codes


def sessions(plan: Plan, writer: Writer) -> None:
    per_wave = [SCHEDULE[w.programme.kind][0] * len(SLOTS) for w in plan.waves]
    ids = iter(writer.ids(Session, sum(per_wave)))
    taken = set(Session.objects.values_list("code", flat=True))
    codes = iter(_session_codes(sum(per_wave), taken))
    text = postgres()
    rows = []
    for wave in plan.waves:
        rng = plan.rng(wave, "sessions")
        days, step = SCHEDULE[wave.programme.kind]
        afternoon_kind, afternoon_title = AFTERNOON[wave.programme.kind]
        for d in range(days):
            day = wave.starts_on + dt.timedelta(days=d * step)
            topic = TOPICS[(wave.index + d) % len(TOPICS)]
            draw = rng.random()
            source = next(s for s, p in SOURCES if draw < p)
            for slot, (begin, end, jp) in enumerate(SLOTS):
                if d == 0 and slot == 0:
                    kind, title = SessionKind.OPENING, "Pembukaan dan orientasi"
                elif d == days - 1 and slot == len(SLOTS) - 1:
                    kind, title = SessionKind.CLOSING, "Rencana tindak lanjut dan penutupan"
                elif slot == 2:
                    kind, title = afternoon_kind, afternoon_title
                else:
                    kind, title = SessionKind.LECTURE, topic
                starts_at, ends_at = wave.at(day, begin), wave.at(day, end)
                recorded = starts_at + dt.timedelta(minutes=10)
                session = SessionInfo(
                    id=next(ids),
                    starts_at=starts_at,
                    ends_at=ends_at,
                    lesson_hours=jp,
                    kind=kind,
                    title=f"{title} (hari {d + 1})",
                    day=day,
                    source=source,
                    recorded_at=str(recorded) if text else recorded,
                )
                wave.sessions.append(session)
                rows.append(
                    (
                        session.id,
                        wave.id,
                        kind,
                        session.title,
                        "Balai pelatihan koperasi",
                        starts_at,
                        ends_at,
                        jp,
                        next(codes),
                        starts_at - dt.timedelta(days=14),
                        starts_at - dt.timedelta(days=14),
                    )
                )
    writer.write(
        Session,
        [
            "id",
            "wave_id",
            "kind",
            "title",
            "venue",
            "starts_at",
            "ends_at",
            "lesson_hours",
            "code",
            "created_at",
            "updated_at",
        ],
        rows,
    )


# --- Attendance -------------------------------------------------------------------------------


def attendance_rows(plan: Plan):
    """One record per participant and session begun (a few left unmarked), in wave order so
    every index is filled near its end; tallies what each participant attended."""
    now = plan.now
    present, late, excused, absent = Mark.PRESENT, Mark.LATE, Mark.EXCUSED, Mark.ABSENT
    for wave in plan.waves:
        begun = [s for s in wave.sessions if s.starts_at <= now]
        if not begun:
            continue
        rng = plan.rng(wave, "attendance")
        draw = rng.random
        for j in range(wave.count):
            g = wave.first + j
            profile = plan.profile[g]
            if profile == WITHDRAWN:
                shown = begun[: int(len(begun) * draw() * 0.5)]
                skip, p_present, p_late, p_excused = MARKS[STRUGGLING]
            else:
                shown = begun
                skip, p_present, p_late, p_excused = MARKS[profile]
            enrolment, user = plan.enrolments[g], plan.users[g]
            att = exc = 0
            for s in shown:
                r = draw()
                if r < skip:
                    continue
                if r < p_present:
                    status = present
                    att += 1
                elif r < p_late:
                    status = late
                    att += 1
                elif r < p_excused:
                    status = excused
                    exc += 1
                else:
                    status = absent
                by = user if s.source == Source.QR else wave.facilitator_id
                yield (s.id, enrolment, status, "", s.source, by, s.recorded_at, 1)
            plan.attended[g], plan.excused[g] = att, exc


# --- Assignments, submissions, grades ---------------------------------------------------------


def _assignments(plan: Plan, wave: WaveInfo, ids) -> list[tuple]:
    """(id, title, due, pass mark, required, team) of a wave's three assignments."""
    middle = wave.starts_on + dt.timedelta(days=wave_days(wave.programme.kind) // 2)
    late_night = dt.time(23, 59)
    return [
        (next(ids), "Rencana usaha koperasi", wave.at(middle, late_night), 60, True, False),
        (
            next(ids),
            "Laporan akhir",
            wave.at(wave.ends_on + dt.timedelta(days=7), late_night),
            70,
            True,
            False,
        ),
        (next(ids), "Profil koperasi (tim)", wave.at(wave.ends_on, late_night), 60, False, True),
    ]


def assessments(plan: Plan, writer: Writer) -> None:
    now = plan.now
    assignment_ids = iter(writer.ids(Assignment, 3 * len(plan.waves)))
    assignments, subs, versions, grades = [], [], [], []
    wave_assignments = []
    for wave in plan.waves:
        rows = _assignments(plan, wave, assignment_ids)
        wave_assignments.append(rows)
        for a_id, title, due, pass_mark, required, team in rows:
            assignments.append(
                (
                    a_id,
                    wave.id,
                    title,
                    f"<p>Kerjakan {title.lower()} sesuai format dari fasilitator.</p>",
                    due,
                    "flag",
                    Decimal(100),
                    Decimal(pass_mark),
                    required,
                    "team" if team else "individual",
                    wave.at(wave.starts_on, dt.time(7, 0)) - dt.timedelta(days=14),
                    wave.at(wave.starts_on, dt.time(7, 0)) - dt.timedelta(days=14),
                )
            )
    writer.write(
        Assignment,
        [
            "id",
            "wave_id",
            "title",
            "instructions",
            "due_at",
            "late_policy",
            "max_score",
            "pass_mark",
            "required_for_certificate",
            "mode",
            "created_at",
            "updated_at",
        ],
        assignments,
    )
    del assignments

    n_subs = 0
    for wave, rows in zip(plan.waves, wave_assignments, strict=True):
        started = wave.at(wave.starts_on, dt.time(0, 0)) <= now
        if not started:
            continue
        rng = plan.rng(wave, "assessments")
        members = [
            wave.first + j for j in range(wave.count) if plan.profile[wave.first + j] != WITHDRAWN
        ]
        required_passed = dict.fromkeys(members, 0)
        for a_id, title, due, pass_mark, required, team in rows:
            if team:
                owners = {}
                for g in members:
                    owners.setdefault(plan.organisation[g], g)
                pairs = [(None, org, g) for org, g in owners.items()]
            else:
                pairs = [(plan.users[g], None, g) for g in members]
            for participant, team_id, g in pairs:
                diligent = plan.profile[g] == DILIGENT
                outcome = _hand_in(rng, now, due, diligent)
                if outcome is None:
                    continue
                status, submitted_at, is_late = outcome
                n_subs += 1
                sub_id = n_subs  # replaced by a real id below
                subs.append(
                    [
                        sub_id,
                        a_id,
                        participant,
                        team_id,
                        status,
                        "Draf jawaban." if status == "draft" else "",
                        submitted_at,
                        is_late,
                        0 if status == "draft" else 1,
                        submitted_at or now,
                        submitted_at or now,
                    ]
                )
                if status == "draft":
                    continue
                versions.append((sub_id, submitted_at, plan.users[g], is_late, title))
                if status != "graded":
                    continue
                graded_at = min(submitted_at + dt.timedelta(days=rng.randint(1, 6)), now)
                if diligent:
                    score = rng.randint(30, pass_mark - 1) if rng.random() < 0.02 else None
                    score = score or rng.randint(max(pass_mark + 2, 62), 100)
                else:
                    score = rng.randint(30, 100)
                released = rng.random() < 0.98
                grades.append((sub_id, Decimal(score), released, graded_at, wave.facilitator_id))
                if required and released and score >= pass_mark:
                    required_passed[g] += 1
        for g, n in required_passed.items():
            plan.passed[g] = 1 if n == 2 else 0

    ids = writer.ids(Submission, len(subs))
    first = ids.start - 1
    for row in subs:
        row[0] += first
    writer.write(
        Submission,
        [
            "id",
            "assignment_id",
            "participant_id",
            "team_id",
            "status",
            "draft_text",
            "submitted_at",
            "is_late",
            "version_count",
            "created_at",
            "updated_at",
        ],
        (tuple(r) for r in subs),
    )
    del subs
    writer.write(
        SubmissionVersion,
        ["submission_id", "number", "text", "submitted_at", "submitted_by_id", "is_late"],
        (
            (sub_id + first, 1, f"Jawaban untuk {title.lower()}.", at, by, late)
            for sub_id, at, by, late, title in versions
        ),
    )
    writer.write(
        Grade,
        [
            "submission_id",
            "score",
            "feedback",
            "released",
            "released_at",
            "graded_by_id",
            "graded_at",
            "graded_version",
            "revision",
        ],
        (
            (
                sub_id + first,
                score,
                "Sudah baik; lengkapi rincian biaya." if score < 80 else "Sangat baik.",
                released,
                at if released else None,
                by,
                at,
                1,
                1,
            )
            for sub_id, score, released, at, by in grades
        ),
    )


def _hand_in(rng: random.Random, now, due, diligent: bool):
    """(status, submitted at, late) of one owner's answer, or None when nothing was written."""
    if due <= now:
        if rng.random() > (0.99 if diligent else 0.75):
            return None
        if rng.random() < 0.04:
            at = due + dt.timedelta(hours=rng.randint(1, 48))
            late = True
            if at > now:
                return None
        else:
            at, late = due - dt.timedelta(hours=rng.randint(2, 96)), False
    else:
        roll = rng.random()
        if roll < (0.3 if diligent else 0.1):
            at, late = due - dt.timedelta(hours=rng.randint(24, 240)), False
            if at > now:
                return ("draft", None, False)
        elif roll < 0.4:
            return ("draft", None, False)
        else:
            return None
    age = now - at
    roll = rng.random()
    if age > dt.timedelta(days=7):
        status = "graded" if roll < 0.97 else ("returned" if roll < 0.98 else "submitted")
    else:
        status = "graded" if roll < 0.4 else "submitted"
    return status, at, late


# --- Logbook ----------------------------------------------------------------------------------


def logbook(plan: Plan, writer: Writer) -> None:
    """Apprentices (magang waves) write a day for each on-the-job day begun; mentors have
    reviewed all but the last fortnight's."""
    now, today = plan.now, plan.today
    magang = [w for w in plan.waves if w.programme.kind == ProgrammeKind.APPRENTICESHIP]
    writer.write(
        LogbookPlan,
        ["wave_id", "planned_hours"],
        ((w.id, Decimal(SCHEDULE[w.programme.kind][0] * 7)) for w in magang),
    )

    def rows():
        fortnight = dt.timedelta(days=14)
        for wave in magang:
            days = sorted({s.day for s in wave.sessions if s.kind == SessionKind.ON_THE_JOB})
            days = [d for d in days if d <= today]
            if not days:
                continue
            rng = plan.rng(wave, "logbook")
            for j in range(wave.count):
                g = wave.first + j
                if plan.profile[g] == WITHDRAWN:
                    continue
                enrolment, user = plan.enrolments[g], plan.users[g]
                for d, day in enumerate(days):
                    if rng.random() < 0.1:
                        continue
                    roll = rng.random()
                    if today - day > fortnight:
                        status = "verified" if roll < 0.97 else "returned"
                    else:
                        status = "pending" if roll < 0.6 else "verified"
                    reviewed = status != "pending"
                    at = wave.at(day, dt.time(18, 0))
                    yield (
                        enrolment,
                        day,
                        "Praktik kerja di unit usaha koperasi tuan rumah.",
                        "Koperasi tuan rumah",
                        Decimal(12 + rng.randint(0, 4)) / 2,
                        LOGBOOK_TRACKS[(g + d) % len(LOGBOOK_TRACKS)],
                        status,
                        "" if status != "returned" else "Lengkapi foto kegiatan.",
                        user,
                        wave.mentor_id if reviewed else None,
                        min(at + dt.timedelta(days=3), now) if reviewed else None,
                        at,
                    )

    writer.write(
        LogbookEntry,
        [
            "enrolment_id",
            "day",
            "activity",
            "place",
            "hours",
            "track",
            "status",
            "mentor_comment",
            "recorded_by_id",
            "reviewed_by_id",
            "reviewed_at",
            "created_at",
        ],
        rows(),
    )


# --- Enrolments and certificates --------------------------------------------------------------


def completed(plan: Plan, wave: WaveInfo, g: int) -> bool:
    """The programme's completion rule on the rows written: sessions basis, excused absences
    leave the denominator, both required assignments passed."""
    total = len(wave.sessions) - plan.excused[g]
    return (
        total > 0
        and plan.attended[g] * 100 >= wave.programme.threshold * total
        and plan.passed[g] == 1
    )


def enrolments(plan: Plan, writer: Writer) -> None:
    positions = list(BoardPosition)
    status = EnrolmentStatus
    plan.status = [""] * len(plan.users)

    def rows():
        for wave in plan.waves:
            started = wave.starts_on <= plan.today
            finished = wave.ends_on < plan.today
            enrolled = wave.at(wave.starts_on, dt.time(9, 0)) - dt.timedelta(days=21)
            closed = wave.at(wave.ends_on, dt.time(17, 0))
            for j in range(wave.count):
                g = wave.first + j
                if plan.profile[g] == WITHDRAWN:
                    state = status.WITHDRAWN
                elif not started:
                    state = status.INVITED if g % 5 < 2 else status.ACTIVE
                elif finished and completed(plan, wave, g):
                    state = status.COMPLETED
                else:
                    state = status.ACTIVE
                plan.status[g] = state
                yield (
                    plan.enrolments[g],
                    wave.id,
                    plan.users[g],
                    state,
                    plan.organisation[g],
                    positions[g % len(positions)],
                    enrolled,
                    closed if state == status.COMPLETED else enrolled,
                )

    writer.write(
        Enrolment,
        [
            "id",
            "wave_id",
            "participant_id",
            "status",
            "organisation_id",
            "board_position",
            "enrolled_at",
            "status_changed_at",
        ],
        rows(),
    )


def certificates(plan: Plan, writer: Writer) -> None:
    """Most finished waves (ended two weeks ago or more) have their completed participants'
    certificates: rows only, no PDF (``rendered_at`` empty, as before the worker runs)."""
    now = plan.now
    issuer_id, issuer_name = plan.issuer
    sequence = {p.id: 0 for p in plan.programmes}

    def rows():
        for wave in plan.waves:
            if wave.ends_on > plan.today - dt.timedelta(days=14):
                continue
            rng = plan.rng(wave, "certificates")
            if rng.random() >= CERTIFIED_WAVES:
                continue
            programme = wave.programme
            issued = min(
                wave.at(wave.ends_on + dt.timedelta(days=rng.randint(7, 13)), dt.time(10, 0)),
                now,
            )
            for j in range(wave.count):
                g = wave.first + j
                if plan.status[g] != EnrolmentStatus.COMPLETED:
                    continue
                sequence[programme.id] += 1
                seq = sequence[programme.id]
                revoked = rng.random() < 0.005
                yield (
                    plan.enrolments[g],
                    plan.users[g],
                    wave.id,
                    programme.id,
                    issuer_id,
                    format_serial(
                        DEFAULT_SERIAL_PATTERN,
                        code=programme.code,
                        year=issued.year,
                        wave=wave.number,
                        seq=seq,
                    ),
                    seq,
                    "".join(rng.choices(VERIFICATION_ALPHABET, k=CODE_LENGTH)),
                    "revoked" if revoked else "valid",
                    1,
                    {
                        "title": "Sertifikat Pelatihan",
                        "name": plan.names[g],
                        "programme": programme.title,
                        "programme_kind": programme.kind_label,
                        "wave": wave.number,
                        "starts_on": wave.starts_on.isoformat(),
                        "ends_on": wave.ends_on.isoformat(),
                        "lesson_hours": programme.lesson_hours,
                        "competencies": list(TOPICS[:3]),
                        "issuer": {"id": issuer_id, "name": issuer_name},
                        "signatories": [],
                        "logo_ids": [],
                    },
                    issued,
                    min(issued + dt.timedelta(days=30), now) if revoked else None,
                    "Nama peserta salah ketik." if revoked else "",
                )

    writer.write(
        Certificate,
        [
            "enrolment_id",
            "participant_id",
            "wave_id",
            "programme_id",
            "issuer_id",
            "serial",
            "sequence",
            "verification_code",
            "status",
            "version",
            "content",
            "issued_at",
            "revoked_at",
            "revoked_reason",
        ],
        rows(),
    )
    writer.write(
        SerialCounter,
        ["programme_id", "last"],
        ((pk, last) for pk, last in sequence.items() if last),
    )
