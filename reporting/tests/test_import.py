"""Enrolment import: preview per row, every problem named, all-or-nothing, provinces matched as
staff write them, scope."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from accounts.factories import AdminFactory, StaffFactory
from accounts.models import User
from lms.models import AuditEvent
from organisations.factories import OrganisationFactory, province
from programmes.factories import WaveFactory
from programmes.models import Enrolment
from reporting import imports

pytestmark = pytest.mark.django_db

HEADER = ["nama", "koperasi / unit", "provinsi", "jabatan", "telepon", "e-mail"]


def xlsx(rows, header=HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for r in rows:
        sheet.append(r)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def setup():
    jabar_coop = OrganisationFactory(name="Koperasi Sukamaju", province=province("32"))
    sulteng_coop = OrganisationFactory(name="Koperasi Palu Jaya", province=province("72"))
    diy_coop = OrganisationFactory(name="Koperasi Sleman", province=province("34"))
    wave = WaveFactory(capacity=500, host_site=jabar_coop)
    return wave, jabar_coop, sulteng_coop, diy_coop


def good_rows(n, coop="Koperasi Sukamaju", prov="Jawa Barat"):
    return [[f"Peserta Impor {i:03d}", coop, prov, "Anggota pengurus", "", ""] for i in range(n)]


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Jabar", "32"),
        ("Jawa Barat", "32"),
        ("JAWA BARAT", "32"),
        ("Prov. Jawa Barat", "32"),
        ("Provinsi Jawa Barat", "32"),
        ("DIY", "34"),
        ("Sulteng", "72"),
        ("sulawesi tengah", "72"),
    ],
)
def test_provinces_are_matched_as_staff_write_them(written, code):
    lookup = imports.province_lookup()
    assert lookup[imports.province_key(written)].code == code


def test_one_bad_row_among_a_hundred_writes_nothing_and_names_the_row(client, setup):
    wave, *_ = setup
    admin = AdminFactory()
    rows = good_rows(100)
    rows[56][2] = "Jawa Baratt"  # sheet row 58 (header is row 1)
    users_before, audit_before = User.objects.count(), AuditEvent.objects.count()
    client.force_login(admin)
    url = reverse("reporting_import", args=[wave.pk])
    page = client.post(url, {"sheet": SimpleUploadedFile("p.xlsx", xlsx(rows))})
    html = page.content.decode()
    assert page.status_code == 200
    assert "provinsi tidak dikenal: Jawa Baratt" in html
    assert '<td class="num">58</td>' in html
    assert "Daftarkan semua" not in html
    # Confirming without a clean preview does nothing either.
    client.post(url, {"action": "confirm"})
    with pytest.raises(imports.ImportRefused) as refused:
        imports.run(admin, wave, xlsx(rows), "xlsx")
    assert [r.number for r in refused.value.preview.problem_rows] == [58]
    assert User.objects.count() == users_before
    assert AuditEvent.objects.count() == audit_before
    assert not Enrolment.objects.filter(wave=wave).exists()


def test_a_clean_sheet_previews_then_enrols_everyone(client, setup):
    wave, *_ = setup
    client.force_login(AdminFactory())
    url = reverse("reporting_import", args=[wave.pk])
    rows = good_rows(3) + [
        ["Budi", "koperasi palu jaya", "Sulteng", "Ketua", "0812 3456 789", "b@x.id"]
    ]
    html = client.post(url, {"sheet": SimpleUploadedFile("p.xlsx", xlsx(rows))}).content.decode()
    assert "Daftarkan semua" in html
    assert not Enrolment.objects.filter(wave=wave).exists()
    response = client.post(url, {"action": "confirm"})
    assert response.status_code == 302
    enrolments = Enrolment.objects.filter(wave=wave).select_related("participant", "organisation")
    assert enrolments.count() == 4
    budi = enrolments.get(participant__full_name="Budi")
    assert budi.organisation.province.code == "72" and budi.board_position == "ketua"
    assert budi.participant.email == "b@x.id"


def test_problems_are_each_named(setup):
    wave, *_ = setup
    wave.capacity = 4
    wave.save()
    admin = AdminFactory()
    User.objects.filter(pk=admin.pk)  # noqa: B018
    rows = [
        ["Ani", "Koperasi Sukamaju", "Jabar", "", "", ""],
        ["Ani", "Koperasi Sukamaju", "Jabar", "", "", ""],  # duplicate in the sheet
        ["", "Koperasi Sukamaju", "Jabar", "", "", ""],  # no name
        ["Cici", "Koperasi Entah", "Jabar", "", "", ""],  # unknown cooperative
        ["Dodi", "Koperasi Sukamaju", "Jabar", "Raja", "abc", "bukan-email"],
        ["Eka", "Koperasi Sukamaju", "Jabar", "", "", ""],  # over capacity (5th row)
    ]
    result = imports.preview(admin, wave, xlsx(rows), "xlsx")
    problems = {r.number: " | ".join(r.problems) for r in result.rows}
    assert "sama dengan baris 2" in problems[3]
    assert "nama kosong" in problems[4]
    assert "tidak ditemukan" in problems[5]
    assert "jabatan tidak dikenal" in problems[6]
    assert "telepon" in problems[6] and "e-mail" in problems[6]
    assert "kapasitas" in problems[7]
    assert not result.ok


def test_existing_people_are_duplicates(setup):
    wave, jabar_coop, *_ = setup
    admin = AdminFactory()
    assert imports.run(admin, wave, xlsx(good_rows(2)), "xlsx")
    other = WaveFactory(capacity=100, host_site=jabar_coop)
    result = imports.preview(admin, other, xlsx(good_rows(2)), "xlsx")
    assert all("sudah terdaftar" in " ".join(r.problems) for r in result.rows)


def test_csv_sheet_and_template(client, setup):
    wave, *_ = setup
    admin = AdminFactory()
    text = (
        "nama,koperasi / unit,provinsi,jabatan,telepon,e-mail\n"
        "Rina,Koperasi Sukamaju,JAWA BARAT,,,\n"
    )
    result = imports.preview(admin, wave, text.encode(), "csv")
    assert result.ok
    client.force_login(admin)
    response = client.get(reverse("reporting_import_template", args=[wave.pk]))
    content = b"".join(response.streaming_content) if response.streaming else response.content
    header = next(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert list(header) == HEADER


def test_regional_staff_cannot_import_people_of_another_region(client, setup):
    wave, *_ = setup
    jabar = StaffFactory(scope_province=province("32"))
    rows = [["Budi", "Koperasi Palu Jaya", "Sulteng", "", "", ""]]
    result = imports.preview(jabar, wave, xlsx(rows), "xlsx")
    assert not result.ok and "di luar wilayah" in result.rows[0].problems[0]
    bali = StaffFactory(scope_province=province("51"))
    client.force_login(bali)
    url = reverse("reporting_import", args=[wave.pk])
    response = client.post(url, {"sheet": SimpleUploadedFile("p.xlsx", xlsx(good_rows(1)))})
    assert response.status_code == 404
    assert not Enrolment.objects.filter(wave=wave).exists()
