"""Demo data drawn from the source articles (shared/context): the Kemenkop apprenticeship at
Kopontren Al-Ittifaq in three waves of 38, the two-day Bimtek for the inmates' cooperatives of
Jawa Barat's prisons at LPKA Bandung, and the Sulteng mentoring programme across six units.

Idempotent: every record is found by its natural key before it is created, so running the
command again changes nothing. People are generated names (lms.names), never real persons.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from accounts import services as account_services
from accounts.api import ParticipantKind, Role, User
from lms.names import names as generate_names
from organisations.api import Organisation, Province
from organisations.api import OrganisationKind as K
from programmes import services
from programmes.constants import BoardPosition, EnrolmentStatus, FacilitatorRole, ProgrammeKind
from programmes.models import Programme, Wave

DEMO_PASSWORD = "Koperasi-Demo-2025"  # noqa: S105 - printed demo logins, local only

MAGANG_TITLE = "Magang Pengurus Koperasi Desa/Kelurahan Merah Putih di Kopontren Al-Ittifaq"
BIMTEK_TITLE = "Bimtek Pembinaan Koperasi Merah Putih Warga Binaan Jawa Barat"
SULTENG_TITLE = "Pendampingan Kewirausahaan Warga Binaan Sulawesi Tengah"
COIR_TITLE = "Pelatihan Vokasi Pembuatan Jaring Sabut Kelapa (Coir Net) Warga Binaan Jawa Barat"
# Seven Jawa Barat prisons (JABAR_UNITS[1:8]) run the coir-net training, four trainees each.
COIR_UNITS = 7
COIR_PER_UNIT = 4

# Wave 1 is as reported (Jawa Barat, Banten, DI Yogyakarta, Jawa Tengah); waves 2 and 3 bring
# the total to 24 provinces. The sources give no dates for waves 2 and 3: wave 3 is dated when
# the demo is first loaded so that it is running that day (see magang_wave3_dates).
MAGANG_WAVES = [
    (1, datetime.date(2025, 11, 15), datetime.date(2025, 11, 22), ["32", "36", "34", "33"]),
    (
        2,
        datetime.date(2025, 11, 29),
        datetime.date(2025, 12, 6),
        ["35", "31", "18", "16", "12", "13", "14", "51", "52", "61"],
    ),
    (
        3,
        datetime.date(2025, 12, 13),
        datetime.date(2025, 12, 20),
        ["63", "64", "73", "72", "71", "53", "11", "15", "75", "81"],
    ),
]
VILLAGES = [
    "Sukamaju",
    "Sukamulya",
    "Mekarsari",
    "Sindangsari",
    "Cibodas",
    "Margamulya",
    "Sumberrejo",
    "Tanjungsari",
    "Karanganyar",
    "Sidomulyo",
    "Harapan Jaya",
    "Mulyorejo",
    "Suka Damai",
    "Bukit Tinggi",
    "Pematang",
    "Talang Jaya",
    "Lubuk Raya",
    "Banjar Sari",
    "Tegal Rejo",
]
JABAR_UNITS = [
    (K.LPKA, "LPKA Kelas II Bandung", "Kota Bandung"),
    (K.LAPAS, "Lapas Kelas IIA Garut", "Kabupaten Garut"),
    (K.LAPAS, "Lapas Kelas I Cirebon", "Kota Cirebon"),
    (K.LAPAS, "Lapas Narkotika Kelas IIA Cirebon", "Kota Cirebon"),
    (K.LAPAS, "Lapas Kelas IIA Indramayu", "Kabupaten Indramayu"),
    (K.LAPAS, "Lapas Kelas IIB Ciamis", "Kabupaten Ciamis"),
    (K.LAPAS, "Lapas Kelas IIB Sumedang", "Kabupaten Sumedang"),
    (K.LAPAS, "Lapas Kelas IIA Kuningan", "Kabupaten Kuningan"),
    (K.RUTAN, "Rutan Kelas I Bandung", "Kota Bandung"),
    (K.RUTAN, "Rutan Kelas IIB Garut", "Kabupaten Garut"),
    (K.LAPAS, "Lapas Perempuan Kelas IIA Bandung", "Kota Bandung"),
    (K.LAPAS, "Lapas Kelas IIA Bogor", "Kota Bogor"),
]
SULTENG_UNITS = [
    (K.LAPAS, "Lapas Kelas IIA Palu", "Kota Palu"),
    (K.RUTAN, "Rutan Kelas IIA Palu", "Kota Palu"),
    (K.BAPAS, "Bapas Kelas I Palu", "Kota Palu"),
    (K.LAPAS, "Lapas Perempuan Kelas III Palu", "Kota Palu"),
    (K.LAPAS, "Lapas Kelas III Parigi", "Kabupaten Parigi Moutong"),
    (K.RUTAN, "Rutan Kelas IIB Donggala", "Kabupaten Donggala"),
]
POSITIONS = [
    BoardPosition.CHAIR,
    BoardPosition.SECRETARY,
    BoardPosition.TREASURER,
    BoardPosition.SUPERVISOR,
    BoardPosition.MEMBER,
]

# Demo logins: (username, full name, role, scope province code)
LOGINS = [
    ("admin", "Administrator Sistem", Role.ADMIN, None),
    ("staf.nasional", "Rahmawati Kusuma", Role.STAFF, None),
    ("staf.jabar", "Dadang Permana", Role.STAFF, "32"),
    ("editor", "Lestari Wibowo", Role.EDITOR, None),
    ("fasilitator", "Hendra Gunawan", Role.FACILITATOR, None),
    ("pendamping.sulteng", "Maghfira", Role.FACILITATOR, None),
]


def magang_wave3_dates(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """Wave 3 runs on the day the demo is first loaded: it started two days before and lasts
    the magang's eight days, so roll call and check-in can be tried at once."""
    today = today or timezone.localdate()
    start = today - datetime.timedelta(days=2)
    return start, start + datetime.timedelta(days=7)


