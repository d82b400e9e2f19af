"""No certificate, verification page or credential of an inmate names a prison, a correctional
unit or office: the issuer is neutral, and nothing else about the place is stated."""

import io
import json

import pytest
from django.urls import reverse
from pypdf import PdfReader

from accounts.factories import AdminFactory, TraineeFactory
from certificates import badges, issuer, services, tasks
from certificates.factories import open_programme
from organisations.constants import OrganisationKind
from organisations.factories import OrganisationFactory, province
from programmes.factories import WaveFactory, enrol

pytestmark = pytest.mark.django_db

SECRET_NAMES = [
    "Kantor Wilayah Ditjenpas Sulteng",
    "Lapas Kelas IIA Palu",
    "Koperasi Warga Binaan Sejahtera",
    "Aula Lapas",
    "Pemasyarakatan",
    "Lapas",
]


@pytest.fixture
def inmate_certificate():
    sulteng = province("72")
    ministry = OrganisationFactory(
        name="Kementerian Koperasi Republik Indonesia", kind=OrganisationKind.MINISTRY
    )
    office = OrganisationFactory(
        name="Kantor Wilayah Ditjenpas Sulteng",
        kind=OrganisationKind.REGIONAL_OFFICE,
        province=sulteng,
        parent=ministry,
    )
    lapas = OrganisationFactory(
        name="Lapas Kelas IIA Palu", kind=OrganisationKind.LAPAS, province=sulteng, parent=office
    )
    coop = OrganisationFactory(
        name="Koperasi Warga Binaan Sejahtera",
        kind=OrganisationKind.INMATES_COOPERATIVE,
        province=sulteng,
        parent=lapas,
    )
    admin = AdminFactory()
    programme = open_programme(title="Pelatihan Vokasi Usaha Koperasi", organiser=office)
    wave = WaveFactory(programme=programme, host_site=lapas, venue="Aula Lapas Palu")
    enrolment = enrol(wave, TraineeFactory(full_name="Andi", organisation=coop), actor=admin)
    cert = services.issue(actor=admin, enrolment=enrolment)
    tasks.render_certificate(cert.pk)
    cert.refresh_from_db()
    return cert, ministry


def assert_clean(text: str):
    for name in SECRET_NAMES:
        assert name.lower() not in text.lower(), name


def test_the_default_issuer_of_an_inmates_programme_is_neutral(inmate_certificate):
    cert, ministry = inmate_certificate
    assert cert.issuer == ministry
    assert cert.content["issuer"]["name"] == ministry.name
    assert issuer.is_correctional(cert.enrolment.wave.programme.organiser)


def test_pdf_names_no_prison(inmate_certificate):
    cert, _ = inmate_certificate
    text = PdfReader(io.BytesIO(cert.pdf.read())).pages[0].extract_text()
    assert "Andi" in text  # a single name is a whole name
    assert_clean(text)
    assert_clean(json.dumps(cert.content))


def test_verification_page_names_no_prison(client, inmate_certificate):
    cert, ministry = inmate_certificate
    html = client.get(reverse("certificates:verify", args=[cert.verification_code])).content
    html = html.decode()
    assert ministry.name in html
    assert_clean(html)


def test_credential_and_status_list_name_no_prison(client, inmate_certificate):
    cert, _ = inmate_certificate
    assert_clean(json.dumps(badges.credential(cert)))
    jwt = client.get(reverse("certificates:badge", args=[cert.verification_code])).content
    import base64

    payload = jwt.decode().split(".")[1]
    payload += "=" * (-len(payload) % 4)
    assert_clean(base64.urlsafe_b64decode(payload).decode())
    profile = client.get(reverse("certificates:issuer", args=[cert.issuer_id])).content.decode()
    assert_clean(profile)


def test_an_issuer_setting_that_names_a_prison_falls_back_to_neutral():
    office = OrganisationFactory(name="Rutan Kelas I Uji", kind=OrganisationKind.RUTAN)
    ministry = OrganisationFactory(name="Kementerian Uji", kind=OrganisationKind.MINISTRY)
    programme = open_programme(organiser=ministry)

    class Settings:
        issuer_id = office.pk
        issuer = office

    assert issuer.issuer_for(programme, Settings()) == ministry


def _inmates_programme(title):
    sulteng = province("72")
    ministry = OrganisationFactory(
        name="Kementerian Koperasi Republik Indonesia", kind=OrganisationKind.MINISTRY
    )
    lapas = OrganisationFactory(
        name="Lapas Kelas IIA Palu", kind=OrganisationKind.LAPAS, province=sulteng
    )
    coop = OrganisationFactory(
        name="Koperasi Sejahtera Palu", kind=OrganisationKind.INMATES_COOPERATIVE, parent=lapas
    )
    admin = AdminFactory()
    programme = open_programme(title=title, organiser=ministry)
    wave = WaveFactory(programme=programme, host_site=lapas)
    enrolment = enrol(wave, TraineeFactory(full_name="Budi", organisation=coop), actor=admin)
    return admin, programme, enrolment


def test_a_title_that_says_warga_binaan_is_never_printed(client):
    """The demo's own inmates' programmes are titled "... Warga Binaan ...": issuing is refused,
    with the way out, until staff give the certificate a neutral programme name."""
    from django.core.exceptions import ValidationError

    from certificates.models import Certificate

    admin, programme, enrolment = _inmates_programme("Bimtek Koperasi Warga Binaan Sulteng")
    with pytest.raises(ValidationError) as refused:
        services.issue(actor=admin, enrolment=enrolment)
    assert refused.value.code == "programme_name"
    assert not Certificate.objects.exists()
    # Settings without a neutral name are refused too, with the field named.
    with pytest.raises(ValidationError) as unsaved:
        services.settings_save(actor=admin, programme=programme, code="BIM")
    assert "programme_name" in unsaved.value.message_dict

    services.settings_save(
        actor=admin, programme=programme, code="BIM", programme_name="Bimtek Koperasi"
    )
    cert = services.issue(actor=admin, enrolment=enrolment)
    tasks.render_certificate(cert.pk)
    cert.refresh_from_db()
    assert cert.content["programme"] == "Bimtek Koperasi"
    pdf_text = PdfReader(io.BytesIO(cert.pdf.read())).pages[0].extract_text()
    page = client.get(reverse("certificates:verify", args=[cert.verification_code]))
    for text in (pdf_text, page.content.decode(), json.dumps(badges.credential(cert))):
        assert "Bimtek Koperasi" in text
        assert "warga binaan" not in text.lower() and "lapas" not in text.lower()


@pytest.mark.parametrize(
    "changes, signatories, field",
    [
        ({"programme_name": "Pelatihan Warga Binaan"}, None, "programme_name"),
        ({"competencies": "Praktik di bengkel Lapas"}, None, "competencies"),
        ({"title": "Sertifikat Pemasyarakatan"}, None, "title"),
        ({}, [{"name": "Drs. Uji", "position": "Kepala Lapas Kelas IIA Palu"}], None),
    ],
)
def test_printed_text_that_names_a_prison_is_refused(changes, signatories, field):
    from django.core.exceptions import ValidationError

    from certificates.models import CertificateSettings

    admin, programme, _ = _inmates_programme("Pelatihan Koperasi Sulteng")
    with pytest.raises(ValidationError) as refused:
        services.settings_save(
            actor=admin, programme=programme, code="UJI", signatories=signatories, **changes
        )
    if field:
        assert field in refused.value.message_dict
    assert not CertificateSettings.objects.filter(programme=programme, code="UJI").exists()
