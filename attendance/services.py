"""Every write to schedules and attendance. Each service checks permission, validates, writes
atomically with one audit row (the before and after of what changed) and nothing else writes
these records."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from lms import audit, timezones
from lms.changes import apply_changes, delete_recorded
from programmes import api as programmes

from . import checkin, permissions, tallies
from .constants import ATTENDING, DEFAULT_EXCUSED_RULE, DEFAULT_GRACE_MINUTES, Mark, Source
from .models import (
    AttendanceConflict,
    AttendanceRecord,
    AttendanceSettings,
    CalendarFeed,
    OfflineMark,
    Session,
    SessionEvidence,
)

SESSION_FIELDS = ["kind", "title", "venue", "starts_at", "ends_at", "lesson_hours", "unit"]
EVIDENCE_KINDS = ("jpeg", "png", "pdf")
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


def _scope(wave) -> dict:
    return {"province_code": wave.host_site.province.code, "organisation_id": wave.host_site_id}


def _wave(wave_pk: int):
    return programmes.Wave.objects.select_related("host_site__province", "programme").get(
        pk=wave_pk
    )


def programme_settings(programme) -> AttendanceSettings:
    """The programme's attendance settings (defaults when none were saved)."""
    found = AttendanceSettings.objects.filter(programme=programme).first()
    return found or AttendanceSettings(
        programme=programme,
        excused_rule=DEFAULT_EXCUSED_RULE,
        late_grace_minutes=DEFAULT_GRACE_MINUTES,
    )


@transaction.atomic
def settings_update(*, actor, programme, **changes: Any) -> AttendanceSettings:
    if not programmes.can_change_programme(actor, programme):
        raise permissions.PermissionDenied("This programme is outside your scope.")
    row, _created = AttendanceSettings.objects.select_for_update().get_or_create(
        programme=programme
    )
    before, after = apply_changes(row, changes, ["excused_rule", "late_grace_minutes"])
    if not after:
        return row
    row.full_clean()
    row.save()
    audit.record(
        actor=actor,
        action="attendance.settings",
        target=programme,
        before=before,
        after=after,
        province_code=programme.organiser.province.code,
        organisation_id=programme.organiser_id,
    )
    return row


# --- Sessions -------------------------------------------------------------------------------


def _check_unit(wave, unit) -> None:
    if unit is None:
        return
    if not programmes.Enrolment.objects.filter(wave=wave, organisation=unit).exists() and (
        unit.pk != wave.host_site_id
    ):
        raise ValidationError(
            {"unit": _("Unit ini bukan tuan rumah atau asal peserta gelombang ini.")},
            code="unit",
        )


def _check_facilitators(wave, facilitators) -> None:
    assigned = set(
        programmes.FacilitatorAssignment.objects.filter(wave=wave).values_list(
            "facilitator_id", flat=True
        )
    )
    outside = [f for f in facilitators if f.pk not in assigned]
    if outside:
        raise ValidationError(
            {
                "facilitators": _("%(names)s bukan fasilitator gelombang ini.")
                % {"names": ", ".join(str(f) for f in outside)}
            },
            code="facilitator",
        )


@transaction.atomic
def session_create(*, actor, wave, facilitators: Sequence = (), **fields: Any) -> Session:
    wave = _wave(wave.pk)
    permissions.require_can_change_schedule(actor, wave)
    unknown = set(fields) - set(SESSION_FIELDS)
    if unknown:
        raise TypeError(f"Fields not settable here: {sorted(unknown)}")
    session = Session(wave=wave, **fields)
    session.full_clean()
    _check_unit(wave, session.unit)
    _check_facilitators(wave, facilitators)
    session.save()
    session.facilitators.set(facilitators)
    tallies.waves_changed([wave.pk])
    after = audit.snapshot(session, SESSION_FIELDS)
    after["facilitators"] = sorted(f.pk for f in facilitators)
    audit.record(actor=actor, action="session.create", target=session, after=after, **_scope(wave))
    return session