def _org(actor, name, kind, code, regency="", parent=None) -> Organisation:
    province = Province.objects.get(code=code)
    org = Organisation.objects.filter(name=name, province=province).first()
    if org is None:
        org = account_services.organisation_create(
            actor=actor, name=name, kind=kind, province=province, regency=regency, parent=parent
        )
    return org


def _login(username, full_name, role, scope_code=None, **extra) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = account_services.user_create(
            actor=None,
            username=username,
            full_name=full_name,
            role=role,
            password=DEMO_PASSWORD,
            scope_province=Province.objects.get(code=scope_code) if scope_code else None,
            **extra,
        )
    return user


def _programme(actor, title, kind, organiser, description, partners) -> Programme:
    programme = Programme.objects.filter(title=title).first()
    if programme is None:
        programme = services.programme_create(
            actor=actor,
            title=title,
            kind=kind,
            organiser=organiser,
            description=description,
            partners=[
                {"partner": p, "agreement_number": n, "signed_on": d, "scope": s}
                for p, n, d, s in partners
            ],
        )
    return programme


def _wave(
    actor, programme, number, starts_on, ends_on, host, venue, capacity, sector, facilitators
) -> Wave:
    wave = Wave.objects.filter(programme=programme, number=number).first()
    if wave is None:
        wave = services.wave_create(
            actor=actor,
            programme=programme,
            number=number,
            starts_on=starts_on,
            ends_on=ends_on,
            host_site=host,
            venue=venue,
            capacity=capacity,
            sector=sector,
            facilitators=facilitators,
        )
    return wave


def _participants(*, actor, wave, people, kind, status=EnrolmentStatus.ACTIVE) -> None:
    """people: (username, full name, organisation, position). Missing accounts and enrolments
    are created through the real services; existing ones are left alone."""
    existing = set(
        User.objects.filter(username__in=[p[0] for p in people]).values_list("username", flat=True)
    )
    enrolled = set(wave.enrolments.values_list("participant__username", flat=True))
    for username, full_name, organisation, position in people:
        if username not in existing:
            account_services.user_create(
                actor=None,
                username=username,
                full_name=full_name,
                role=Role.TRAINEE,
                organisation=organisation,
                participant_kind=kind,
                password=DEMO_PASSWORD if username == "peserta" else None,
            )
        if username not in enrolled:
            services.enrolment_create(
                actor=actor,
                wave=wave,
                participant=User.objects.get(username=username),
                organisation=organisation,
                board_position=position,
                status=status,
            )


def _usernames(full_names: list[str], prefix: str) -> list[str]:
    bases = [account_services.username_base(n) for n in full_names]
    return [f"{prefix}.{i + 1:03d}.{base}"[:150] for i, base in enumerate(bases)]


