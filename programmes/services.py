"""Every write to programmes, waves, facilitators, partners and enrolments. Each service checks
permission, validates, writes atomically with one audit row (the before and after of what
changed), and enqueues follow-up tasks on commit. The admin's forms call these; nothing else
saves these records."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.api import Role, User, require_can_manage_organisation
from lms import audit, content_cache
from lms.changes import apply_changes, delete_recorded
from organisations.api import Organisation

from . import permissions, tasks
from .constants import REASON_REQUIRED, SEAT_STATUSES, TRANSITIONS, EnrolmentStatus
from .models import Enrolment, FacilitatorAssignment, PartnerAgreement, Programme, Wave

AUDITED_FIELDS = ["wave", "participant", "status", "organisation", "board_position"]
PROGRAMME_FIELDS = [
    "title",
    "kind",
    "description",
    "organiser",
    "min_attendance_percent",
    "require_assignments_passed",
    "lesson_hours",
]
PARTNER_FIELDS = ["partner", "agreement_number", "signed_on", "scope"]
WAVE_FIELDS = [
    "programme",
    "number",
    "starts_on",
    "ends_on",
    "host_site",
    "venue",
    "capacity",
    "sector",
    "time_zone",
]


def _audit_scope(enrolment: Enrolment) -> dict:
    return {
        "province_code": enrolment.organisation.province.code,
        "organisation_id": enrolment.organisation_id,
    }


def _org_scope(organisation: Organisation) -> dict:
    return {"province_code": organisation.province.code, "organisation_id": organisation.pk}


def _lock_participant(participant) -> None:
    """Serialise every enrolment write for one person, so two overlapping enrolments made at
    the same moment cannot both pass the calendar check (PostgreSQL row lock)."""
    User.objects.select_for_update().filter(pk=participant.pk).exists()


# --- Programmes -----------------------------------------------------------------------------


def _partner_rows(programme: Programme) -> list[dict]:
    return [
        audit.snapshot(row, PARTNER_FIELDS)
        for row in programme.partnerships.order_by("partner_id", "pk")
    ]


def _set_partners(*, actor, programme: Programme, partners: Sequence[dict]) -> None:
    """Make the programme's partner rows exactly ``partners`` (dicts of PARTNER_FIELDS)."""
    wanted = {}
    for row in partners:
        partner = row["partner"]
        if partner.pk in wanted:
            raise ValidationError(
                _("%(partner)s tercantum dua kali sebagai mitra.") % {"partner": partner},
                code="partner_twice",
            )
        wanted[partner.pk] = row
    existing = {row.partner_id: row for row in programme.partnerships.all()}
    for partner_id, row in existing.items():
        if partner_id not in wanted:
            row.delete()
    for partner_id, data in wanted.items():
        row = existing.get(partner_id) or PartnerAgreement(programme=programme)
        for name in PARTNER_FIELDS:
            if name in data:
                setattr(row, name, data[name])
        row.full_clean()
        row.save()


@transaction.atomic
def programme_create(
    *,
    actor,
    title: str,
    kind: str,
    organiser: Organisation,
    description: str = "",
    min_attendance_percent: int = 80,
    require_assignments_passed: bool = True,
    lesson_hours: int | None = None,
    partners: Sequence[dict] = (),
) -> Programme:
    """Create a programme organised by an organisation within the actor's region."""
    if not permissions.scope_of(actor).staff:
        raise permissions.PermissionDenied("Only programme staff create programmes.")
    require_can_manage_organisation(actor, organiser)
    programme = Programme(
        title=title,
        kind=kind,
        organiser=organiser,
        description=description,
        min_attendance_percent=min_attendance_percent,
        require_assignments_passed=require_assignments_passed,
        lesson_hours=lesson_hours,
    )
    programme.full_clean()
    programme.save()
    _set_partners(actor=actor, programme=programme, partners=partners)
    after = audit.snapshot(programme, PROGRAMME_FIELDS)
    after["partners"] = _partner_rows(programme)
    audit.record(
        actor=actor,
        action="programme.create",
        target=programme,
        after=after,
        **_org_scope(programme.organiser),
    )
    return programme