@transaction.atomic
def session_update(
    *, actor, session: Session, facilitators: Sequence | None = None, **changes: Any
) -> Session:
    session = Session.objects.select_for_update().get(pk=session.pk)
    session.wave = _wave(session.wave_id)
    permissions.require_can_change_schedule(actor, session.wave)
    before, after = apply_changes(session, changes, SESSION_FIELDS)
    session.full_clean()
    if "unit" in after:
        _check_unit(session.wave, session.unit)
    if facilitators is not None:
        old = sorted(session.facilitators.values_list("pk", flat=True))
        new = sorted(f.pk for f in facilitators)
        if old != new:
            _check_facilitators(session.wave, facilitators)
            session.facilitators.set(facilitators)
            before["facilitators"], after["facilitators"] = old, new
    if not after:
        return session
    session.save()
    if {"starts_at", "lesson_hours", "unit"} & set(after):
        tallies.session_changed(session)
    audit.record(
        actor=actor,
        action="session.update",
        target=session,
        before=before,
        after=after,
        **_scope(session.wave),
    )
    return session


@transaction.atomic
def session_delete(*, actor, session: Session) -> None:
    session = Session.objects.select_for_update().get(pk=session.pk)
    wave = _wave(session.wave_id)
    permissions.require_can_change_schedule(actor, wave)
    delete_recorded(
        actor=actor,
        instance=session,
        action="session.delete",
        fields=SESSION_FIELDS,
        in_use_message=_("Sesi ini sudah memiliki catatan kehadiran dan tidak dapat dihapus."),
        **_scope(wave),
    )
    tallies.waves_changed([wave.pk])


def _local(value: dt.datetime, tzname: str) -> dt.datetime:
    return timezones.in_zone(value, tzname)


@transaction.atomic
def schedule_copy(*, actor, source_wave, target_wave) -> list[Session]:
    """Copy ``source_wave``'s sessions into ``target_wave``: the same local times, moved by the
    days between the two waves' first days, in the target's zone."""
    target = _wave(target_wave.pk)
    permissions.require_can_change_schedule(actor, target)
    if not programmes.waves_visible_to(actor).filter(pk=source_wave.pk).exists():
        raise permissions.PermissionDenied("The source wave is outside your scope.")
    source = _wave(source_wave.pk)
    shift = target.starts_on - source.starts_on
    rows = []
    for s in Session.objects.filter(wave=source).order_by("starts_at"):
        start = _local(s.starts_at, source.time_zone)
        end = _local(s.ends_at, source.time_zone)
        rows.append(
            Session(
                wave=target,
                kind=s.kind,
                title=s.title,
                venue=s.venue,
                lesson_hours=s.lesson_hours,
                starts_at=timezones.aware_in_zone(
                    start.date() + shift, start.time(), target.time_zone
                ),
                ends_at=timezones.aware_in_zone(end.date() + shift, end.time(), target.time_zone),
            )
        )
    if not rows:
        raise ValidationError(_("Gelombang sumber belum memiliki jadwal."), code="empty")
    created = Session.objects.bulk_create(rows)
    tallies.waves_changed([target.pk])
    audit.record(
        actor=actor,
        action="schedule.copy",
        target=target,
        after={"from_wave": source.pk, "sessions": len(created)},
        **_scope(target),
    )
    return created


@transaction.atomic
def add_week(
    *,
    actor,
    wave,
    first_day: dt.date,
    start_time: dt.time,
    end_time: dt.time,
    kind: str,
    title: str,
    days: int = 5,
    venue: str = "",
    lesson_hours: int = 2,
) -> list[Session]:
    """Add ``days`` daily sessions (same times, same kind) from ``first_day``."""
    wave = _wave(wave.pk)
    permissions.require_can_change_schedule(actor, wave)
    if end_time <= start_time:
        raise ValidationError({"end_time": _("Waktu selesai harus setelah waktu mulai.")})
    rows = []
    for n in range(days):
        day = first_day + dt.timedelta(days=n)
        session = Session(
            wave=wave,
            kind=kind,
            title=_("%(title)s (hari %(n)s)") % {"title": title, "n": n + 1},
            venue=venue or wave.venue,
            lesson_hours=lesson_hours,
            starts_at=timezones.aware_in_zone(day, start_time, wave.time_zone),
            ends_at=timezones.aware_in_zone(day, end_time, wave.time_zone),
        )
        session.full_clean(exclude=["code"])
        rows.append(session)
    created = Session.objects.bulk_create(rows)
    tallies.waves_changed([wave.pk])
    audit.record(
        actor=actor,
        action="schedule.add_week",
        target=wave,
        after={"first_day": first_day.isoformat(), "sessions": len(created), "title": title},
        **_scope(wave),
    )
    return created


# --- Roll call ------------------------------------------------------------------------------


