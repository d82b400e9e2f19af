"""Every write to certificates: issue one, issue a wave's eligible participants, revoke with a
reason, reissue a corrected version, and save a programme's certificate settings. Each checks
permission, writes atomically with one audit row per certificate, and enqueues the PDF on
commit (``tasks.render_certificates``, a few certificates a task): a web request never renders."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms import audit
from lms.changes import apply_changes
from programmes import api as programmes

from . import permissions, sources, tasks
from .constants import CertificateStatus
from .eligibility import Eligibility
from .issuer import issuer_for, names_correctional_place, printed_programme_name
from .models import (
    PRINTED_TEXT_ERROR,
    Certificate,
    CertificateSettings,
    IssueBatch,
    SerialCounter,
    format_serial,
)

SETTINGS_FIELDS = [
    "issuer",
    "title",
    "programme_name",
    "competencies",
    "code",
    "serial_pattern",
    "logo",
    "second_logo",
    "attendance_basis",
    "min_logbook_hours",
    "require_courses_completed",
]
SIGNATORY_FIELDS = ["name", "position", "signature"]


def _scope(enrolment) -> dict:
    return {
        "province_code": enrolment.organisation.province.code,
        "organisation_id": enrolment.organisation_id,
    }


def _default_code(programme) -> str:
    letters = "".join(w[0] for w in programme.title.split() if w[:1].isalnum()).upper()
    return (letters or "SRT")[:10]


def settings_for(programme) -> CertificateSettings:
    """The programme's settings, or unsaved defaults."""
    found = sources.settings_of(programme)
    return found or CertificateSettings(programme=programme, code=_default_code(programme))


# --- Settings ---------------------------------------------------------------------------------


@transaction.atomic
def settings_save(
    *, actor, programme, signatories: Sequence[dict] | None = None, **changes: Any
) -> CertificateSettings:
    """Create or change a programme's certificate settings (staff who may change the
    programme). ``signatories``: dicts of name, position, signature, in order."""
    permissions.require_can_change_settings(actor, programme)
    existing = (
        CertificateSettings.objects.select_for_update(no_key=True)
        .filter(programme=programme)
        .first()
    )
    obj = existing or CertificateSettings(programme=programme, code=_default_code(programme))
    before, after = apply_changes(obj, changes, SETTINGS_FIELDS)
    obj.full_clean()
    obj.save()
    if signatories is not None:
        old = [audit.snapshot(s, SIGNATORY_FIELDS) for s in obj.signatories.all()]
        obj.signatories.all().delete()
        for order, row in enumerate(signatories):
            signatory = obj.signatories.model(settings=obj, sort_order=order, **row)
            signatory.full_clean(exclude=["settings"])
            if names_correctional_place(signatory.name) or names_correctional_place(
                signatory.position
            ):
                raise ValidationError(PRINTED_TEXT_ERROR, code="signatory_place")
            signatory.save()
        new = [audit.snapshot(s, SIGNATORY_FIELDS) for s in obj.signatories.all()]
        if new != old:
            before["signatories"], after["signatories"] = old, new
    if existing is None or after:
        audit.record(
            actor=actor,
            action="certificate.settings",
            target=obj,
            before=before or None,
            after=after or audit.snapshot(obj, SETTINGS_FIELDS),
            province_code=programme.organiser.province.code,
            organisation_id=programme.organiser_id,
        )
    return obj


# --- Content ----------------------------------------------------------------------------------


def content_for(enrolment, cert_settings: CertificateSettings, issuer) -> dict:
    """What the certificate states. Only the programme, the wave's number and dates, the JP and
    competencies, the person's name and the issuer: never the venue, host, cooperative or unit
    (any of which may be a prison)."""
    wave = enrolment.wave
    programme = wave.programme
    competencies = [
        line.strip() for line in (cert_settings.competencies or "").splitlines() if line.strip()
    ]
    signatories = (
        [
            {"name": s.name, "position": s.position, "signature_id": s.signature_id}
            for s in cert_settings.signatories.all()
        ]
        if cert_settings.pk
        else []
    )
    return {
        "title": cert_settings.title or "Sertifikat",
        "name": enrolment.participant.get_full_name(),
        "programme": printed_programme_name(programme, cert_settings),
        "programme_kind": programme.get_kind_display(),
        "wave": wave.number,
        "starts_on": wave.starts_on.isoformat(),
        "ends_on": wave.ends_on.isoformat(),
        "lesson_hours": programme.lesson_hours,
        "competencies": competencies,
        "issuer": {"id": issuer.pk, "name": issuer.name},
        "signatories": signatories,
        "logo_ids": [i for i in (cert_settings.logo_id, cert_settings.second_logo_id) if i],
    }


def _take_sequences(programme, count: int) -> list[int]:
    """``count`` consecutive sequence numbers for the programme, the counter row locked until
    the caller's transaction ends: concurrent issues queue here, a rollback returns the
    numbers, so serials have no gaps and no repeats."""
    SerialCounter.objects.get_or_create(programme=programme)
    counter = SerialCounter.objects.select_for_update(no_key=True).get(programme=programme)
    first = counter.last + 1
    counter.last += count
    counter.save(update_fields=["last"])
    return list(range(first, first + count))


