"""National-scale data for benchmarks and query-count checks. By default 100,000 participants in
20,000 cooperatives across every province, 50 programmes and 2,000 waves; the issue's size is
``scale_load --participants 400000 --cooperatives 80000 --waves 10000``.

Besides people and enrolments, each wave gets its schedule, attendance for the sessions already
begun, assignments with hand-ins and grades, the apprentices' logbook and, for most finished
waves, certificates (``scale_activity``): about 50 attendance records per participant. Waves
start a week apart per programme, the last three of each programme still ahead, so the data
always reads as today's. Rows are written in bulk (COPY on PostgreSQL, ``scale_copy``), with
no per-row services and no audit rows: this is load, not history. One transaction: a load
that fails leaves nothing behind, and a second run with data present adds nothing."""

from __future__ import annotations

import datetime as dt
import random
import time
from array import array
from collections.abc import Callable
from contextlib import nullcontext

from django.apps import apps
from django.db import connection, transaction
from django.utils import timezone

from accounts.api import ParticipantKind, Role, User
from certificates.models import CertificateSettings
from lms.names import FAMILY, GIVEN, MONONYMS
from lms.timezones import zone
from organisations.api import Organisation, OrganisationKind, Province
from programmes.constants import FacilitatorRole, ProgrammeKind
from programmes.models import Enrolment, FacilitatorAssignment, Programme, Wave

from . import scale_activity as activity
from .scale_copy import Clock, Writer

PREFIX = "skala"
AHEAD = 3  # waves per programme that have not started yet
FROM_HOST_PROVINCE = 0.75  # share of a wave's participants from the host's province
UNUSABLE_PASSWORD = "!scale-data-no-login"  # noqa: S105 - marks an account that cannot log in


def _name(rng: random.Random) -> str:
    if rng.random() < 0.2:
        return rng.choice(MONONYMS)
    return f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"


def load(
    *,
    participants: int = 100_000,
    programmes: int = 50,
    waves: int = 2_000,
    cooperatives: int = 20_000,
    seed: int = 7,
    report: Callable[[str], None] | None = None,
) -> dict:
    """Add scale data; a second run adds nothing. Returns the seconds per phase and the rows
    written per table."""
    started = time.monotonic()
    clock = Clock(report)
    with transaction.atomic():
        if Programme.objects.filter(title__startswith=f"[{PREFIX}]").exists():
            return {"skipped": 1, "seconds": 0.0, "phases": {}, "rows": {}}
        writer = Writer()
        writer.begin()
        plan = _base(
            writer,
            clock,
            participants=participants,
            programmes=programmes,
            waves=waves,
            cooperatives=cooperatives,
            seed=seed,
        )
        activity.run(plan, writer, clock)
        with clock.phase("keys"):
            writer.finish()
        with clock.phase("analyze"):
            _analyze(
                *(m for m in apps.get_models() if m._meta.db_table in writer.counts),
                clock=clock,
            )
    return {
        "seconds": time.monotonic() - started,
        "participants": participants,
        "waves": waves,
        "phases": clock.phases,
        "rows": writer.counts,
    }


