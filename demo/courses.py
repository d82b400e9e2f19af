"""Demo course catalogue, written in Indonesian from the context articles (Bimtek Koperasi Merah
Putih Warga Binaan at LPKA Bandung, the Al-Ittifaq apprenticeship, the Sulteng entrepreneurship
programme). ``load`` is idempotent: a second run finds everything in place and adds nothing."""

from __future__ import annotations

import io

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.actions.copy_for_translation import CopyPageForTranslationAction
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Page

from .constants import Level
from .models import CourseIndexPage, CoursePage, CurriculumEntry, LessonPage, ModulePage, Track

MAGANG = "Magang Pengurus Koperasi Desa/Kelurahan Merah Putih di Kopontren Al-Ittifaq"
BIMTEK = "Bimtek Pembinaan Koperasi Merah Putih Warga Binaan Jawa Barat"
SULTENG = "Pendampingan Kewirausahaan Warga Binaan Sulawesi Tengah"

ADART_TEMPLATE = """CONTOH ANGGARAN DASAR KOPERASI MERAH PUTIH WARGA BINAAN
(untuk latihan Bimtek; sesuaikan dengan keputusan rapat anggota)

BAB I   Nama, tempat kedudukan dan jangka waktu
BAB II  Landasan, asas dan prinsip koperasi
BAB III Maksud, tujuan dan kegiatan usaha
BAB IV  Keanggotaan: syarat, hak dan kewajiban anggota
BAB V   Rapat anggota (termasuk Rapat Anggota Tahunan/RAT)
BAB VI  Pengurus: susunan, masa jabatan, tugas dan wewenang
BAB VII Pengawas
BAB VIII Modal: simpanan pokok, simpanan wajib, hibah
BAB IX  Sisa hasil usaha (SHU) dan pembagiannya
BAB X   Pembubaran dan ketentuan penutup
"""


def p(text: str) -> tuple[str, str]:
    return ("paragraph", f"<p>{text}</p>")


def callout(kind: str, title: str, text: str) -> tuple[str, dict]:
    return ("callout", {"kind": kind, "title": title, "text": f"<p>{text}</p>"})


def checklist(title: str, items: list[str]) -> tuple[str, dict]:
    return ("checklist", {"title": title, "items": items})


def quiz(question: str, answers: list[tuple[str, bool, str]]) -> tuple[str, dict]:
    return (
        "quiz",
        {
            "question": question,
            "answers": [{"text": t, "is_correct": ok, "feedback": fb} for t, ok, fb in answers],
        },
    )