@dataclass(frozen=True)
class MarkInput:
    """One row of a roll call: the status and note chosen, and (when the form showed them) the
    status and note the facilitator saw, so a save changes only what they changed."""

    status: str
    note: str = ""
    seen_status: str | None = None
    seen_note: str | None = None


def _enrolments(session: Session, ids: Iterable[int]) -> dict[int, dict]:
    rows = programmes.Enrolment.objects.filter(wave_id=session.wave_id, pk__in=list(ids)).values(
        "pk", "status", "organisation_id", "participant__full_name"
    )
    return {row["pk"]: row for row in rows}


def _refuse_unmarkable(session: Session, marks: Mapping[int, Any], found: dict[int, dict]):
    unknown = [pk for pk in marks if pk not in found]
    if unknown:
        raise ValidationError(_("Ada peserta yang bukan peserta gelombang ini."), code="unknown")
    withdrawn = [
        row["participant__full_name"]
        for row in found.values()
        if row["status"] == programmes.EnrolmentStatus.WITHDRAWN
    ]
    if withdrawn:
        raise ValidationError(
            _("%(names)s sudah mengundurkan diri dan tidak dapat diberi tanda kehadiran.")
            % {"names": ", ".join(sorted(withdrawn))},
            code="withdrawn",
        )
    if session.unit_id:
        outside = [r for r in found.values() if r["organisation_id"] != session.unit_id]
        if outside:
            raise ValidationError(
                _("Sesi ini hanya untuk peserta dari unitnya."), code="other_unit"
            )


def _locked_session(session_pk: int) -> Session:
    # The session row is the lock: roll calls, check-ins and syncs of one session queue here.
    return (
        Session.objects.select_for_update(of=("self",))
        .select_related("wave__host_site__province")
        .get(pk=session_pk)
    )


@transaction.atomic
def roll_call_save(
    *, actor, session: Session, marks: Mapping[int, MarkInput], source: str = Source.ROLL_CALL
) -> dict[str, int]:
    """Save a roll call (enrolment id -> MarkInput) in one go: a handful of queries whatever
    the room's size. A field the facilitator did not touch keeps whatever is stored (someone
    else may have changed it meanwhile); a field they changed wins, and the value it replaces
    stays in the audit trail. One audit row per save with the before and after of the marks
    that changed."""
    session = _locked_session(session.pk)
    permissions.require_can_mark(actor, session)
    for mark in marks.values():
        if mark.status not in Mark.values:
            raise ValidationError(_("Status kehadiran tidak dikenal."), code="status")
    found = _enrolments(session, marks)
    _refuse_unmarkable(session, marks, found)
    existing = {
        r.enrolment_id: r
        for r in AttendanceRecord.objects.filter(session=session, enrolment_id__in=list(marks))
    }
    now = timezone.now()
    new, changed, before, after = [], [], {}, {}
    for pk, mark in marks.items():
        note = (mark.note or "").strip()[:200]
        record = existing.get(pk)
        if record is None:
            new.append(
                AttendanceRecord(
                    session=session,
                    enrolment_id=pk,
                    status=mark.status,
                    note=note,
                    source=source,
                    recorded_by=actor,
                    recorded_at=now,
                )
            )
            after[str(pk)] = {"status": mark.status, "note": note}
            continue
        old = {"status": record.status, "note": record.note}
        if mark.seen_status is None or mark.status != mark.seen_status:
            record.status = mark.status
        if mark.seen_note is None or note != (mark.seen_note or "").strip():
            record.note = note
        if (record.status, record.note) == (old["status"], old["note"]):
            continue
        record.source, record.recorded_by, record.recorded_at = source, actor, now
        record.version += 1
        changed.append(record)
        before[str(pk)] = old
        after[str(pk)] = {"status": record.status, "note": record.note}
    if new:
        AttendanceRecord.objects.bulk_create(new)
    if changed:
        AttendanceRecord.objects.bulk_update(
            changed, ["status", "note", "source", "recorded_by", "recorded_at", "version"]
        )
    if after:
        tallies.enrolments_changed([int(pk) for pk in after])
        audit.record(
            actor=actor,
            action="attendance.roll_call",
            target=session,
            before=before or None,
            after=after,
            **_scope(session.wave),
        )
    return {"created": len(new), "changed": len(changed)}


# --- Self check-in --------------------------------------------------------------------------