def _base(writer: Writer, clock: Clock, *, participants, programmes, waves, cooperatives, seed):
    rng = random.Random(seed)  # noqa: S311 - test data
    now = timezone.now()
    today = timezone.localdate(now)
    provinces = list(Province.objects.order_by("code"))
    kinds = list(ProgrammeKind)

    with clock.phase("organisations"):
        ministry, _created = Organisation.objects.get_or_create(
            name="Kementerian Koperasi Republik Indonesia",
            province=Province.objects.get(code="31"),
            defaults={"kind": OrganisationKind.MINISTRY},
        )
        coop_ids = writer.ids(Organisation, cooperatives)
        coop_province = [provinces[i % len(provinces)] for i in range(cooperatives)]
        writer.write(
            Organisation,
            ["id", "name", "kind", "province_id", "created_at", "updated_at"],
            (
                (
                    coop_ids[i],
                    f"Koperasi Desa Merah Putih {PREFIX.title()} {i:05d}",
                    OrganisationKind.VILLAGE_COOPERATIVE,
                    coop_province[i].pk,
                    now,
                    now,
                )
                for i in range(cooperatives)
            ),
        )
        by_province: dict[int, list[int]] = {}
        for i in range(cooperatives):
            by_province.setdefault(coop_province[i].pk, []).append(i)

    with clock.phase("programmes"):
        programme_ids = writer.ids(Programme, programmes)
        infos = []
        for i in range(programmes):
            kind = kinds[i % len(kinds)]
            days, _step = activity.SCHEDULE[kind]
            infos.append(
                activity.ProgrammeInfo(
                    id=programme_ids[i],
                    index=i,
                    kind=kind,
                    title=f"[{PREFIX}] Program pelatihan koperasi {i + 1:02d}",
                    kind_label=str(kind.label),
                    code=f"SKALA{i + 1:03d}",
                    threshold=80,
                    lesson_hours=days * sum(jp for _b, _e, jp in activity.SLOTS),
                )
            )
        writer.write(
            Programme,
            ["id", "title", "kind", "organiser_id", "lesson_hours", "created_at", "updated_at"],
            ((p.id, p.title, p.kind, ministry.pk, p.lesson_hours, now, now) for p in infos),
        )
        writer.write(
            CertificateSettings,
            ["programme_id", "issuer_id", "title", "competencies", "code", "updated_at"],
            (
                (
                    p.id,
                    ministry.pk,
                    "Sertifikat Pelatihan",
                    "\n".join(activity.TOPICS[:3]),
                    p.code,
                    now,
                )
                for p in infos
            ),
        )

    with clock.phase("waves"):
        per_programme = -(-waves // programmes)
        seats = -(-participants // waves)
        facilitators = max(2 * len(provinces), waves // 5)
        facilitator_ids = writer.ids(User, facilitators)
        writer.write(
            User,
            ["id", "username", "full_name", "role", "password", "date_joined"],
            (
                (
                    facilitator_ids[i],
                    f"{PREFIX}fas.{i:05d}",
                    _name(rng),
                    Role.FACILITATOR,
                    UNUSABLE_PASSWORD,
                    now,
                )
                for i in range(facilitators)
            ),
        )
        # Facilitators live in a province (every province has at least two).
        local_facilitators: dict[int, list[int]] = {}
        for i in range(facilitators):
            local_facilitators.setdefault(provinces[i % len(provinces)].pk, []).append(
                facilitator_ids[i]
            )
        wave_ids = writer.ids(Wave, waves)
        offsets = {
            tz: zone(tz).utcoffset(dt.datetime(2026, 1, 1))  # noqa: DTZ001 - no DST in Indonesia
            for tz in {p.time_zone for p in provinces}
        }
        plan_waves = []
        for w in range(waves):
            programme = infos[w % programmes]
            k = w // programmes
            starts_on = today + dt.timedelta(
                weeks=k - (per_programme - 1 - AHEAD), days=programme.index % 5
            )
            host = w % cooperatives
            province = coop_province[host]
            local = local_facilitators[province.pk]
            pick = (w // len(provinces)) % len(local)
            mentor = None
            if programme.kind == ProgrammeKind.APPRENTICESHIP:
                mentor = local[(pick + 1) % len(local)]
            plan_waves.append(
                activity.WaveInfo(
                    id=wave_ids[w],
                    index=w,
                    programme=programme,
                    number=k + 1,
                    starts_on=starts_on,
                    ends_on=starts_on + dt.timedelta(days=activity.wave_days(programme.kind) - 1),
                    zone=province.time_zone,
                    offset=offsets[province.time_zone],
                    host_id=coop_ids[host],
                    first=w * participants // waves,
                    count=(w + 1) * participants // waves - w * participants // waves,
                    facilitator_id=local[pick],
                    mentor_id=mentor,
                )
            )
        writer.write(
            Wave,
            [
                "id",
                "programme_id",
                "number",
                "starts_on",
                "ends_on",
                "host_site_id",
                "capacity",
                "venue",
                "time_zone",
                "created_at",
                "updated_at",
            ],
            (
                (
                    w.id,
                    w.programme.id,
                    w.number,
                    w.starts_on,
                    w.ends_on,
                    w.host_id,
                    seats,
                    "Balai pelatihan koperasi",
                    w.zone,
                    now,
                    now,
                )
                for w in plan_waves
            ),
        )
        writer.write(
            FacilitatorAssignment,
            ["wave_id", "facilitator_id", "role"],
            (
                (w.id, person, role)
                for w in plan_waves
                for person, role in (
                    (w.facilitator_id, FacilitatorRole.FACILITATOR),
                    (w.mentor_id, FacilitatorRole.MENTOR),
                )
                if person
            ),
        )

    with clock.phase("participants"):
        user_ids = writer.ids(User, participants)
        organisation = array("q", bytes(8 * participants))
        profile = bytearray(participants)
        names = []
        for wave in plan_waves:
            pick = random.Random(f"{seed}:{wave.index}:people")  # noqa: S311 - test data
            host_province = coop_province[wave.index % cooperatives].pk
            nearby = by_province[host_province]
            for g in range(wave.first, wave.first + wave.count):
                if pick.random() < FROM_HOST_PROVINCE:
                    coop = nearby[pick.randrange(len(nearby))]
                else:
                    coop = pick.randrange(cooperatives)
                organisation[g] = coop_ids[coop]
                roll = pick.random()
                profile[g] = (
                    activity.WITHDRAWN
                    if roll < 0.04
                    else activity.STRUGGLING
                    if roll < 0.22
                    else activity.DILIGENT
                )
                names.append(_name(rng))
        writer.write(
            User,
            [
                "id",
                "username",
                "full_name",
                "role",
                "participant_kind",
                "organisation_id",
                "password",
                "date_joined",
            ],
            (
                (
                    user_ids[g],
                    f"{PREFIX}.{g:06d}",
                    names[g],
                    Role.TRAINEE,
                    ParticipantKind.BOARD_MEMBER,
                    organisation[g],
                    UNUSABLE_PASSWORD,
                    now,
                )
                for g in range(participants)
            ),
        )
    return activity.Plan(
        now=now,
        today=today,
        seed=seed,
        issuer=(ministry.pk, ministry.name),
        programmes=infos,
        waves=plan_waves,
        users=user_ids,
        enrolments=writer.ids(Enrolment, participants),
        organisation=organisation,
        names=names,
        profile=profile,
    )


def _analyze(*models, clock: Clock | None = None) -> None:
    """Give PostgreSQL what a live database has after a load like this one: fresh statistics
    (ANALYZE, in this transaction, so plans are made for 400,000 rows rather than for empty
    tables) and, once committed, the visibility map that autovacuum would set on insert-only
    tables (VACUUM cannot run inside a transaction). Without them measured plans are not the
    ones production gets."""
    if connection.vendor != "postgresql":
        return
    names = dict.fromkeys(connection.ops.quote_name(m._meta.db_table) for m in models)
    tables = ", ".join(names)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")

    def vacuum():
        if not connection.in_atomic_block:
            with clock.phase("vacuum") if clock else nullcontext(), connection.cursor() as cursor:
                cursor.execute(f"VACUUM (ANALYZE) {tables}")

    transaction.on_commit(vacuum)