def courses_spec(adart_doc, chart_image) -> list[dict]:
    return [
        {
            "slug": "menyusun-ad-art-dan-sop-koperasi",
            "title": "Menyusun AD/ART dan SOP Koperasi",
            "track": "tata-kelola",
            "level": Level.BASIC,
            "hours": 8,
            "programmes": [BIMTEK, MAGANG],
            "summary": (
                "Pengurus Koperasi Merah Putih menyusun Anggaran Dasar/Anggaran Rumah Tangga "
                "(AD/ART) dan prosedur operasional standar (SOP) yang profesional, akuntabel "
                "dan berorientasi kemitraan, seperti dalam Bimtek di LPKA Bandung."
            ),
            "outcomes": (
                "<ul><li>Menjelaskan isi pokok AD/ART koperasi.</li>"
                "<li>Menyusun rancangan AD/ART bersama anggota.</li>"
                "<li>Menulis SOP sederhana untuk satu kegiatan usaha.</li></ul>"
            ),
            "modules": [
                {
                    "title": "Anggaran Dasar dan Anggaran Rumah Tangga",
                    "intro": "Dokumen dasar yang mengatur jalannya koperasi.",
                    "lessons": [
                        {
                            "slug": "mengapa-koperasi-memerlukan-ad-art",
                            "title": "Mengapa koperasi memerlukan AD/ART",
                            "body": [
                                ("heading", "AD/ART sebagai aturan main bersama"),
                                p(
                                    "Anggaran Dasar (AD) memuat nama, tempat kedudukan, tujuan, "
                                    "kegiatan usaha, keanggotaan, rapat anggota, pengurus, "
                                    "pengawas, modal dan pembagian sisa hasil usaha. Anggaran "
                                    "Rumah Tangga (ART) menjabarkan AD menjadi aturan yang lebih "
                                    "rinci, misalnya besar simpanan wajib dan tata cara rapat."
                                ),
                                p(
                                    "Kepala Kanwil Ditjenpas Jawa Barat menekankan bahwa Koperasi "
                                    "Merah Putih Warga Binaan harus memiliki standar tata kelola "
                                    "yang profesional, akuntabel dan berorientasi pada kemitraan. "
                                    "AD/ART yang jelas adalah langkah pertama ke arah itu."
                                ),
                                callout(
                                    "info",
                                    "Ingat",
                                    "AD/ART disahkan oleh rapat anggota, bukan oleh ketua atau "
                                    "pembina saja.",
                                ),
                                quiz(
                                    "Siapa yang berwenang mengesahkan AD/ART koperasi?",
                                    [
                                        (
                                            "Rapat anggota",
                                            True,
                                            "Tepat. Rapat anggota adalah "
                                            "pemegang kekuasaan tertinggi dalam koperasi.",
                                        ),
                                        (
                                            "Ketua pengurus",
                                            False,
                                            "Belum tepat. Ketua menjalankan "
                                            "keputusan, bukan mengesahkan AD/ART sendirian.",
                                        ),
                                        (
                                            "Kepala Lapas",
                                            False,
                                            "Belum tepat. Kepala Lapas "
                                            "membina, tetapi koperasi diputuskan oleh anggotanya.",
                                        ),
                                    ],
                                ),
                            ],
                        },
                        {
                            "slug": "menyusun-rancangan-ad-art",
                            "title": "Menyusun rancangan AD/ART bersama anggota",
                            "body": [
                                p(
                                    "Dalam workshop, pengurus dari setiap Lapas dan Rutan bekerja "
                                    "dalam tim: satu koperasi menyusun satu rancangan AD/ART. "
                                    "Unduh contoh kerangka di bawah, lalu isi setiap bab sesuai "
                                    "keadaan koperasi Anda."
                                ),
                                (
                                    "document",
                                    {
                                        "document": adart_doc,
                                        "title": "Contoh kerangka AD/ART koperasi",
                                        "description": "Berkas teks untuk diisi bersama tim.",
                                    },
                                ),
                                checklist(
                                    "Periksa rancangan Anda",
                                    [
                                        "Nama dan tempat kedudukan koperasi tertulis lengkap",
                                        "Tujuan dan kegiatan usaha sesuai potensi anggota",
                                        "Syarat, hak dan kewajiban anggota jelas",
                                        "Masa jabatan pengurus dan pengawas ditetapkan",
                                        "Cara membagi SHU disebutkan",
                                    ],
                                ),
                                callout(
                                    "tip",
                                    "Tips fasilitator",
                                    "Bacakan rancangan di depan anggota sebelum rapat pengesahan "
                                    "agar semua memahami isinya.",
                                ),
                            ],
                        },
                    ],
                },
                {
                    "title": "Prosedur Operasional Standar (SOP)",
                    "intro": "Menata cara kerja agar usaha koperasi berjalan tertib.",
                    "lessons": [
                        {
                            "slug": "apa-itu-sop",
                            "title": "Apa itu SOP dan kapan diperlukan",
                            "body": [
                                p(
                                    "SOP adalah urutan langkah tertulis untuk satu pekerjaan "
                                    "yang berulang: menerima simpanan, mencatat penjualan, "
                                    "menerima barang dari pemasok. SOP membuat pekerjaan tetap "
                                    "sama walaupun petugasnya berganti."
                                ),
                                ("heading", "Bagian-bagian SOP"),
                                checklist(
                                    "Setiap SOP memuat",
                                    [
                                        "Judul dan tujuan",
                                        "Siapa pelaksananya",
                                        "Langkah-langkah berurutan",
                                        "Formulir atau catatan yang dipakai",
                                        "Siapa yang memeriksa",
                                    ],
                                ),
                                quiz(
                                    "Kapan sebuah kegiatan perlu dibuatkan SOP?",
                                    [
                                        (
                                            "Bila kegiatan itu berulang dan dikerjakan beberapa "
                                            "orang",
                                            True,
                                            "Benar. SOP menjaga mutu pekerjaan yang berulang.",
                                        ),
                                        (
                                            "Hanya untuk kegiatan sekali jalan",
                                            False,
                                            "Kegiatan sekali jalan cukup dengan rencana kerja.",
                                        ),
                                    ],
                                ),
                            ],
                        },
                        {
                            "slug": "menulis-sop-penjualan",
                            "title": "Latihan: menulis SOP penjualan harian",
                            "body": [
                                p(
                                    "Tulis SOP penjualan harian unit usaha koperasi Anda, "
                                    "misalnya warung atau konveksi. Mulailah dari membuka kas, "
                                    "mencatat setiap transaksi, hingga menyetor uang dan "
                                    "menandatangani laporan harian."
                                ),
                                callout(
                                    "warning",
                                    "Perhatian",
                                    "Pisahkan tugas pencatat dan pemegang uang bila memungkinkan.",
                                ),
                            ],
                        },
                    ],
                },
            ],
        },
        {
            "slug": "pembukuan-koperasi-dan-shu",
            "title": "Pembukuan Koperasi dan Sisa Hasil Usaha",
            "track": "keuangan",
            "level": Level.BASIC,
            "hours": 6,
            "programmes": [BIMTEK, SULTENG],
            "summary": (
                "Mencatat simpanan anggota, kas dan penjualan, lalu menghitung dan membagi sisa "
                "hasil usaha (SHU) secara terbuka di rapat anggota."
            ),
            "outcomes": (
                "<ul><li>Mengisi buku kas harian dan buku simpanan anggota.</li>"
                "<li>Menghitung SHU dan bagian jasa anggota.</li></ul>"
            ),
            "modules": [
                {
                    "title": "Buku-buku dasar koperasi",
                    "intro": "Catatan yang wajib dimiliki setiap koperasi.",
                    "lessons": [
                        {
                            "slug": "buku-kas-harian",
                            "title": "Buku kas harian",
                            "body": [
                                p(
                                    "Buku kas mencatat setiap uang masuk dan keluar pada hari "
                                    "yang sama, lengkap dengan bukti. Saldo akhir hari harus "
                                    "sama dengan uang tunai yang dihitung."
                                ),
                                (
                                    "image",
                                    {
                                        "image": chart_image,
                                        "alt_text": "Contoh kolom buku kas: tanggal, uraian, "
                                        "masuk, keluar, saldo",
                                        "caption": "Kolom buku kas harian",
                                    },
                                ),
                                checklist(
                                    "Setiap akhir hari",
                                    [
                                        "Jumlahkan kolom masuk dan keluar",
                                        "Hitung uang tunai",
                                        "Cocokkan saldo",
                                        "Paraf pencatat dan bendahara",
                                    ],
                                ),
                            ],
                        },
                        {
                            "slug": "buku-simpanan-anggota",
                            "title": "Buku simpanan anggota",
                            "body": [
                                p(
                                    "Simpanan pokok dibayar sekali saat masuk, simpanan wajib "
                                    "dibayar berkala. Catat atas nama setiap anggota agar "
                                    "bagiannya dalam SHU dapat dihitung."
                                ),
                                quiz(
                                    "Simpanan yang dibayar sekali ketika menjadi anggota disebut?",
                                    [
                                        ("Simpanan pokok", True, "Benar."),
                                        (
                                            "Simpanan wajib",
                                            False,
                                            "Simpanan wajib dibayar "
                                            "berkala, misalnya setiap bulan.",
                                        ),
                                        ("Hibah", False, "Hibah bukan simpanan anggota."),
                                    ],
                                ),
                            ],
                        },
                    ],
                },
                {
                    "title": "Sisa hasil usaha (SHU)",
                    "intro": "Dari laporan laba rugi sederhana sampai pembagian kepada anggota.",
                    "lessons": [
                        {
                            "slug": "menghitung-shu",
                            "title": "Menghitung SHU",
                            "body": [
                                p(
                                    "SHU adalah pendapatan koperasi dalam satu tahun buku "
                                    "dikurangi biaya, penyusutan dan kewajiban lain. SHU dibagi "
                                    "menurut persentase yang ditetapkan AD/ART: cadangan, jasa "
                                    "modal, jasa usaha anggota, dana pengurus dan dana sosial."
                                ),
                                callout(
                                    "info",
                                    "Contoh",
                                    "SHU Rp10.000.000 dengan jasa usaha 30%: Rp3.000.000 dibagi "
                                    "menurut belanja setiap anggota di koperasi.",
                                ),
                            ],
                        },
                    ],
                },
            ],
        },
        {
            "slug": "pemasaran-produk-anggota-dan-kemitraan-ritel",
            "title": "Pemasaran Produk Anggota dan Kemitraan Ritel",
            "track": "pemasaran",
            "level": Level.INTERMEDIATE,
            "hours": 6,
            "programmes": [MAGANG, SULTENG],
            "summary": (
                "Belajar dari Kopontren Al-Ittifaq, Ciwidey: mengelola agribisnis dari hulu ke "
                "hilir dan memasarkan hasil anggota ke jaringan ritel modern."
            ),
            "outcomes": (
                "<ul><li>Memetakan rantai pasok produk anggota.</li>"
                "<li>Menyiapkan produk untuk mitra ritel.</li></ul>"
            ),
            "modules": [
                {
                    "title": "Rantai pasok dari hulu ke hilir",
                    "intro": "Model Al-Ittifaq: produksi, manajemen dan pemasaran terhubung.",
                    "lessons": [
                        {
                            "slug": "belajar-dari-al-ittifaq",
                            "title": "Belajar dari Kopontren Al-Ittifaq",
                            "body": [
                                p(
                                    "Kopontren Al-Ittifaq mengelola agribisnis terpadu mulai "
                                    "dari produksi, manajemen, hingga pemasaran yang terhubung "
                                    "dengan jaringan ritel modern. Peserta magang mempelajari "
                                    "rantai agribisnis dari hulu hingga hilir secara menyeluruh."
                                ),
                                (
                                    "video",
                                    {
                                        "url": "https://www.youtube.com/results?search_query="
                                        "kopontren+al-ittifaq",
                                        "title": "Profil Kopontren Al-Ittifaq (YouTube)",
                                        "duration": "sekitar 10 menit",
                                    },
                                ),
                                checklist(
                                    "Petakan rantai pasok produk Anda",
                                    [
                                        "Siapa petani/produsen",
                                        "Di mana disortir dan dikemas",
                                        "Siapa pembeli",
                                        "Berapa harga di setiap tahap",
                                    ],
                                ),
                            ],
                        },
                    ],
                },
                {
                    "title": "Kemitraan dengan ritel",
                    "intro": "Syarat mutu, kemasan dan kontinuitas pasokan.",
                    "lessons": [
                        {
                            "slug": "syarat-masuk-ritel-modern",
                            "title": "Syarat masuk ritel modern",
                            "body": [
                                p(
                                    "Mitra ritel menuntut mutu yang seragam, kemasan berlabel, "
                                    "jumlah pasokan yang tetap dan pembayaran dengan tempo. "
                                    "Koperasi mengumpulkan hasil anggota agar memenuhi syarat "
                                    "itu bersama-sama."
                                ),
                                quiz(
                                    "Mengapa produk anggota dipasarkan melalui koperasi?",
                                    [
                                        (
                                            "Agar jumlah dan mutu pasokan memenuhi syarat mitra",
                                            True,
                                            "Benar. Koperasi menghimpun pasokan banyak anggota.",
                                        ),
                                        (
                                            "Agar harga dari anggota bisa ditekan",
                                            False,
                                            "Bukan. Koperasi bekerja untuk kesejahteraan anggota.",
                                        ),
                                    ],
                                ),
                            ],
                        },
                    ],
                },
            ],
        },
        {
            "slug": "pembukuan-digital-dan-penjualan-daring",
            "title": "Pembukuan Digital dan Penjualan Daring",
            "track": "transformasi-digital",
            "level": Level.BASIC,
            "hours": 4,
            "programmes": [MAGANG],
            "open": True,
            "summary": (
                "Memindahkan pembukuan koperasi ke aplikasi sederhana dan mulai menjual produk "
                "anggota secara daring dengan aman."
            ),
            "outcomes": (
                "<ul><li>Memilih aplikasi pembukuan yang sesuai.</li>"
                "<li>Membuka etalase daring koperasi.</li></ul>"
            ),
            "modules": [
                {
                    "title": "Pembukuan digital",
                    "intro": "Dari buku tulis ke lembar kerja dan aplikasi.",
                    "lessons": [
                        {
                            "slug": "dari-buku-ke-lembar-kerja",
                            "title": "Dari buku tulis ke lembar kerja",
                            "body": [
                                p(
                                    "Mulailah dengan lembar kerja berkolom sama seperti buku "
                                    "kas. Simpan salinannya setiap minggu di dua tempat."
                                ),
                                callout(
                                    "warning",
                                    "Keamanan data",
                                    "Jangan bagikan kata sandi aplikasi keuangan koperasi lewat "
                                    "pesan berantai.",
                                ),
                            ],
                        },
                    ],
                },
                {
                    "title": "Penjualan daring",
                    "intro": "Etalase daring, foto produk dan pembayaran.",
                    "lessons": [
                        {
                            "slug": "membuka-etalase-daring",
                            "title": "Membuka etalase daring koperasi",
                            "body": [
                                p(
                                    "Pilih satu lokapasar atau media sosial, unggah foto produk "
                                    "yang terang, tulis harga dan berat, dan tentukan siapa "
                                    "yang menjawab pesan pembeli setiap hari."
                                ),
                                checklist(
                                    "Sebelum menayangkan produk",
                                    [
                                        "Foto jelas",
                                        "Harga dan ongkos kirim",
                                        "Stok tersedia",
                                        "Petugas pembalas pesan",
                                    ],
                                ),
                            ],
                        },
                    ],
                },
            ],
        },
    ]


