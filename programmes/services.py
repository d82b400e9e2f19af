"""Every write to programmes, waves and enrolments. Each service checks permission, validates,
writes atomically with its audit row, and enqueues follow-up tasks on commit."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.constants import Role
from lms import audit, content_cache
from organisations.models import Organisation

from . import permissions, tasks
from .constants import REASON_REQUIRED, SEAT_STATUSES, TRANSITIONS, EnrolmentStatus
from .models import Enrolment, FacilitatorAssignment, Wave

AUDITED_FIELDS = ["wave", "participant", "status", "organisation", "board_position"]


def _audit_scope(enrolment: Enrolment) -> dict:
    return {
        "province_code": enrolment.organisation.province.code,
        "organisation_id": enrolment.organisation_id,
    }


def _check_seat(*, wave: Wave, participant, exclude_pk: int | None = None) -> None:
    """Capacity and calendar: a free seat in the wave, and no other wave at the same time."""
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
    # Lock the wave so two staff enrolling at once cannot both take the last seat.
    wave = Wave.objects.select_for_update().get(pk=wave.pk)
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
    enrolment = (
        Enrolment.objects.select_for_update()
        .select_related("wave", "organisation__province")
        .get(pk=enrolment.pk)
    )
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
            Wave.objects.select_for_update().get(pk=enrolment.wave_id)
            _check_seat(
                wave=enrolment.wave, participant=enrolment.participant, exclude_pk=enrolment.pk
            )
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
    """Assign a facilitator to a wave; staff of the wave's region only."""
    if not permissions.can_change_wave(actor, wave):
        raise permissions.PermissionDenied("This wave is outside your scope.")
    assignment, _created = FacilitatorAssignment.objects.get_or_create(
        wave=wave, facilitator=facilitator, defaults={"role": role}
    )
    assignment.full_clean()
    return assignment
