"""Enrol a wave's participants from an Excel or CSV sheet: read with tablib, checked row by row
(a preview that writes nothing), then written all-or-nothing through the account and enrolment
services (``accounts.api.user_create``, ``programmes.api.enrolment_create``): each person and
each enrolment gets its audit row, the seat and scope checks of those services apply.

Columns (the template sheet): nama, koperasi / unit, provinsi, jabatan, telepon, e-mail. The
cooperative or unit must already exist in the named province (and in the importer's region).
Provinces are matched as staff write them: "Jabar", "Jawa Barat", "JAWA BARAT",
"Prov. Jawa Barat", "DIY", "Sulteng" all find their province.

A sheet of up to ``REPORTING_ASYNC_IMPORT_ROWS`` rows is checked and written in the request. A
larger one is stored privately and handed to Celery workers (``tasks.import_preview``, then, once
its owner confirms, ``tasks.import_run``): the same ``preview`` and ``run``, with a ``progress``
callback that the workers use to report how far they are.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import tablib
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Count
from django.db.models.functions import Lower
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from accounts import api as accounts
from organisations import api as organisations
from programmes import api as programmes

HEADERS = ("nama", "koperasi / unit", "provinsi", "jabatan", "telepon", "e-mail")
MAX_ROWS = 5000
DEFAULT_ASYNC_ROWS = 500
# A worker reports its progress every this many rows (a write each time, so not every row).
PROGRESS_EVERY = 250

Progress = Callable[[int, int], None]  # (rows done, rows in all)


def threshold() -> int:
    """Sheets with more rows than this are checked and imported by a Celery worker."""
    return getattr(settings, "REPORTING_ASYNC_IMPORT_ROWS", DEFAULT_ASYNC_ROWS)


# Short names staff use, after normalising (lower case, no "prov."/"provinsi", single spaces).
PROVINCE_ALIASES = {
    "aceh": "11", "nad": "11", "sumut": "12", "sumbar": "13", "riau": "14", "jambi": "15",
    "sumsel": "16", "bengkulu": "17", "lampung": "18", "babel": "19", "bangka belitung": "19",
    "kepri": "21", "dki": "31", "jakarta": "31", "dki jakarta": "31", "jabar": "32",
    "jateng": "33", "diy": "34", "yogyakarta": "34", "di yogyakarta": "34", "jogja": "34",
    "daerah istimewa yogyakarta": "34", "jatim": "35", "banten": "36", "bali": "51",
    "ntb": "52", "ntt": "53", "kalbar": "61", "kalteng": "62", "kalsel": "63", "kaltim": "64",
    "kaltara": "65", "sulut": "71", "sulteng": "72", "sulsel": "73", "sultra": "74",
    "gorontalo": "75", "sulbar": "76", "maluku": "81", "malut": "82", "papua": "91",
    "pabar": "92", "papua selatan": "93", "papua tengah": "94", "papua pegunungan": "95",
    "pbd": "96",
}  # fmt: skip
_PREFIX = re.compile(r"^(prov(insi)?\.?\s+)", re.IGNORECASE)
_PHONE = re.compile(r"^\+?[0-9][0-9 .\-]{6,18}$")


def normalise(text) -> str:
    return " ".join(str(text or "").replace(".", ". ").split()).strip().lower()


def province_key(text) -> str:
    value = normalise(text)
    value = _PREFIX.sub("", value).strip()
    return value.replace(". ", " ").replace(".", "").strip()


def province_lookup() -> dict[str, object]:
    """Every way of writing a province to the province (one query)."""
    out = {}
    for p in organisations.Province.objects.all():
        out[province_key(p.name)] = p
        out[p.code] = p
    by_code = {p.code: p for p in out.values()}
    for alias, code in PROVINCE_ALIASES.items():
        if code in by_code:
            out.setdefault(alias, by_code[code])
    return out


def position_lookup() -> dict[str, str]:
    """Every way of writing a board position to its key: the key, its label in Indonesian (the
    template sheet's language) and in the active language (a worker writes in its owner's)."""
    out = {}
    for key, label in programmes_board_positions():
        out[key] = key
        out[normalise(label)] = key
        with translation.override(settings.LANGUAGE_CODE):
            out[normalise(label)] = key
    return out


def _position(text, lookup: dict[str, str]) -> tuple[str, bool]:
    value = normalise(text)
    if not value:
        return "", True
    key = lookup.get(value)
    return (key, True) if key else ("", False)


def programmes_board_positions():
    from django.apps import apps

    model = apps.get_model("programmes", "Enrolment")
    return model._meta.get_field("board_position").choices


@dataclass
class Row:
    number: int  # the sheet's row number (header is row 1)
    name: str = ""
    organisation: object = None
    organisation_text: str = ""
    province: object = None
    province_text: str = ""
    board_position: str = ""
    phone: str = ""
    email: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class Preview:
    wave: object
    rows: list[Row]
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error and bool(self.rows) and all(r.ok for r in self.rows)

    @property
    def problem_rows(self) -> list[Row]:
        return [r for r in self.rows if not r.ok]


def read_sheet(content: bytes, kind: str) -> tablib.Dataset:
    if kind == "xlsx":
        return tablib.Dataset().load(content, format="xlsx")
    text = content.decode("utf-8-sig")
    return tablib.Dataset().load(text, format="csv")


def count_rows(content: bytes, kind: str) -> int:
    """About how many rows the sheet has under its header, read cheaply (an Excel sheet's own
    dimension; the lines of a CSV), to choose between the request and a worker. 0 when the sheet
    cannot be read: the preview then says why, in the request."""
    try:
        if kind == "xlsx":
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            try:
                sheet = book.active
                rows = sheet.max_row
                if rows is None or rows <= 1:  # a writer that left the dimension out
                    rows = sum(1 for _row in sheet.iter_rows(values_only=True))
            finally:
                book.close()
        else:
            rows = sum(1 for line in content.decode("utf-8-sig").splitlines() if line.strip())
    except Exception:  # noqa: BLE001 - unreadable: the preview in the request says why
        return 0
    return max(rows - 1, 0)


def rows_to_json(rows: list[Row]) -> list[list]:
    """The preview's rows as kept on an import job: what its table shows, nothing more."""
    return [
        [
            r.number,
            r.name,
            r.organisation_text,
            r.province.name if r.province else r.province_text,
            [str(p) for p in r.problems],
        ]
        for r in rows
    ]


