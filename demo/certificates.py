"""Demo certificates (issue 11): certificate settings for the programmes (the magang's issued by
the ministry with its signatories; the inmates' programmes left to the neutral default issuer),
and certificates for every eligible participant of magang wave 1 and of every wave that has
ended, through the services, as the administrator (so the demo has certificates to download and
verify; magang wave 1's trainees still have assignments open, which shows the reasons instead).
Idempotent: unchanged settings write nothing, and a participant with a valid certificate is
never issued another."""

from __future__ import annotations

from django.utils import timezone

from accounts.api import User
from certificates import services
from organisations.api import Organisation, OrganisationKind
from programmes.models import Programme, Wave

from . import programmes as programmes_demo

MAGANG_COMPETENCIES = "\n".join(
    [
        "Rantai pasok dan manajemen produksi",
        "SOP dan tata kelola koperasi",
        "Pemasaran produk anggota dan jejaring bisnis",
        "Transformasi digital dan perencanaan jangka panjang",
    ]
)
SETTINGS = [
    # (programme title, serial code, competencies, signatories, the name printed: neutral for the
    # inmates' programmes, whose titles say "Warga Binaan")
    (
        programmes_demo.MAGANG_TITLE,
        "MAGANG",
        MAGANG_COMPETENCIES,
        [
            {"name": "Dr. Ir. Ahmad Zabadi, M.M.", "position": "Deputi Bidang Perkoperasian"},
            {"name": "KH. Fuad Affandi", "position": "Pimpinan Kopontren Al-Ittifaq"},
        ],
        "",
    ),
    (
        programmes_demo.BIMTEK_TITLE,
        "BIMTEK",
        "AD/ART koperasi\nSOP koperasi\nRencana bisnis",
        [],
        "Bimbingan Teknis Pembinaan Koperasi Merah Putih",
    ),
    (
        programmes_demo.SULTENG_TITLE,
        "KWU",
        "Kewirausahaan koperasi\nPencatatan keuangan usaha",
        [],
        "Pendampingan Kewirausahaan Koperasi",
    ),
    (
        programmes_demo.COIR_TITLE,
        "COIRNET",
        "Pemintalan tali sabut\nAnyaman jaring coir net",
        [],
        "Pelatihan Vokasi Pembuatan Jaring Sabut Kelapa (Coir Net)",
    ),
]


def load(*, stdout=None) -> int:
    admin = User.objects.get(username="admin")
    ministry = Organisation.objects.filter(kind=OrganisationKind.MINISTRY).order_by("pk").first()
    for title, code, competencies, signatories, printed_name in SETTINGS:
        programme = Programme.objects.filter(title=title).first()
        if programme is None:
            continue
        changes = {"code": code, "competencies": competencies, "programme_name": printed_name}
        if title == programmes_demo.MAGANG_TITLE and ministry is not None:
            changes["issuer"] = ministry
        services.settings_save(actor=admin, programme=programme, signatories=signatories, **changes)
    titles = [title for title, *_ in SETTINGS]
    waves = Wave.objects.filter(programme__title__in=titles).select_related("programme")
    first = waves.filter(programme__title=programmes_demo.MAGANG_TITLE, number=1)
    ended = waves.filter(ends_on__lt=timezone.localdate())
    issued = 0
    for wave in (first | ended).distinct().order_by("programme_id", "number"):
        issued += services.issue_wave(actor=admin, wave=wave).total
    if stdout is not None:
        stdout.write(
            f"Sertifikat demo: {issued} diterbitkan "
            "(magang gelombang 1 dan gelombang yang sudah selesai)."
        )
    return issued
