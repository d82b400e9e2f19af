"""The public verification page, the lookup, throttled guessing, and the holder's download."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from accounts.factories import AdminFactory, FacilitatorFactory, StaffFactory, TraineeFactory
from certificates import services, tasks
from certificates.factories import wave_with_participants
from organisations.factories import OrganisationFactory, province

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def one(**kw):
    admin = AdminFactory()
    _, (enrolment,) = wave_with_participants(1, admin=admin, **kw)
    return admin, services.issue(actor=admin, enrolment=enrolment)


def test_valid_certificate_page_without_login(client):
    _, cert = one()
    response = client.get(reverse("certificates:verify", args=[cert.verification_code]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sah dan berlaku" in html
    assert cert.content["name"] in html and cert.content["programme"] in html
    assert cert.serial in html and cert.content["issuer"]["name"] in html
    assert '<meta name="description"' in html and 'property="og:title"' in html
    assert "<script" not in html
    assert len(response.content) < 12_000  # light: no script, one small stylesheet


def test_revoked_shows_reason_and_date(client):
    admin, cert = one()
    services.revoke(actor=admin, certificate=cert, reason="Data kehadiran tidak benar")
    html = client.get(reverse("certificates:verify", args=[cert.verification_code])).content
    html = html.decode()
    assert "Dicabut" in html and "Data kehadiran tidak benar" in html
    assert "Sah dan berlaku" not in html


def test_superseded_points_to_the_new_version(client):
    admin, cert = one()
    new = services.reissue(actor=admin, certificate=cert, reason="Nama diperbaiki")
    html = client.get(reverse("certificates:verify", args=[cert.verification_code])).content
    html = html.decode()
    assert "Digantikan versi baru" in html and new.serial in html
    assert "Sah dan berlaku" not in html


def test_wrong_code_is_a_plain_not_found(client):
    one()
    response = client.get(reverse("certificates:verify", args=["AAAAAAAAAAAAAAAAAAAA"]))
    assert response.status_code == 404
    html = response.content.decode()
    assert "Tidak ditemukan" in html
    for word in ("Dicabut", "Penerbit", "Program"):
        assert word not in html


def test_lookup_by_serial_or_code(client):
    _, cert = one()
    url = reverse("certificates:lookup")
    assert client.get(url).status_code == 200
    target = reverse("certificates:verify", args=[cert.verification_code])
    assert client.get(url, {"q": cert.serial}).url == target
    assert client.get(url, {"q": cert.verification_code.lower()}).url == target
    assert client.get(url, {"q": "SALAH/2026/1/0001"}).status_code == 404


def test_guessing_is_throttled_per_address(client, settings):
    settings.CERTIFICATES_LOOKUP_FAILURES = 3
    _, cert = one()
    for _ in range(3):
        assert client.get(reverse("certificates:verify", args=["X" * 20])).status_code == 404
    blocked = client.get(reverse("certificates:verify", args=[cert.verification_code]))
    assert blocked.status_code == 429
    assert client.get(reverse("certificates:lookup"), {"q": cert.serial}).status_code == 429
    # another address is not affected
    other = client.get(
        reverse("certificates:verify", args=[cert.verification_code]), REMOTE_ADDR="10.0.0.9"
    )
    assert other.status_code == 200


def test_download_by_holder_staff_in_scope_and_wave_facilitator_only(client):
    org = OrganisationFactory(province=province("32"))
    admin = AdminFactory()
    wave, (enrolment,) = wave_with_participants(1, admin=admin, organisation=org)
    cert = services.issue(actor=admin, enrolment=enrolment)
    tasks.render_certificate(cert.pk)
    url = reverse("certificates:download", args=[cert.pk])
    assert client.get(url).status_code == 302  # login first
    from programmes.models import FacilitatorAssignment

    facilitator = FacilitatorFactory()
    FacilitatorAssignment.objects.create(wave=wave, facilitator=facilitator)
    for user, status in [
        (enrolment.participant, 200),
        (StaffFactory(scope_province=province("32")), 200),
        (facilitator, 200),
        (TraineeFactory(), 404),
        (FacilitatorFactory(), 404),
        (StaffFactory(scope_province=province("72")), 404),
    ]:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == status, user
        if status == 200:
            assert response["Content-Type"] == "application/pdf"
            assert b"".join(response.streaming_content)[:5] == b"%PDF-"


def test_credential_guessing_is_throttled_too(client, settings):
    settings.CERTIFICATES_LOOKUP_FAILURES = 2
    _, cert = one()
    for _ in range(2):
        assert client.get(reverse("certificates:badge", args=["Y" * 20])).status_code == 404
    url = reverse("certificates:badge", args=[cert.verification_code])
    assert client.get(url).status_code == 429