@transaction.atomic
def programme_update(
    *, actor, programme: Programme, partners: Sequence[dict] | None = None, **changes: Any
) -> Programme:
    """Change a programme (its completion rule included) and its partners: staff of the
    organiser's region only, and a new organiser must be in their region too."""
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    permissions.require_can_change_programme(actor, programme)
    before, after = apply_changes(programme, changes, PROGRAMME_FIELDS)
    if "organiser" in after:
        require_can_manage_organisation(actor, programme.organiser)
    if partners is not None:
        old_partners = _partner_rows(programme)
        _set_partners(actor=actor, programme=programme, partners=partners)
        new_partners = _partner_rows(programme)
        if new_partners != old_partners:
            before["partners"], after["partners"] = old_partners, new_partners
    if not after:
        return programme
    programme.full_clean()
    programme.save()
    audit.record(
        actor=actor,
        action="programme.update",
        target=programme,
        before=before,
        after=after,
        **_org_scope(programme.organiser),
    )
    return programme


# --- Waves ----------------------------------------------------------------------------------


def _facilitator_rows(wave: Wave) -> list[list]:
    return [
        [row.facilitator_id, row.role] for row in wave.assignments.order_by("facilitator_id", "pk")
    ]


def _set_facilitators(*, wave: Wave, facilitators: Sequence[tuple[Any, str]]) -> None:
    """Make the wave's facilitator rows exactly ``facilitators`` ((user, role) pairs)."""
    wanted: dict[int, tuple[Any, str]] = {}
    for facilitator, role in facilitators:
        if facilitator.pk in wanted:
            raise ValidationError(
                _("%(name)s tercantum dua kali sebagai fasilitator.") % {"name": facilitator},
                code="facilitator_twice",
            )
        wanted[facilitator.pk] = (facilitator, role)
    existing = {row.facilitator_id: row for row in wave.assignments.all()}
    for facilitator_id, row in existing.items():
        if facilitator_id not in wanted:
            row.delete()
    for facilitator_id, (facilitator, role) in wanted.items():
        row = existing.get(facilitator_id) or FacilitatorAssignment(
            wave=wave, facilitator=facilitator
        )
        row.role = role
        row.full_clean()
        row.save()


def _wave_audit_scope(wave: Wave) -> dict:
    return _org_scope(wave.host_site)


@transaction.atomic
def wave_create(
    *,
    actor,
    programme: Programme,
    number: int,
    starts_on,
    ends_on,
    host_site: Organisation,
    capacity: int,
    venue: str = "",
    sector: str = "",
    time_zone: str = "",
    facilitators: Sequence[tuple[Any, str]] = (),
) -> Wave:
    """Add a wave to a programme the actor can see, hosted in the actor's region."""
    if not permissions.can_add_wave_to(actor, programme):
        raise permissions.PermissionDenied("You may not add a wave to this programme.")
    require_can_manage_organisation(actor, host_site)
    wave = Wave(
        programme=programme,
        number=number,
        starts_on=starts_on,
        ends_on=ends_on,
        host_site=host_site,
        capacity=capacity,
        venue=venue,
        sector=sector,
        time_zone=time_zone,
    )
    wave.full_clean()
    wave.save()
    _set_facilitators(wave=wave, facilitators=facilitators)
    after = audit.snapshot(wave, WAVE_FIELDS)
    after["facilitators"] = _facilitator_rows(wave)
    audit.record(
        actor=actor, action="wave.create", target=wave, after=after, **_wave_audit_scope(wave)
    )
    return wave


@transaction.atomic
def wave_update(
    *, actor, wave: Wave, facilitators: Sequence[tuple[Any, str]] | None = None, **changes: Any
) -> Wave:
    """Change a wave's dates, seats, host, venue and facilitators: staff of the host's region.

    The wave row is locked first, as enrolment does, so a capacity cut and an enrolment in
    flight are serialised: capacity never ends below the seats taken. A new host must be in the
    actor's region and a new programme one they can see."""
    wave = (
        Wave.objects.select_for_update(of=("self",))
        .select_related("host_site__province")
        .get(pk=wave.pk)
    )
    permissions.require_can_change_wave(actor, wave)
    before, after = apply_changes(wave, changes, WAVE_FIELDS)
    if "host_site" in after:
        require_can_manage_organisation(actor, wave.host_site)
    if "programme" in after and not permissions.can_add_wave_to(actor, wave.programme):
        raise permissions.PermissionDenied("You may not move a wave to this programme.")
    wave.full_clean()
    if facilitators is not None:
        old_rows = _facilitator_rows(wave)
        _set_facilitators(wave=wave, facilitators=facilitators)
        new_rows = _facilitator_rows(wave)
        if new_rows != old_rows:
            before["facilitators"], after["facilitators"] = old_rows, new_rows
    if not after:
        return wave
    wave.save()
    audit.record(
        actor=actor,
        action="wave.update",
        target=wave,
        before=before,
        after=after,
        **_wave_audit_scope(wave),
    )
    if "programme" in after:
        transaction.on_commit(lambda: content_cache.access_changed())
    return wave