@transaction.atomic
def load(*, stdout=None) -> list[tuple[str, str, str]]:
    """Load the demo through the services, as the administrator would; returns the demo logins
    (username, password, what the login is for)."""
    admin = _login(*LOGINS[0])
    for login in LOGINS[1:]:
        _login(*login)
    fasilitator = User.objects.get(username="fasilitator")
    pendamping = User.objects.get(username="pendamping.sulteng")
    ministry = _org(
        admin, "Kementerian Koperasi Republik Indonesia", K.MINISTRY, "31", "Jakarta Selatan"
    )
    al_ittifaq = _org(
        admin,
        "Koperasi Pondok Pesantren Al-Ittifaq",
        K.PESANTREN_COOPERATIVE,
        "32",
        "Kabupaten Bandung",
    )
    kanwil_jabar = _org(
        admin, "Kanwil Ditjenpas Jawa Barat", K.REGIONAL_OFFICE, "32", "Kota Bandung"
    )
    kanwil_sulteng = _org(
        admin, "Kanwil Ditjenpas Sulawesi Tengah", K.REGIONAL_OFFICE, "72", "Kota Palu"
    )
    kneks = _org(admin, "Komite Nasional Ekonomi dan Keuangan Syariah (KNEKS)", K.PARTNER, "31")
    pum = _org(admin, "PUM Representative Indonesia", K.PARTNER, "31")
    unpas = _org(admin, "Universitas Pasundan", K.PARTNER, "32", "Kota Bandung")
    waibi = _org(admin, "Yayasan WAIBI", K.PARTNER, "32", "Kota Bandung")
    farmtisan = _org(
        admin, "Koperasi Farmtisan Lestari Berjaya", K.OTHER_COOPERATIVE, "72", "Kota Palu"
    )

    # --- Magang at Al-Ittifaq: 3 waves of 38 from 24 provinces ----------------------------
    magang = _programme(
        admin,
        MAGANG_TITLE,
        ProgrammeKind.APPRENTICESHIP,
        ministry,
        "Program magang pengurus Koperasi Desa/Kelurahan Merah Putih: study visit dan on the job "
        "training tentang rantai pasok, SOP, manajemen produksi dan mutu, pemasaran produk "
        "anggota, jejaring bisnis, transformasi digital, dan perencanaan jangka panjang.",
        [
            (kneks, "", None, "Dukungan program magang."),
            (pum, "", None, "Pendampingan ahli."),
            (unpas, "", None, "Dukungan akademik."),
        ],
    )
    coir_count = COIR_UNITS * COIR_PER_UNIT
    all_names = generate_names(114 + 36 + 24 + coir_count, seed=2025)
    magang_names, bimtek_names = all_names[:114], all_names[114:150]
    sulteng_names, coir_names = all_names[150:174], all_names[174:]
    for index, (number, start, end, codes) in enumerate(MAGANG_WAVES):
        if number == 3:
            start, end = magang_wave3_dates()
        wave = _wave(
            admin,
            magang,
            number,
            start,
            end,
            al_ittifaq,
            "Kopontren Al-Ittifaq, Ciwidey, Kabupaten Bandung",
            38,
            "Pertanian dan agribisnis",
            [(fasilitator, FacilitatorRole.FACILITATOR)],
        )
        wave_names = magang_names[index * 38 : (index + 1) * 38]
        usernames = _usernames(wave_names, f"magang{number}")
        if index == 0:
            usernames[0] = "peserta"  # the demo trainee login
        people = []
        for i, (username, full_name) in enumerate(zip(usernames, wave_names, strict=True)):
            code = codes[i % len(codes)]
            village = VILLAGES[(i + index * 7) % len(VILLAGES)]
            coop = _org(admin, f"Koperasi Desa Merah Putih {village}", K.VILLAGE_COOPERATIVE, code)
            people.append((username, full_name, coop, POSITIONS[i % len(POSITIONS)]))
        _participants(actor=admin, wave=wave, people=people, kind=ParticipantKind.BOARD_MEMBER)

    # --- Bimtek at LPKA Bandung, 26-27 Nov 2025 ---------------------------------------------
    bimtek = _programme(
        admin,
        BIMTEK_TITLE,
        ProgrammeKind.BIMTEK,
        kanwil_jabar,
        "Workshop penyusunan AD/ART, SOP, dan rencana bisnis bagi pengurus Koperasi Merah Putih "
        "Warga Binaan dari Lapas dan Rutan se-Jawa Barat.",
        [(waibi, "PKS/KANWIL-JABAR/2025/011", datetime.date(2025, 11, 26), "Narasumber.")],
    )
    units = [
        _org(admin, name, kind, "32", regency, kanwil_jabar) for kind, name, regency in JABAR_UNITS
    ]
    lpka = units[0]
    wave = _wave(
        admin,
        bimtek,
        1,
        datetime.date(2025, 11, 26),
        datetime.date(2025, 11, 27),
        lpka,
        "Aula LPKA Bandung",
        40,
        "Tata kelola koperasi",
        [(fasilitator, FacilitatorRole.SPEAKER)],
    )
    people = []
    usernames = _usernames(bimtek_names, "bimtek")
    for i, (username, full_name) in enumerate(zip(usernames, bimtek_names, strict=True)):
        unit = units[i // 3]
        coop = _org(
            admin,
            f"Koperasi Merah Putih Warga Binaan {unit.name}",
            K.INMATES_COOPERATIVE,
            "32",
            unit.regency,
            unit,
        )
        people.append((username, full_name, coop, POSITIONS[i % 3]))
    _participants(actor=admin, wave=wave, people=people, kind=ParticipantKind.INMATE)

    # --- Sulteng mentoring (pendampingan), six units ------------------------------------------
    sulteng = _programme(
        admin,
        SULTENG_TITLE,
        ProgrammeKind.MENTORING,
        kanwil_sulteng,
        "Pendampingan kelompok UMKM, pelatihan kewirausahaan, dan pengembangan produk hasil "
        "pembinaan bagi warga binaan dan petugas pemasyarakatan di enam UPT Sulawesi Tengah.",
        [
            (
                farmtisan,
                "PKS/KANWIL-SULTENG/2025/006",
                datetime.date(2025, 11, 6),
                "Pendampingan kelompok UMKM hingga pemasaran produk.",
            )
        ],
    )
    sulteng_units = [
        _org(admin, name, kind, "72", regency, kanwil_sulteng)
        for kind, name, regency in SULTENG_UNITS
    ]
    wave = _wave(
        admin,
        sulteng,
        1,
        datetime.date(2025, 11, 10),
        datetime.date(2026, 4, 30),
        kanwil_sulteng,
        "UPT Pemasyarakatan se-Sulawesi Tengah",
        30,
        "Kewirausahaan dan UMKM",
        [(pendamping, FacilitatorRole.MENTOR)],
    )
    usernames = _usernames(sulteng_names, "sulteng")
    inmates, officers = [], []
    for i, (username, full_name) in enumerate(zip(usernames, sulteng_names, strict=True)):
        unit = sulteng_units[i % len(sulteng_units)]
        if i % 4 == 3:  # one officer per four participants
            officers.append((username, full_name, unit, ""))
        else:
            inmates.append((username, full_name, unit, ""))
    _participants(actor=admin, wave=wave, people=inmates, kind=ParticipantKind.INMATE)
    _participants(actor=admin, wave=wave, people=officers, kind=ParticipantKind.OFFICER)

    # --- Coir-net vocational training in seven Jawa Barat prisons -------------------------
    coir = _programme(
        admin,
        COIR_TITLE,
        ProgrammeKind.VOCATIONAL,
        kanwil_jabar,
        "Pelatihan vokasi pembuatan jaring sabut kelapa (coir net) untuk reklamasi lahan dan "
        "pencegahan erosi, di bengkel kerja tujuh Lapas se-Jawa Barat; hasil produksi dipasarkan "
        "melalui Koperasi Merah Putih Warga Binaan.",
        [],
    )
    wave = _wave(
        admin,
        coir,
        1,
        datetime.date(2025, 10, 6),
        datetime.date(2025, 10, 17),
        kanwil_jabar,
        "Bengkel kerja tujuh Lapas se-Jawa Barat",
        40,
        "Kerajinan sabut kelapa",
        [(fasilitator, FacilitatorRole.FACILITATOR)],
    )
    coir_units = units[1 : 1 + COIR_UNITS]
    people = [
        (username, full_name, coir_units[i // COIR_PER_UNIT], "")
        for i, (username, full_name) in enumerate(
            zip(_usernames(coir_names, "sabut"), coir_names, strict=True)
        )
    ]
    _participants(actor=admin, wave=wave, people=people, kind=ParticipantKind.INMATE)

    return [
        ("admin", DEMO_PASSWORD, "Administrator"),
        ("staf.nasional", DEMO_PASSWORD, "Staf program, nasional"),
        ("staf.jabar", DEMO_PASSWORD, "Staf program, cakupan Jawa Barat"),
        ("editor", DEMO_PASSWORD, "Editor konten"),
        ("fasilitator", DEMO_PASSWORD, "Fasilitator magang dan Bimtek"),
        ("pendamping.sulteng", DEMO_PASSWORD, "Pendamping Sulawesi Tengah"),
        ("peserta", DEMO_PASSWORD, "Peserta magang gelombang 1"),
    ]