ENGLISH = {
    "menyusun-ad-art-dan-sop-koperasi": {
        "title": "Drafting a Cooperative's Bylaws (AD/ART) and SOPs",
        "summary": (
            "Boards of Koperasi Merah Putih draft their bylaws (AD/ART) and standard operating "
            "procedures so that the cooperative is run professionally and accountably."
        ),
        "outcomes": (
            "<ul><li>Explain what the bylaws contain.</li>"
            "<li>Draft bylaws together with the members.</li>"
            "<li>Write a simple SOP for one business activity.</li></ul>"
        ),
        "pages": {
            "Anggaran Dasar dan Anggaran Rumah Tangga": "Articles and by-laws",
            "Prosedur Operasional Standar (SOP)": "Standard operating procedures (SOP)",
            "mengapa-koperasi-memerlukan-ad-art": (
                "Why a cooperative needs bylaws",
                [
                    ("heading", "Bylaws are the rules everyone agreed on"),
                    p(
                        "The articles (AD) state the cooperative's name, seat, purpose, "
                        "business, membership, general meeting, board, supervisors, capital "
                        "and how the surplus is shared. The by-laws (ART) set out the details."
                    ),
                    callout("info", "Remember", "The members' meeting adopts the bylaws."),
                ],
            ),
            "menyusun-rancangan-ad-art": (
                "Drafting the bylaws with the members",
                [p("Each cooperative's team drafts one set of bylaws during the workshop.")],
            ),
            "apa-itu-sop": (
                "What an SOP is and when you need one",
                [p("An SOP is a written sequence of steps for a recurring task.")],
            ),
            "menulis-sop-penjualan": (
                "Exercise: writing a daily sales SOP",
                [p("Write the daily sales SOP of one of your cooperative's businesses.")],
            ),
        },
    }
}