def _new_certificate(
    *, enrolment, cert_settings, issuer, sequence, actor, now, version=1, supersedes=None
):
    programme = enrolment.wave.programme
    serial = format_serial(
        cert_settings.serial_pattern,
        code=cert_settings.code or _default_code(programme),
        year=now.year,
        wave=enrolment.wave.number,
        seq=sequence,
    )
    return Certificate(
        enrolment=enrolment,
        participant_id=enrolment.participant_id,
        wave_id=enrolment.wave_id,
        programme_id=programme.pk,
        issuer=issuer,
        serial=serial,
        sequence=sequence,
        version=version,
        supersedes=supersedes,
        content=content_for(enrolment, cert_settings, issuer),
        issued_at=now,
        issued_by=actor if getattr(actor, "is_authenticated", False) else None,
    )


def _issuer(programme, cert_settings):
    if printed_programme_name(programme, cert_settings) is None:
        raise ValidationError(
            _(
                "Judul program ini menyebut tempat pembinaan pemegangnya. Isi nama program yang "
                "netral di pengaturan sertifikat sebelum menerbitkan."
            ),
            code="programme_name",
        )
    issuer = issuer_for(programme, cert_settings if cert_settings.pk else None)
    if issuer is None:
        raise ValidationError(
            _("Program ini belum punya penerbit sertifikat yang dapat dipakai."), code="no_issuer"
        )
    return issuer


def _enqueue(ids: list[int]) -> None:
    for chunk in tasks.chunks(ids):
        tasks.render_certificates.delay(chunk)


# --- Issuing ----------------------------------------------------------------------------------


def _not_eligible(result: Eligibility) -> ValidationError:
    return ValidationError(
        _("Belum memenuhi syarat sertifikat: %(reasons)s.")
        % {"reasons": "; ".join(result.reasons)},
        code="not_eligible",
    )


@transaction.atomic
def issue(*, actor, enrolment) -> Certificate:
    """Issue the participant's certificate if they have earned it. Issuing again returns the
    certificate already issued (no second one, no second audit row)."""
    enrolment = (
        programmes.Enrolment.objects.select_for_update(of=("self",), no_key=True)
        .select_related("wave__programme", "participant", "organisation__province")
        .get(pk=enrolment.pk)
    )
    permissions.require_can_issue_for(actor, enrolment)
    existing = Certificate.objects.filter(
        enrolment=enrolment, status=CertificateStatus.VALID
    ).first()
    if existing is not None:
        return existing
    if enrolment.status not in programmes.SEAT_STATUSES:
        raise ValidationError(_("Peserta ini sudah mengundurkan diri."), code="withdrawn")
    result = sources.enrolment_eligibility(enrolment)
    if not result.eligible:
        raise _not_eligible(result)
    programme = enrolment.wave.programme
    cert_settings = settings_for(programme)
    issuer = _issuer(programme, cert_settings)
    version = (
        Certificate.objects.filter(enrolment=enrolment)
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
        or 0
    ) + 1
    (sequence,) = _take_sequences(programme, 1)
    certificate = _new_certificate(
        enrolment=enrolment,
        cert_settings=cert_settings,
        issuer=issuer,
        sequence=sequence,
        actor=actor,
        now=timezone.now(),
        version=version,
    )
    certificate.full_clean()
    certificate.save()
    audit.record(
        actor=actor,
        action="certificate.issue",
        target=certificate,
        after={"serial": certificate.serial, "enrolment": enrolment.pk},
        **_scope(enrolment),
    )
    transaction.on_commit(lambda: _enqueue([certificate.pk]))
    return certificate