def _check_seat(*, wave: Wave, participant, exclude_pk: int | None = None) -> None:
    """Capacity and calendar: a free seat in the wave, and no other wave at the same time.
    Callers hold the wave's and the participant's row locks."""
    seats = wave.enrolments.filter(status__in=SEAT_STATUSES).exclude(pk=exclude_pk).count()
    if seats >= wave.capacity:
        raise ValidationError(
            _("Gelombang ini sudah penuh (%(capacity)s peserta).") % {"capacity": wave.capacity},
            code="wave_full",
        )
    clash = (
        Enrolment.objects.filter(
            participant=participant,
            status__in=SEAT_STATUSES,
            wave__starts_on__lte=wave.ends_on,
            wave__ends_on__gte=wave.starts_on,
        )
        .exclude(wave=wave)
        .select_related("wave__programme")
        .first()
    )
    if clash:
        raise ValidationError(
            _("%(name)s sudah terdaftar di %(wave)s pada tanggal yang bertumpang tindih.")
            % {"name": participant, "wave": clash.wave},
            code="dates_overlap",
        )


def _access_changed_on_commit(enrolment: Enrolment) -> None:
    """What the participant may open (courses, later sessions) follows their enrolments."""
    user_id = enrolment.participant_id
    transaction.on_commit(lambda: content_cache.access_changed(user_id=user_id))


def _notify_on_commit(enrolment: Enrolment) -> None:
    pk = enrolment.pk
    transaction.on_commit(lambda: tasks.enrolment_notify.delay(pk))


@transaction.atomic
def enrolment_create(
    *,
    actor,
    wave: Wave,
    participant,
    organisation: Organisation | None = None,
    board_position: str = "",
    status: str = EnrolmentStatus.INVITED,
) -> Enrolment:
    """Enrol a trainee in a wave: within the actor's region, into a wave with a free seat, not
    twice, not into two waves at once. A withdrawn participant is re-enrolled on the same row."""
    organisation = organisation or participant.organisation
    if organisation is None:
        raise ValidationError(
            {"organisation": _("Pilih koperasi atau unit asal peserta.")}, code="no_organisation"
        )
    permissions.require_can_enrol(actor, wave, organisation)
    if participant.role != Role.TRAINEE:
        raise ValidationError(
            {"participant": _("Hanya pengguna berperan peserta yang dapat didaftarkan.")},
            code="not_trainee",
        )
    if status not in (EnrolmentStatus.INVITED, EnrolmentStatus.ACTIVE):
        raise ValidationError(_("Pendaftaran baru berstatus diundang atau aktif."), code="status")
    # Lock order, everywhere: the wave (seats), then the participant (calendar). Two staff
    # enrolling at once cannot both take the last seat nor book one person twice.
    wave = Wave.objects.select_for_update().get(pk=wave.pk)
    _lock_participant(participant)
    existing = Enrolment.objects.filter(wave=wave, participant=participant).first()
    if existing is not None:
        if existing.status != EnrolmentStatus.WITHDRAWN:
            raise ValidationError(
                _("%(name)s sudah terdaftar di gelombang ini.") % {"name": participant},
                code="duplicate",
            )
        return enrolment_change(
            actor=actor,
            enrolment=existing,
            status=status,
            organisation=organisation,
            board_position=board_position or existing.board_position,
            reason=_("Didaftarkan kembali."),
        )
    _check_seat(wave=wave, participant=participant)
    enrolment = Enrolment(
        wave=wave,
        participant=participant,
        organisation=organisation,
        board_position=board_position,
        status=status,
    )
    enrolment.full_clean()
    enrolment.save()
    audit.record(
        actor=actor,
        action="enrolment.create",
        target=enrolment,
        after=audit.snapshot(enrolment, AUDITED_FIELDS),
        **_audit_scope(enrolment),
    )
    _access_changed_on_commit(enrolment)
    _notify_on_commit(enrolment)
    return enrolment