def rows_from_json(data) -> list[Row]:
    return [
        Row(number=n, name=name, organisation_text=org, province_text=prov, problems=list(probs))
        for n, name, org, prov, probs in data
    ]


def may_import(actor, wave) -> bool:
    """Who may import into a wave: staff to whom the wave is visible (the import page's own
    rule); each row is then checked by the enrolment service (the person's organisation in the
    actor's region)."""
    return (
        accounts.scope_of(actor).staff
        and programmes.waves_visible_to(actor).filter(pk=wave.pk).exists()
    )


def refused_message() -> str:
    return _(
        "Anda tidak lagi berwenang mendaftarkan peserta ke gelombang ini. Tidak ada yang disimpan."
    )


def template_dataset() -> tablib.Dataset:
    data = tablib.Dataset(headers=list(HEADERS), title="peserta")
    data.append(
        ["Siti Aminah", "Koperasi Desa Merah Putih Sukamaju", "Jawa Barat", "Ketua", "", ""]
    )
    return data


def preview(actor, wave, content: bytes, kind: str, *, progress: Progress | None = None) -> Preview:
    """Check every row; nothing is written. A fixed number of queries whatever the rows.
    ``progress(checked, total)`` is called every ``PROGRESS_EVERY`` rows, if given."""
    try:
        data = read_sheet(content, kind)
    except Exception:  # noqa: BLE001 - any unreadable sheet is one message to the user
        return Preview(wave, [], _("Berkas tidak dapat dibaca sebagai lembar Excel atau CSV."))
    headers = [normalise(h) for h in (data.headers or [])]
    if headers[: len(HEADERS)] != list(HEADERS):
        return Preview(
            wave,
            [],
            _("Kolom lembar harus: %(cols)s (unduh templatnya).") % {"cols": ", ".join(HEADERS)},
        )
    if len(data) > MAX_ROWS:
        return Preview(wave, [], _("Paling banyak %(n)s baris sekali unggah.") % {"n": MAX_ROWS})
    provinces = province_lookup()
    positions = position_lookup()
    orgs = accounts.organisations_visible_to(actor)
    rows: list[Row] = []
    total = len(data)
    for i, values in enumerate(data, start=2):
        if progress is not None and i > 2 and (i - 2) % PROGRESS_EVERY == 0:
            progress(i - 2, total)
        values = [("" if v is None else str(v)).strip() for v in list(values)[: len(HEADERS)]]
        values += [""] * (len(HEADERS) - len(values))
        if not any(values):
            continue
        name, org_text, prov_text, position, phone, email = values
        row = Row(
            number=i,
            name=" ".join(name.split()),
            organisation_text=org_text,
            province_text=prov_text,
            phone=phone,
            email=email.lower(),
        )
        if not row.name:
            row.problems.append(_("nama kosong"))
        elif len(row.name) > 150:
            row.problems.append(_("nama terlalu panjang"))
        prov = provinces.get(province_key(prov_text))
        if prov is None:
            row.problems.append(_("provinsi tidak dikenal: %(p)s") % {"p": prov_text or "–"})
        row.province = prov
        row.board_position, known = _position(position, positions)
        if not known:
            row.problems.append(_("jabatan tidak dikenal: %(j)s") % {"j": position})
        if phone and not _PHONE.match(phone):
            row.problems.append(_("nomor telepon tidak valid"))
        if email:
            try:
                validate_email(email)
            except ValidationError:
                row.problems.append(_("alamat e-mail tidak valid"))
        if not org_text:
            row.problems.append(_("koperasi / unit kosong"))
        rows.append(row)

    # Organisations by (province, name), in one query.
    wanted = {(r.province.pk, normalise(r.organisation_text)) for r in rows if r.province}
    names = {n for _p, n in wanted}
    found = {}
    candidates = orgs.annotate(lname=Lower("name")).filter(
        province_id__in={p for p, _n in wanted}, lname__in=names
    )
    for org in candidates:
        key = (org.province_id, normalise(org.name))
        if key[1] in names:
            found.setdefault(key, org)
    for r in rows:
        if r.province and r.organisation_text:
            r.organisation = found.get((r.province.pk, normalise(r.organisation_text)))
            if r.organisation is None:
                r.problems.append(
                    _("koperasi / unit tidak ditemukan di %(p)s (atau di luar wilayah Anda)")
                    % {"p": r.province.name}
                )

    # Duplicates within the sheet.
    seen: dict[tuple, int] = {}
    emails: dict[str, int] = {}
    for r in rows:
        key = (r.name.lower(), normalise(r.organisation_text))
        if r.name and key in seen:
            r.problems.append(_("sama dengan baris %(n)s") % {"n": seen[key]})
        else:
            seen.setdefault(key, r.number)
        if r.email:
            if r.email in emails:
                r.problems.append(_("e-mail sama dengan baris %(n)s") % {"n": emails[r.email]})
            else:
                emails[r.email] = r.number

    # Duplicates with people already registered (one query each).
    org_ids = {r.organisation.pk for r in rows if r.organisation}
    existing = {
        (n.lower(), o)
        for n, o in accounts.User.objects.filter(
            organisation_id__in=org_ids, full_name__in=[r.name for r in rows if r.name]
        ).values_list("full_name", "organisation_id")
    }
    taken = set(
        accounts.User.objects.filter(email__in=[r.email for r in rows if r.email]).values_list(
            "email", flat=True
        )
    )
    for r in rows:
        if r.organisation and (r.name.lower(), r.organisation.pk) in existing:
            r.problems.append(_("sudah terdaftar di koperasi / unit ini"))
        if r.email and r.email in {t.lower() for t in taken}:
            r.problems.append(_("e-mail sudah dipakai akun lain"))

    # Seats.
    held = programmes.Enrolment.objects.filter(
        wave=wave, status__in=programmes.SEAT_STATUSES
    ).aggregate(n=Count("pk"))["n"]
    free = wave.capacity - held
    for i, r in enumerate(rows):
        if i >= free:
            r.problems.append(
                _("melebihi kapasitas gelombang (%(free)s kursi tersisa)") % {"free": max(free, 0)}
            )
    return Preview(wave, rows)


