"""Applying a service's changes to a record and telling what changed, for its audit row."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models

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