@transaction.atomic
def check_in(*, user, session: Session, at: dt.datetime | None = None) -> AttendanceRecord:
    """A trainee's own check-in (after the code was verified): present, or late after the
    programme's grace period. Refused (CheckInRefused) when not enrolled, withdrawn, or
    already checked in (which changes nothing).

    A room of trainees checks in at the same moment, so this takes no lock on the session: the
    database's one-record-per-session-and-participant constraint settles two check-ins of one
    person, and a mark someone made before is locked on its own row."""
    at = at or timezone.now()
    grace_of_programme = AttendanceSettings.objects.filter(
        programme_id=OuterRef("wave__programme_id")
    ).values("late_grace_minutes")[:1]
    session = (
        Session.objects.select_related("wave__host_site__province")
        .annotate(grace=Subquery(grace_of_programme))
        .get(pk=session.pk)
    )
    enrolment = (
        programmes.Enrolment.objects.filter(wave_id=session.wave_id, participant=user)
        .only("pk", "status", "organisation_id")
        .first()
    )
    if enrolment is None or (session.unit_id and enrolment.organisation_id != session.unit_id):
        raise checkin.CheckInRefused("not_enrolled")
    if enrolment.status == programmes.EnrolmentStatus.WITHDRAWN:
        raise checkin.CheckInRefused("withdrawn")
    grace = DEFAULT_GRACE_MINUTES if session.grace is None else session.grace
    status = Mark.PRESENT if at <= session.starts_at + dt.timedelta(minutes=grace) else Mark.LATE
    record = AttendanceRecord(
        session=session,
        enrolment=enrolment,
        status=status,
        source=Source.QR,
        recorded_by=user,
        recorded_at=at,
    )
    before = None
    try:
        with transaction.atomic():
            record.save(force_insert=True)
    except IntegrityError:
        # Marked before (by a facilitator, or this person's other check-in): lock that mark.
        record = AttendanceRecord.objects.select_for_update().get(
            session=session, enrolment=enrolment
        )
        if record.status in ATTENDING:
            raise checkin.CheckInRefused("already") from None
        before = {str(enrolment.pk): {"status": record.status, "note": record.note}}
        record.status, record.source, record.recorded_by, record.recorded_at = (
            status,
            Source.QR,
            user,
            at,
        )
        record.version += 1
        record.save()
    tallies.enrolments_changed([enrolment.pk])
    audit.record(
        actor=user,
        action="attendance.check_in",
        target=session,
        before=before,
        after={str(enrolment.pk): {"status": status, "note": record.note}},
        **_scope(session.wave),
    )
    return record


# --- Offline sync ---------------------------------------------------------------------------


@dataclass(frozen=True)
class OfflineInput:
    client_id: str
    enrolment_id: int
    status: str
    note: str = ""
    base_version: int = 0  # the record's version the device saw (0: no record then)
    marked_at: dt.datetime | None = None


@transaction.atomic
def offline_sync(*, actor, session: Session, marks: Sequence[OfflineInput]) -> dict[str, str]:
    """Apply marks made on a device without network. Each mark carries an id the device made:
    one already received changes nothing. A mark on a record that changed since the device
    saw it is not applied: both are kept in the conflict log for a person to choose."""
    session = _locked_session(session.pk)
    permissions.require_can_mark(actor, session)
    seen = set(
        OfflineMark.objects.filter(client_id__in=[m.client_id for m in marks]).values_list(
            "client_id", flat=True
        )
    )
    fresh = [m for m in marks if m.client_id not in seen and m.status in Mark.values]
    outcomes = {m.client_id: "duplicate" for m in marks if m.client_id in seen}
    if not fresh:
        return outcomes
    found = _enrolments(session, {m.enrolment_id for m in fresh})
    _refuse_unmarkable(session, {m.enrolment_id: m for m in fresh}, found)
    existing = {
        r.enrolment_id: r
        for r in AttendanceRecord.objects.filter(
            session=session, enrolment_id__in=[m.enrolment_id for m in fresh]
        )
    }
    now = timezone.now()
    to_apply: dict[int, MarkInput] = {}
    conflicts, received = [], []
    for m in fresh:
        record = existing.get(m.enrolment_id)
        current_version = record.version if record else 0
        note = (m.note or "").strip()[:200]
        if record is not None and current_version != m.base_version:
            if (record.status, record.note) == (m.status, note):
                outcome = "unchanged"
            else:
                outcome = "conflict"
                conflicts.append(
                    AttendanceConflict(
                        session=session,
                        enrolment_id=m.enrolment_id,
                        record=record,
                        offline_status=m.status,
                        offline_note=note,
                        offline_by=actor,
                        offline_marked_at=m.marked_at or now,
                        server_status=record.status,
                        server_note=record.note,
                    )
                )
        else:
            outcome = "applied"
            to_apply[m.enrolment_id] = MarkInput(status=m.status, note=note)
        outcomes[m.client_id] = outcome
        received.append(
            OfflineMark(
                client_id=m.client_id,
                session=session,
                enrolment_id=m.enrolment_id,
                sent_by=actor,
                outcome=outcome,
            )
        )
    OfflineMark.objects.bulk_create(received)
    if conflicts:
        AttendanceConflict.objects.bulk_create(conflicts)
        audit.record(
            actor=actor,
            action="attendance.conflict",
            target=session,
            before={str(c.enrolment_id): {"status": c.server_status} for c in conflicts},
            after={str(c.enrolment_id): {"status": c.offline_status} for c in conflicts},
            **_scope(session.wave),
        )
    if to_apply:
        roll_call_save(actor=actor, session=session, marks=to_apply, source=Source.OFFLINE)
    return outcomes


