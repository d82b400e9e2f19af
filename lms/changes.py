"""What services share when they change or delete a record: applying the changes and telling
what changed, and deleting with the audit row."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from . import audit
from .audit import snapshot


def apply_changes(
    instance: models.Model, changes: Mapping[str, Any], allowed: Iterable[str]
) -> tuple[dict, dict]:
    """Set ``changes`` on ``instance`` and return the before and after of the fields whose value
    changed (JSON values, foreign keys as ids). A field outside ``allowed`` is a programming
    error, not user input: services list what each form may change."""
    allowed = list(allowed)
    unknown = set(changes) - set(allowed)
    if unknown:
        raise TypeError(f"Fields not changeable here: {sorted(unknown)}")
    names = [name for name in allowed if name in changes]
    before = snapshot(instance, names)
    for name in names:
        setattr(instance, name, changes[name])
    after = snapshot(instance, names)
    changed = [name for name in names if before[name] != after[name]]
    return {n: before[n] for n in changed}, {n: after[n] for n in changed}


def delete_recorded(
    *,
    actor,
    instance: models.Model,
    action: str,
    fields: Iterable[str],
    in_use_message: str,
    province_code: str = "",
    organisation_id: int | None = None,
) -> None:
    """Delete a record and write its audit row (what it held, in ``fields``) in the caller's
    transaction. A record other records still protect is refused with ``in_use_message`` as a
    ValidationError, and nothing is deleted."""
    before = snapshot(instance, fields)
    target = copy.copy(instance)  # keeps the id and name for the audit row after deletion
    try:
        instance.delete()
    except models.ProtectedError as error:
        raise ValidationError(in_use_message, code="in_use") from error
    audit.record(
        actor=actor,
        action=action,
        target=target,
        before=before,
        province_code=province_code,
        organisation_id=organisation_id,
    )