def _placeholder_png() -> bytes:
    image = PILImage.new("RGB", (640, 240), "white")
    draw = ImageDraw.Draw(image)
    for i, label in enumerate(["Tanggal", "Uraian", "Masuk", "Keluar", "Saldo"]):
        draw.rectangle([10 + i * 124, 10, 130 + i * 124, 230], outline="black")
        draw.text((20 + i * 124, 20), label, fill="black")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _assets():
    Document = get_document_model()
    Image = get_image_model()
    doc = Document.objects.filter(title="Contoh kerangka AD/ART koperasi").first()
    if doc is None:
        doc = Document(title="Contoh kerangka AD/ART koperasi")
        doc.file.save(
            "contoh-ad-art-koperasi.txt", ContentFile(ADART_TEMPLATE.encode()), save=False
        )
        doc.save()
    image = Image.objects.filter(title="Kolom buku kas harian").first()
    if image is None:
        image = Image(
            title="Kolom buku kas harian",
            file=ImageFile(io.BytesIO(_placeholder_png()), name="kolom-buku-kas.png"),
        )
        image.save()
    return doc, image


def _publish(page: Page) -> Page:
    page.save_revision(log_action=False).publish(log_action=False)
    return page


def _catalogue() -> CourseIndexPage:
    HomePage = apps.get_model("cms", "HomePage")
    home = HomePage.objects.filter(locale__language_code="id").first() or HomePage.objects.first()
    existing = CourseIndexPage.objects.child_of(home).first()
    if existing:
        return existing
    return _publish(
        home.add_child(
            instance=CourseIndexPage(
                title="Katalog kursus",
                slug="kursus",
                intro=(
                    "Modul pelatihan pengurus koperasi dalam empat jalur: tata kelola, keuangan, "
                    "pemasaran dan transformasi digital."
                ),
            )
        )
    )