@transaction.atomic
def enrolment_change(
    *,
    actor,
    enrolment: Enrolment,
    status: str | None = None,
    organisation: Organisation | None = None,
    board_position: str | None = None,
    reason: str = "",
) -> Enrolment:
    """Change an enrolment's status, organisation or position. Status follows TRANSITIONS;
    withdrawing needs a reason; re-enrolling needs a free seat and free dates."""
    permissions.require_can_change_enrolment(actor, enrolment)
    # The same lock order as enrolment_create (wave, participant, then the row itself).
    wave = Wave.objects.select_for_update().get(pk=enrolment.wave_id)
    _lock_participant(enrolment.participant)
    enrolment = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("organisation__province")
        .get(pk=enrolment.pk)
    )
    enrolment.wave = wave
    before = audit.snapshot(enrolment, AUDITED_FIELDS)
    new_status = status or enrolment.status
    if new_status != enrolment.status:
        if new_status not in TRANSITIONS[enrolment.status]:
            raise ValidationError(
                {
                    "status": _("Status tidak dapat diubah dari %(old)s menjadi %(new)s.")
                    % {
                        "old": EnrolmentStatus(enrolment.status).label,
                        "new": EnrolmentStatus(new_status).label,
                    }
                },
                code="transition",
            )
        if new_status in REASON_REQUIRED and not reason.strip():
            raise ValidationError({"reason": _("Tuliskan alasan perubahan ini.")}, code="reason")
        if enrolment.status == EnrolmentStatus.WITHDRAWN:
            _check_seat(wave=wave, participant=enrolment.participant, exclude_pk=enrolment.pk)
        enrolment.status = new_status
        enrolment.status_changed_at = timezone.now()
    if organisation is not None and organisation.pk != enrolment.organisation_id:
        permissions.require_can_enrol(actor, enrolment.wave, organisation)
        enrolment.organisation = organisation
    if board_position is not None:
        enrolment.board_position = board_position
    after = audit.snapshot(enrolment, AUDITED_FIELDS)
    if after == before:
        return enrolment
    enrolment.full_clean()
    enrolment.save()
    audit.record(
        actor=actor,
        action="enrolment.change",
        target=enrolment,
        before=before,
        after=after,
        reason=reason.strip(),
        **_audit_scope(enrolment),
    )
    _access_changed_on_commit(enrolment)
    if before["status"] == EnrolmentStatus.WITHDRAWN and enrolment.holds_seat:
        _notify_on_commit(enrolment)
    return enrolment


@transaction.atomic
def facilitator_assign(*, actor, wave: Wave, facilitator, role: str) -> FacilitatorAssignment:
    """Assign a facilitator to a wave (or change their role there): staff of the wave's
    region only, audited as a change of the wave."""
    rows = [(a.facilitator, a.role) for a in wave.assignments.select_related("facilitator")]
    rows = [(f, r) for f, r in rows if f.pk != facilitator.pk] + [(facilitator, role)]
    wave_update(actor=actor, wave=wave, facilitators=rows)
    return FacilitatorAssignment.objects.get(wave=wave, facilitator=facilitator)


@transaction.atomic
def programme_delete(*, actor, programme: Programme) -> None:
    """Delete a programme that has no wave yet (waves keep enrolments and their history)."""
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    permissions.require_can_change_programme(actor, programme)
    delete_recorded(
        actor=actor,
        instance=programme,
        action="programme.delete",
        fields=PROGRAMME_FIELDS,
        in_use_message=_("Program ini sudah memiliki gelombang dan tidak dapat dihapus."),
        **_org_scope(programme.organiser),
    )


@transaction.atomic
def wave_delete(*, actor, wave: Wave) -> None:
    """Delete a wave nobody is enrolled in (withdrawn people included: their history stays)."""
    wave = Wave.objects.select_for_update(of=("self",)).select_related("programme").get(pk=wave.pk)
    permissions.require_can_change_wave(actor, wave)
    delete_recorded(
        actor=actor,
        instance=wave,
        action="wave.delete",
        fields=WAVE_FIELDS,
        in_use_message=_("Gelombang ini sudah memiliki peserta dan tidak dapat dihapus."),
        **_wave_audit_scope(wave),
    )
    transaction.on_commit(lambda: content_cache.access_changed())