def conflicts_open(session: Session):
    return (
        AttendanceConflict.objects.filter(session=session, resolved_at__isnull=True)
        .select_related("enrolment__participant", "offline_by")
        .order_by("created_at")
    )


@transaction.atomic
def conflict_resolve(*, actor, conflict: AttendanceConflict, keep: str) -> AttendanceConflict:
    """Choose the offline mark (``keep="offline"``) or the one on the server (``"server"``)."""
    conflict = AttendanceConflict.objects.select_for_update().get(pk=conflict.pk)
    session = _locked_session(conflict.session_id)
    permissions.require_can_mark(actor, session)
    if conflict.resolved_at is not None:
        raise ValidationError(_("Konflik ini sudah diselesaikan."), code="resolved")
    if keep not in ("offline", "server"):
        raise ValidationError(_("Pilih salah satu tanda."), code="choice")
    if keep == "offline":
        roll_call_save(
            actor=actor,
            session=session,
            marks={
                conflict.enrolment_id: MarkInput(
                    status=conflict.offline_status, note=conflict.offline_note
                )
            },
            source=Source.OFFLINE,
        )
    conflict.resolved_at = timezone.now()
    conflict.resolved_by = actor
    conflict.chosen_status = (
        conflict.offline_status if keep == "offline" else conflict.server_status
    )
    conflict.save()
    audit.record(
        actor=actor,
        action="attendance.conflict_resolved",
        target=session,
        after={str(conflict.enrolment_id): {"kept": keep, "status": conflict.chosen_status}},
        **_scope(session.wave),
    )
    return conflict


# --- Paper evidence -------------------------------------------------------------------------


@transaction.atomic
def evidence_attach(*, actor, session: Session, uploaded) -> SessionEvidence:
    """Attach a photo or scan of the signed sheet: checked by content, photo metadata
    stripped, stored under an unguessable name."""
    from django.core.files.base import ContentFile

    from lms import files

    session = _locked_session(session.pk)
    permissions.require_can_mark(actor, session)
    checked = files.check_upload(uploaded, kinds=EVIDENCE_KINDS, max_bytes=EVIDENCE_MAX_BYTES)
    evidence = SessionEvidence(
        session=session,
        content_type=checked.content_type,
        original_name=checked.original_name,
        uploaded_by=actor,
    )
    evidence.file.save(checked.original_name, ContentFile(checked.content), save=False)
    evidence.save()
    audit.record(
        actor=actor,
        action="attendance.evidence",
        target=session,
        after={"evidence": evidence.pk, "name": evidence.original_name},
        **_scope(session.wave),
    )
    return evidence


# --- Calendar feed --------------------------------------------------------------------------


@transaction.atomic
def feed_token(*, user, renew: bool = False) -> str:
    """The user's private feed token; ``renew`` revokes the old address."""
    feed = CalendarFeed.objects.select_for_update().filter(user=user).first()
    if feed is not None and not renew:
        return feed.token
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(user=user, defaults={"token": token})
    audit.record(actor=user, action="attendance.feed_renewed", target=user)
    return token