def _course(catalogue: CourseIndexPage, spec: dict) -> tuple[CoursePage, bool]:
    existing = CoursePage.objects.child_of(catalogue).filter(slug=spec["slug"]).first()
    if existing:
        return existing, False
    course = _publish(
        catalogue.add_child(
            instance=CoursePage(
                title=spec["title"],
                slug=spec["slug"],
                track=Track.objects.get(slug=spec["track"]),
                summary=spec["summary"],
                learning_outcomes=spec["outcomes"],
                level=spec["level"],
                lesson_hours=spec["hours"],
                open_to_all_trainees=spec.get("open", False),
            )
        )
    )
    for m, module_spec in enumerate(spec["modules"], start=1):
        module = _publish(
            course.add_child(
                instance=ModulePage(
                    title=module_spec["title"], slug=f"modul-{m}", intro=module_spec["intro"]
                )
            )
        )
        for lesson_spec in module_spec["lessons"]:
            _publish(
                module.add_child(
                    instance=LessonPage(
                        title=lesson_spec["title"],
                        slug=lesson_spec["slug"],
                        minutes=lesson_spec.get("minutes", 45),
                        body=lesson_spec["body"],
                    )
                )
            )
    return course, True


def _translate(course: CoursePage, english: Locale, text: dict) -> bool:
    if course.get_translation_or_none(english) is not None:
        return False
    translated = CopyPageForTranslationAction(
        course, english, copy_parents=True, include_subtree=True
    ).execute(skip_permission_checks=True)
    # Fetch fresh copies: the in-memory copy's tree counters are stale after the subtree copy.
    for page in Page.objects.descendant_of(translated, inclusive=True).specific():
        if isinstance(page, CoursePage):
            page.title = text["title"]
            page.summary = text["summary"]
            page.learning_outcomes = text["outcomes"]
        elif isinstance(page, ModulePage):
            page.title = text["pages"].get(page.title, page.title)
        elif isinstance(page, LessonPage) and page.slug in text["pages"]:
            page.title, page.body = text["pages"][page.slug]
        _publish(page)
    return True


@transaction.atomic
def load(*, stdout=None) -> None:
    """Create the catalogue, four courses (one per track), an English translation of the
    governance course, and link the courses to the demo programmes that exist."""

    def say(message: str) -> None:
        if stdout is not None:
            stdout.write(message)

    adart_doc, chart_image = _assets()
    catalogue = _catalogue()
    Programme = apps.get_model("programmes", "Programme")
    english, _created = Locale.objects.get_or_create(language_code="en")
    created = linked = 0
    for spec in courses_spec(adart_doc, chart_image):
        course, is_new = _course(catalogue, spec)
        created += is_new
        for order, title in enumerate(spec["programmes"]):
            for programme in Programme.objects.filter(title=title):
                _entry, is_new_link = CurriculumEntry.objects.get_or_create(
                    programme=programme,
                    wave=None,
                    course=course,
                    defaults={"sort_order": order},
                )
                linked += is_new_link
        if spec["slug"] in ENGLISH and _translate(course, english, ENGLISH[spec["slug"]]):
            say(f"Terjemahan bahasa Inggris dibuat: {spec['title']}")
    say(f"Kursus: {created} dibuat, {linked} tautan kurikulum baru.")
