"""National-scale data for benchmarks and query-count checks: by default 100,000 participants
in 20,000 cooperatives across every province, 50 programmes and 2,000 waves. Bulk inserts only
(no per-row services, no audit rows): this is load, not history."""

from __future__ import annotations

import datetime
import random
import time

from django.db import connection, transaction

from accounts.api import ParticipantKind, Role, User
from lms.names import FAMILY, GIVEN, MONONYMS
from organisations.api import Organisation, OrganisationKind, Province
from programmes.constants import BoardPosition, EnrolmentStatus, ProgrammeKind
from programmes.models import Enrolment, Programme, Wave

PREFIX = "skala"
BATCH = 5000


def _name(rng: random.Random) -> str:
    if rng.random() < 0.2:
        return rng.choice(MONONYMS)
    return f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"


@transaction.atomic
def load(
    *,
    participants: int = 100_000,
    programmes: int = 50,
    waves: int = 2_000,
    cooperatives: int = 20_000,
    seed: int = 7,
) -> dict[str, float]:
    """Add scale data; a second run with the same numbers adds nothing."""
    started = time.monotonic()
    if Programme.objects.filter(title__startswith=f"[{PREFIX}]").exists():
        return {"seconds": time.monotonic() - started, "skipped": 1}
    rng = random.Random(seed)  # noqa: S311 - test data
    provinces = list(Province.objects.order_by("code"))
    kinds = list(ProgrammeKind)
    ministry, _created = Organisation.objects.get_or_create(
        name="Kementerian Koperasi Republik Indonesia",
        province=Province.objects.get(code="31"),
        defaults={"kind": OrganisationKind.MINISTRY},
    )

    Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Koperasi Desa Merah Putih {PREFIX.title()} {i:05d}",
                kind=OrganisationKind.VILLAGE_COOPERATIVE,
                province=provinces[i % len(provinces)],
            )
            for i in range(cooperatives)
        ],
        batch_size=BATCH,
    )
    coop_ids = list(
        Organisation.objects.filter(name__startswith=f"Koperasi Desa Merah Putih {PREFIX.title()}")
        .order_by("pk")
        .values_list("pk", "province_id")
    )

    Programme.objects.bulk_create(
        [
            Programme(
                title=f"[{PREFIX}] Program pelatihan koperasi {i + 1:02d}",
                kind=kinds[i % len(kinds)],
                organiser=ministry,
            )
            for i in range(programmes)
        ]
    )
    programme_ids = list(
        Programme.objects.filter(title__startswith=f"[{PREFIX}]")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    seats = -(-participants // waves)  # ceiling
    first_day = datetime.date(2026, 1, 5)
    wave_rows = []
    for i in range(waves):
        starts_on = first_day + datetime.timedelta(days=7 * (i // programmes))
        host_id, province_id = coop_ids[i % len(coop_ids)]
        wave_rows.append(
            Wave(
                programme_id=programme_ids[i % programmes],
                number=i // programmes + 1,
                starts_on=starts_on,
                ends_on=starts_on + datetime.timedelta(days=5),
                host_site_id=host_id,
                capacity=seats,
                venue="Balai pelatihan koperasi",
                time_zone="",
            )
        )
    Wave.objects.bulk_create(wave_rows, batch_size=BATCH)
    wave_ids = list(
        Wave.objects.filter(programme_id__in=programme_ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )

    unusable = "!scale-data-no-login"
    users = []
    for i in range(participants):
        coop_id, _province_id = coop_ids[i % len(coop_ids)]
        users.append(
            User(
                username=f"{PREFIX}.{i:06d}",
                full_name=_name(rng),
                role=Role.TRAINEE,
                participant_kind=ParticipantKind.BOARD_MEMBER,
                organisation_id=coop_id,
                password=unusable,
            )
        )
    User.objects.bulk_create(users, batch_size=BATCH)
    user_rows = (
        User.objects.filter(username__startswith=f"{PREFIX}.")
        .order_by("pk")
        .values_list("pk", "organisation_id")
    )
    positions = list(BoardPosition)
    enrolments = [
        Enrolment(
            wave_id=wave_ids[i % len(wave_ids)],
            participant_id=user_id,
            organisation_id=org_id,
            board_position=positions[i % len(positions)],
            status=EnrolmentStatus.ACTIVE,
        )
        for i, (user_id, org_id) in enumerate(user_rows.iterator(chunk_size=BATCH))
    ]
    Enrolment.objects.bulk_create(enrolments, batch_size=BATCH)
    _analyze(Organisation, Programme, Wave, User, Enrolment)
    return {"seconds": time.monotonic() - started, "participants": participants, "waves": waves}


def _analyze(*models) -> None:
    """Give PostgreSQL what a live database has after a load like this one: fresh statistics
    (ANALYZE, in this transaction, so plans are made for 100,000 rows rather than for empty
    tables) and, once committed, the visibility map that autovacuum would set on insert-only
    tables (VACUUM cannot run inside a transaction). Without them measured plans are not the
    ones production gets."""
    if connection.vendor != "postgresql":
        return
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")

    def vacuum():
        if not connection.in_atomic_block:
            with connection.cursor() as cursor:
                cursor.execute(f"VACUUM (ANALYZE) {tables}")

    transaction.on_commit(vacuum)