@transaction.atomic
def issue_wave(*, actor, wave) -> IssueBatch:
    """Issue a certificate to every eligible participant of ``wave`` within the actor's scope
    who has none yet, in one transaction (one audit row per certificate); the PDFs are made in
    the background. The returned batch tracks their progress."""
    wave = programmes.Wave.objects.select_related("programme").get(pk=wave.pk)
    in_scope = permissions.scope_of(actor).filter(
        programmes.Enrolment.objects.filter(wave=wave, status__in=programmes.SEAT_STATUSES),
        "organisation",
    )
    if not permissions.scope_of(actor).staff:
        raise permissions.PermissionDenied("Only programme staff issue certificates.")
    # Lock the wave's enrolments (in id order, so two bulk issues queue instead of deadlocking),
    # then look for certificates: a concurrent issue has committed by the time we see them.
    enrolments = list(
        in_scope.select_for_update(of=("self",), no_key=True)
        .select_related("participant", "organisation__province")
        .order_by("pk")
    )
    batch = IssueBatch.objects.create(
        wave=wave, requested_by=actor if actor.is_authenticated else None
    )
    has_valid = set(
        Certificate.objects.filter(
            enrolment__in=[e.pk for e in enrolments], status=CertificateStatus.VALID
        ).values_list("enrolment_id", flat=True)
    )
    candidates = [e for e in enrolments if e.pk not in has_valid]
    if not candidates:
        return batch
    ids = [e.pk for e in candidates]
    results = sources.wave_eligibility(wave, programmes.Enrolment.objects.filter(pk__in=ids))
    eligible = [e for e in candidates if results[e.pk].eligible]
    if not eligible:
        return batch
    programme = wave.programme
    cert_settings = settings_for(programme)
    issuer = _issuer(programme, cert_settings)
    versions = {}
    for enrolment_id, version in Certificate.objects.filter(
        enrolment__in=[e.pk for e in eligible]
    ).values_list("enrolment_id", "version"):
        versions[enrolment_id] = max(versions.get(enrolment_id, 0), version)
    now = timezone.now()
    sequences = _take_sequences(programme, len(eligible))
    made = []
    for enrolment, sequence in zip(eligible, sequences, strict=True):
        enrolment.wave = wave
        made.append(
            _new_certificate(
                enrolment=enrolment,
                cert_settings=cert_settings,
                issuer=issuer,
                sequence=sequence,
                actor=actor,
                now=now,
                version=versions.get(enrolment.pk, 0) + 1,
            )
        )
    made = Certificate.objects.bulk_create(made)
    if made and made[0].pk is None:  # backends that do not return ids
        made = list(
            Certificate.objects.filter(serial__in=[c.serial for c in made]).order_by("sequence")
        )
    batch.certificates.set(made)
    batch.total = len(made)
    batch.save(update_fields=["total"])
    by_enrolment = {e.pk: e for e in eligible}
    audit.record_many(
        actor=actor,
        action="certificate.issue",
        entries=[
            {
                "target": c,
                "after": {"serial": c.serial, "enrolment": c.enrolment_id, "batch": batch.pk},
                **_scope(by_enrolment[c.enrolment_id]),
            }
            for c in made
        ],
    )
    pks = [c.pk for c in made]
    transaction.on_commit(lambda: _enqueue(pks))
    return batch


# --- Revoking and reissuing -------------------------------------------------------------------


def _locked(certificate) -> Certificate:
    return (
        Certificate.objects.select_for_update(of=("self",), no_key=True)
        .select_related("enrolment__organisation__province", "enrolment__wave__programme")
        .get(pk=certificate.pk)
    )


@transaction.atomic
def revoke(*, actor, certificate, reason: str) -> Certificate:
    certificate = _locked(certificate)
    permissions.require_can_issue_for(actor, certificate.enrolment)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Tuliskan alasan pencabutan.")}, code="reason_required")
    if certificate.status != CertificateStatus.VALID:
        raise ValidationError(_("Hanya sertifikat yang berlaku dapat dicabut."), code="not_valid")
    certificate.status = CertificateStatus.REVOKED
    certificate.revoked_at = timezone.now()
    certificate.revoked_by = actor
    certificate.revoked_reason = reason
    certificate.save(update_fields=["status", "revoked_at", "revoked_by", "revoked_reason"])
    audit.record(
        actor=actor,
        action="certificate.revoke",
        target=certificate,
        before={"status": CertificateStatus.VALID},
        after={"status": CertificateStatus.REVOKED},
        reason=reason,
        **_scope(certificate.enrolment),
    )
    return certificate


@transaction.atomic
def reissue(*, actor, certificate, reason: str) -> Certificate:
    """A corrected version (the name fixed, the settings changed): a new certificate with a new
    serial and code that supersedes the old one, which then shows "superseded"."""
    old = _locked(certificate)
    enrolment = old.enrolment
    permissions.require_can_issue_for(actor, enrolment)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Tuliskan alasan penerbitan ulang.")}, code="reason")
    if old.status != CertificateStatus.VALID:
        raise ValidationError(
            _("Hanya sertifikat yang berlaku dapat diterbitkan ulang."), code="not_valid"
        )
    now = timezone.now()
    old.status = CertificateStatus.SUPERSEDED
    old.superseded_at = now
    old.save(update_fields=["status", "superseded_at"])
    programme = enrolment.wave.programme
    cert_settings = settings_for(programme)
    issuer = _issuer(programme, cert_settings)
    latest = Certificate.objects.filter(enrolment=enrolment).order_by("-version").first()
    (sequence,) = _take_sequences(programme, 1)
    enrolment = programmes.Enrolment.objects.select_related(
        "participant", "wave__programme", "organisation__province"
    ).get(pk=enrolment.pk)
    new = _new_certificate(
        enrolment=enrolment,
        cert_settings=cert_settings,
        issuer=issuer,
        sequence=sequence,
        actor=actor,
        now=now,
        version=latest.version + 1,
        supersedes=old,
    )
    new.full_clean()
    new.save()
    audit.record(
        actor=actor,
        action="certificate.reissue",
        target=new,
        before={"serial": old.serial, "status": CertificateStatus.VALID},
        after={"serial": new.serial, "supersedes": old.serial, "version": new.version},
        reason=reason,
        **_scope(enrolment),
    )
    transaction.on_commit(lambda: _enqueue([new.pk]))
    return new
