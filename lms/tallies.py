"""Kept summaries ("tallies"): one row per enrolment (or wave) adding up rows another app's
services write, kept by those services in the same transaction, for pages where adding them up
at every request is too slow (the national at-risk list, 20 million attendance records).

The rule every tally follows: a row that exists is exact; a missing row means "not kept",
and readers compute the figure from the rows themselves. Nothing runs at night: a figure that
depends on the time (a session begun, a due date passed) is kept as the time it changes, and
the reading compares it with now.

Concurrency: a service first holds the tally rows it is about to recompute (inserting the
missing ones) and only then recomputes them, in a later statement: two transactions that touch
one participant queue on the row, and the second recomputes from what the first committed."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models

CHUNK = 5000


def hold(model: type[models.Model], keys: Iterable[int]) -> list[list[int]]:
    """Make sure ``model`` has a row for each key (its primary key, the enrolment's or wave's
    id) and lock those rows until the transaction ends (one upsert per chunk). Returns the keys
    in chunks, sorted, so every transaction locks in the same order. The placeholder values it
    may write are replaced by the caller's recomputation before anyone can read them."""
    keys = sorted(set(keys))
    pk = model._meta.pk
    first = next(f.name for f in model._meta.concrete_fields if not f.primary_key)
    chunks = [keys[i : i + CHUNK] for i in range(0, len(keys), CHUNK)]
    for chunk in chunks:
        model._default_manager.bulk_create(
            [model(**{pk.attname: k}) for k in chunk],
            update_conflicts=True,
            unique_fields=[pk.name],
            update_fields=[first],
        )
    return chunks
