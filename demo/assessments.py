"""Demo assignments (issue 10): the Bimtek's cooperative work (AD/ART draft, SOP, business plan,
each handed in by the cooperative's board together) and the apprenticeship's business plan,
follow-up plan (RTL) and reflection, with a rubric, a few submissions and grades, and days of
the demo trainee's apprentice logbook.

Idempotent: an assignment is found by its wave and title before it is created; submissions,
grades and logbook days are made only when the assignment (or logbook) has none yet.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.api import User
from assessments import services
from assessments.constants import LatePolicy, Mode
from assessments.models import Assignment, LogbookEntry, LogbookPlan, Rubric
from lms import timezones
from programmes.models import Enrolment, Programme

from . import programmes as programmes_demo

BUSINESS_RUBRIC = "Rubrik rencana bisnis koperasi"
AD_ART_RUBRIC = "Rubrik draf AD/ART"

RUBRICS = {
    BUSINESS_RUBRIC: [
        {
            "title": "Analisis pasar dan anggota",
            "levels": [
                {
                    "title": "Sangat baik",
                    "points": 30,
                    "descriptor": "Data anggota dan pasar jelas",
                },
                {"title": "Cukup", "points": 20, "descriptor": "Sebagian didukung data"},
                {"title": "Kurang", "points": 10, "descriptor": "Tanpa data"},
            ],
        },
        {
            "title": "Rencana usaha dan keuangan",
            "levels": [
                {"title": "Sangat baik", "points": 40, "descriptor": "Modal, biaya, SHU realistis"},
                {"title": "Cukup", "points": 25, "descriptor": "Sebagian angka belum dihitung"},
                {"title": "Kurang", "points": 10, "descriptor": "Belum ada proyeksi"},
            ],
        },
        {
            "title": "Kelayakan dan langkah tindak lanjut",
            "levels": [
                {
                    "title": "Sangat baik",
                    "points": 30,
                    "descriptor": "Langkah, jadwal, penanggung jawab",
                },
                {"title": "Cukup", "points": 20, "descriptor": "Langkah tanpa jadwal"},
                {"title": "Kurang", "points": 5, "descriptor": "Belum ada"},
            ],
        },
    ],
    AD_ART_RUBRIC: [
        {
            "title": "Kelengkapan pasal (nama, tujuan, keanggotaan, modal, RAT)",
            "levels": [
                {"title": "Lengkap", "points": 50, "descriptor": "Semua pasal wajib ada"},
                {"title": "Sebagian", "points": 30, "descriptor": "Beberapa pasal belum ada"},
            ],
        },
        {
            "title": "Kesesuaian dengan UU Perkoperasian",
            "levels": [
                {"title": "Sesuai", "points": 50, "descriptor": "Tidak ada pasal bertentangan"},
                {"title": "Perlu perbaikan", "points": 25, "descriptor": "Ada pasal perlu diubah"},
            ],
        },
    ],
}

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R"
    b"/Resources<</Font<</F1<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>>>>>>>endobj\n"
    b"4 0 obj<</Length 120>>stream\nBT /F1 18 Tf 60 760 Td (Rencana Bisnis Koperasi Desa) Tj "
    b"0 -30 Td (Usaha: sayuran segar untuk ritel) Tj ET\nendstream endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _instructions(text: str) -> str:
    return f"<p>{text}</p>"


def _rubric(admin, title) -> Rubric:
    rubric = Rubric.objects.filter(title=title).first()
    if rubric is None:
        rubric = services.rubric_create(actor=admin, title=title, criteria=RUBRICS[title])
    return rubric


def _assignment(admin, wave, title, **fields) -> tuple[Assignment, bool]:
    existing = Assignment.objects.filter(wave=wave, title=title).first()
    if existing is not None:
        return existing, False
    return services.assignment_create(actor=admin, wave=wave, title=title, **fields), True


def _at(day: dt.date, hour: int, wave) -> dt.datetime:
    return timezones.aware_in_zone(day, dt.time(hour, 0), wave.time_zone)


def _grade_top(facilitator, submission, rubric, *, feedback, release):
    levels = [c.levels.order_by("-points").first().pk for c in rubric.criteria.all()]
    services.grade_save(
        actor=facilitator,
        submission=submission,
        level_ids=levels,
        feedback=feedback,
        release=release,
    )


@transaction.atomic
def load(stdout=None) -> None:
    admin = User.objects.get(username="admin")
    fasilitator = User.objects.get(username="fasilitator")
    business = _rubric(admin, BUSINESS_RUBRIC)
    ad_art = _rubric(admin, AD_ART_RUBRIC)
    today = timezone.localdate()

    # --- Bimtek: the cooperatives' documents, one per cooperative board -------------------
    bimtek = Programme.objects.get(title=programmes_demo.BIMTEK_TITLE).waves.get(number=1)
    end = bimtek.ends_on
    team = {"mode": Mode.TEAM, "late_policy": LatePolicy.ACCEPT, "max_score": Decimal(100)}
    ad_art_task, new_ad_art = _assignment(
        admin,
        bimtek,
        "Draf AD/ART koperasi",
        instructions=_instructions(
            "Susun draf Anggaran Dasar dan Anggaran Rumah Tangga koperasi bersama pengurus. "
            "Boleh ditulis tangan: fasilitator memotret dan mengunggahnya."
        ),
        due_at=_at(end, 16, bimtek),
        rubric=ad_art,
        allowed_kinds=["pdf", "docx", "odt", "jpeg", "png"],
        **team,
    )
    sop_task, new_sop = _assignment(
        admin,
        bimtek,
        "SOP koperasi",
        instructions=_instructions("Tuliskan SOP simpan pinjam dan pengelolaan kas koperasi."),
        due_at=_at(end, 16, bimtek),
        **team,
    )
    _assignment(
        admin,
        bimtek,
        "Rencana Bisnis koperasi",
        instructions=_instructions("Rencana bisnis satu tahun: usaha, modal, pemasaran, SHU."),
        due_at=_at(end, 16, bimtek),
        rubric=business,
        **team,
    )
    if new_ad_art:
        members = list(
            Enrolment.objects.filter(wave=bimtek)
            .select_related("participant", "organisation")
            .order_by("organisation_id", "pk")[:3]
        )
        if members:
            board = members[0]
            services.submit(
                actor=board.participant,
                assignment=ad_art_task,
                text="Pasal 1 Nama dan tempat kedudukan\nPasal 2 Tujuan koperasi\n"
                "Pasal 3 Keanggotaan\nPasal 4 Modal: simpanan pokok dan wajib",
            )
            submission = ad_art_task.submissions.get(team=board.organisation)
            _grade_top(
                fasilitator,
                submission,
                ad_art,
                feedback="Pasal RAT perlu ditambahkan.",
                release=True,
            )
    if new_sop:
        board = Enrolment.objects.filter(wave=bimtek).order_by("organisation_id", "pk").first()
        if board is not None:
            services.submit(
                actor=board.participant,
                assignment=sop_task,
                text="SOP simpan pinjam: 1. Anggota mengisi formulir. 2. Pengurus memeriksa.",
            )

    # --- Magang wave 1 (the demo trainee "peserta") ------------------------------------------
    magang = Programme.objects.get(title=programmes_demo.MAGANG_TITLE).waves.get(number=1)
    individual = {"mode": Mode.INDIVIDUAL, "late_policy": LatePolicy.FLAG}
    plan, new_plan = _assignment(
        admin,
        magang,
        "Rencana Bisnis koperasi desa",
        instructions=_instructions(
            "Unggah rencana bisnis koperasi desa Anda (PDF, DOCX atau ODT), paling besar 10 MB."
        ),
        due_at=_at(magang.ends_on, 17, magang),
        rubric=business,
        allowed_kinds=["pdf", "docx", "odt"],
        accepts_text=False,
        **individual,
    )
    _assignment(
        admin,
        magang,
        "Rencana tindak lanjut (RTL)",
        instructions=_instructions("Tiga langkah yang akan Anda jalankan setelah magang."),
        due_at=_at(today + dt.timedelta(days=7), 17, magang),
        **individual,
    )
    _assignment(
        admin,
        magang,
        "Refleksi magang",
        instructions=_instructions("Apa yang paling berguna selama magang di Al-Ittifaq?"),
        due_at=_at(today + dt.timedelta(days=1), 17, magang),
        accepts_file=False,
        required_for_certificate=False,
        **individual,
    )
    if new_plan:
        people = list(
            Enrolment.objects.filter(wave=magang)
            .exclude(participant__username="peserta")
            .select_related("participant")
            .order_by("pk")[:2]
        )
        for i, enrolment in enumerate(people):
            version = services.submit(
                actor=enrolment.participant,
                assignment=plan,
                upload=SimpleUploadedFile("rencana-bisnis.pdf", PDF),
            )
            if i == 0:
                _grade_top(
                    fasilitator,
                    version.submission,
                    business,
                    feedback="Rencana jelas; tambahkan jadwal pembelian bibit.",
                    release=True,
                )

    # --- The demo trainee's logbook (on-the-job days at the host cooperative) ---------------
    LogbookPlan.objects.get_or_create(wave=magang, defaults={"planned_hours": Decimal(24)})
    peserta = Enrolment.objects.filter(wave=magang, participant__username="peserta").first()
    if peserta is not None and not LogbookEntry.objects.filter(enrolment=peserta).exists():
        for offset, activity, hours in (
            (3, "Panen dan sortir sayuran di kebun", 7),
            (4, "Mencatat penjualan harian di rumah kemas", 6),
        ):
            services.logbook_record(
                actor=peserta.participant,
                enrolment=peserta,
                day=magang.starts_on + dt.timedelta(days=offset),
                activity=activity,
                place="Kopontren Al-Ittifaq",
                hours=Decimal(hours),
                track="Pertanian dan agribisnis",
            )
    if stdout is not None:
        stdout.write("Tugas, rubrik dan buku harian magang demo siap.")