class ImportRefused(Exception):
    def __init__(self, preview: Preview):
        super().__init__("import refused")
        self.preview = preview


def run(actor, wave, content: bytes, kind: str, *, progress: Progress | None = None) -> list:
    """Check again, then create every person and enrolment in one transaction, or nothing.
    ``progress(written, total)`` is called every ``PROGRESS_EVERY`` rows, if given (inside the
    transaction: what it writes must not go through the database)."""
    if not accounts.scope_of(actor).staff:
        raise PermissionDenied
    result = preview(actor, wave, content, kind)
    if not result.ok:
        raise ImportRefused(result)
    created = []
    with transaction.atomic():
        for n, r in enumerate(result.rows):
            if progress is not None and n and n % PROGRESS_EVERY == 0:
                progress(n, len(result.rows))
            person = accounts.user_create(
                actor=actor,
                full_name=r.name,
                role=accounts.Role.TRAINEE,
                email=r.email,
                phone=r.phone,
                organisation=r.organisation,
                participant_kind=(
                    accounts.ParticipantKind.INMATE
                    if r.organisation.kind in organisations.CORRECTIONAL_KINDS
                    else accounts.ParticipantKind.BOARD_MEMBER
                ),
            )
            created.append(
                programmes.enrolment_create(
                    actor=actor,
                    wave=wave,
                    participant=person,
                    organisation=r.organisation,
                    board_position=r.board_position,
                )
            )
    return created
