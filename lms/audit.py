"""The one audit trail every app writes to: who did what to which record, when, the values
before and after, and why where a reason is required."""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import models

from .models import AuditEvent


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The named fields of a record as JSON values (foreign keys as their ids)."""
    data = {}
    for name in fields:
        field = instance._meta.get_field(name)
        attname = getattr(field, "attname", name)
        data[name] = _jsonable(getattr(instance, attname))
    return data


def actor_name(actor) -> str:
    """The actor's name and username as they are now, kept on the row so it still says who
    acted after the account is renamed or deleted."""
    if actor is None:
        return ""
    username = actor.get_username()
    name = actor.get_full_name()
    label = f"{name} ({username})" if name and name != username else username
    return label[:255]


def _actor(actor):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def record(
    *,
    actor,
    action: str,
    target: models.Model,
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
    province_code: str = "",
    organisation_id: int | None = None,
) -> AuditEvent:
    """Write one audit row. Call it inside the service's transaction so the row and the change
    commit or roll back together."""
    actor = _actor(actor)
    return AuditEvent.objects.create(
        actor=actor,
        actor_name=actor_name(actor),
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:255],
        before=before,
        after=after,
        reason=reason,
        province_code=province_code or "",
        organisation_id=organisation_id,
    )


def events_for(target: models.Model) -> models.QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(
        target_type=target._meta.label_lower, target_id=str(target.pk)
    ).select_related("actor")


def record_many(*, actor, action: str, entries: Iterable[dict]) -> list[AuditEvent]:
    """Write many audit rows in one insert. Each entry has ``target`` and optionally
    ``before``, ``after``, ``reason``, ``province_code`` and ``organisation_id``."""
    actor = _actor(actor)
    name = actor_name(actor)
    rows = [
        AuditEvent(
            actor=actor,
            actor_name=name,
            action=action,
            target_type=e["target"]._meta.label_lower,
            target_id=str(e["target"].pk),
            target_repr=str(e["target"])[:255],
            before=e.get("before"),
            after=e.get("after"),
            reason=e.get("reason", ""),
            province_code=e.get("province_code") or "",
            organisation_id=e.get("organisation_id"),
        )
        for e in entries
    ]
    return AuditEvent.objects.bulk_create(rows, batch_size=1000)
