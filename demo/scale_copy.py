"""Bulk writing for the scale generator: PostgreSQL's COPY (psycopg 3) with ids chosen here, or
``bulk_create`` on other databases (the small test run on SQLite).

Ids are handed out by the generator (one past the table's largest), so rows can point at rows
written later in the same transaction and nothing is read back; the sequences are moved past
them at the end, as ``loaddata`` does. On PostgreSQL the load runs with the foreign-key
triggers off (``session_replication_role = replica``, superuser only): checking 20 million
rows one trigger at a time takes longer than writing them, so each foreign key is instead
checked once at the end with one anti-join per column (``check_foreign_keys``). Unique and
check constraints stay on throughout."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager

from django.core.management.color import no_style
from django.db import connection, models
from django.utils import timezone

BATCH = 5000
CHUNK = 1 << 20  # bytes handed to COPY at a time


def postgres() -> bool:
    return connection.vendor == "postgresql"


class Clock:
    """Seconds per phase, reported as each phase ends."""

    def __init__(self, report: Callable[[str], None] | None = None):
        self.phases: dict[str, float] = {}
        self.report = report

    @contextmanager
    def phase(self, name: str):
        started = time.monotonic()
        yield
        seconds = time.monotonic() - started
        self.phases[name] = self.phases.get(name, 0.0) + seconds
        if self.report:
            self.report(f"  {name}: {seconds:.1f} s")


class Writer:
    """Writes rows (tuples in the order of ``columns``, attribute names such as ``wave_id``)
    and keeps what it wrote: the row count per table and the models whose ids it chose."""

    def __init__(self):
        self.counts: dict[str, int] = {}
        self.models: list[type[models.Model]] = []  # ids chosen here
        self.written: list[type[models.Model]] = []
        self._next: dict[type[models.Model], int] = {}
        self.triggers_off = False

    def ids(self, model: type[models.Model], n: int) -> range:
        """``n`` fresh primary keys for ``model``."""
        if model not in self._next:
            top = model._default_manager.aggregate(top=models.Max("pk"))["top"] or 0
            self._next[model] = top + 1
            self.models.append(model)
        first = self._next[model]
        self._next[model] = first + n
        return range(first, first + n)

    def write(
        self,
        model: type[models.Model],
        columns: list[str],
        rows: Iterable[tuple],
        *,
        plain: bool = False,
    ) -> int:
        """Write ``rows``. ``plain``: every value's ``str()`` is its COPY text (ints, dates,
        datetimes, decimals, booleans, strings without tabs, newlines or backslashes, never
        None); formatting those lines here is twice as fast as psycopg's ``write_row``."""
        if postgres():
            n = self._copy(model, columns, rows, plain=plain)
        else:
            n = self._bulk_create(model, columns, rows)
        table = model._meta.db_table
        self.counts[table] = self.counts.get(table, 0) + n
        if model not in self.written:
            self.written.append(model)
        return n

    def noted(self, model: type[models.Model]) -> None:
        """Count (and check the keys of) rows written another way, e.g. by a service."""
        self.counts[model._meta.db_table] = model._default_manager.count()
        if model not in self.written:
            self.written.append(model)

    def _defaults(self, model, columns) -> tuple[list[str], tuple]:
        """The columns the caller left out and the value each gets (as Django would give)."""
        now = timezone.now()
        names, values = [], []
        for field in model._meta.concrete_fields:
            if field.attname in columns or field is model._meta.auto_field:
                continue  # an id left out is the table's own (its sequence)
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                value = now
            elif field.has_default() or not field.null:
                value = field.get_default()
            else:
                value = None
            names.append(field.attname)
            values.append(value)
        return names, tuple(values)

    def _copy(self, model, columns, rows, *, plain: bool) -> int:
        extra_names, extra = self._defaults(model, columns)
        fields = {f.attname: f for f in model._meta.concrete_fields}
        names = list(columns) + extra_names
        json_at = [i for i, n in enumerate(names) if isinstance(fields[n], models.JSONField)]
        extra = tuple(
            json.dumps(v) if i + len(columns) in json_at else v for i, v in enumerate(extra)
        )
        quote = connection.ops.quote_name
        sql = "COPY {} ({}) FROM STDIN".format(
            quote(model._meta.db_table), ", ".join(quote(fields[n].column) for n in names)
        )
        n = 0
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            if plain:
                tail = "".join("\t" + _text(v) for v in extra) + "\n"
                buffer, size = [], 0
                for row in rows:
                    line = "\t".join(map(str, row)) + tail
                    buffer.append(line)
                    size += len(line)
                    n += 1
                    if size >= CHUNK:
                        copy.write("".join(buffer))
                        buffer, size = [], 0
                copy.write("".join(buffer))
            else:
                own_json = [i for i in json_at if i < len(columns)]
                for row in rows:
                    if own_json:
                        row = list(row)
                        for i in own_json:
                            row[i] = json.dumps(row[i])
                    copy.write_row((*row, *extra))
                    n += 1
        return n

    def _bulk_create(self, model, columns, rows) -> int:
        n = 0
        batch = []
        for row in rows:
            batch.append(model(**dict(zip(columns, row, strict=True))))
            if len(batch) >= BATCH:
                model._default_manager.bulk_create(batch)
                n += len(batch)
                batch = []
        model._default_manager.bulk_create(batch)
        return n + len(batch)

    # --- Around the load -------------------------------------------------------------------

    def begin(self) -> None:
        """Foreign-key triggers off for this transaction, where allowed (see the module note)."""
        if not postgres():
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            if cursor.fetchone()[0]:
                cursor.execute("SET LOCAL session_replication_role = replica")
                self.triggers_off = True

    def finish(self) -> None:
        """Sequences past the ids used; triggers back on; every foreign key checked once."""
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), self.models):
                cursor.execute(statement)
            if self.triggers_off:
                cursor.execute("SET LOCAL session_replication_role = origin")
        if self.triggers_off:
            check_foreign_keys(self.written)


def _text(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, (dict, list)):
        value = json.dumps(value)
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace("\t", "\\t")
        .replace("\n", "\\n")
        .replace("\r", "\\r")
    )


def check_foreign_keys(written: Iterable[type[models.Model]]) -> None:
    """Every foreign key of the tables written points at a row: one anti-join per column
    (what the triggers would have checked row by row). Raises on the first orphan."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in written:
            for field in model._meta.concrete_fields:
                if not field.is_relation or not field.db_constraint:
                    continue
                target = field.target_field
                table, column = quote(model._meta.db_table), quote(field.column)
                other, key = quote(target.model._meta.db_table), quote(target.column)
                cursor.execute(  # names from the models, quoted: no outside input
                    f"SELECT count(*) FROM {table} a WHERE a.{column} IS NOT NULL AND NOT "  # noqa: S608
                    f"EXISTS (SELECT 1 FROM {other} b WHERE b.{key} = a.{column})"
                )
                orphans = cursor.fetchone()[0]
                if orphans:
                    raise RuntimeError(
                        f"{orphans} rows of {model._meta.db_table}.{field.column} point nowhere."
                    )
