"""The demo's public pages in English say everything in English: the home page, the course
catalogue and the translated course's modules; the Indonesian home leads somewhere."""

import pytest

from demo import courses as demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    demo.load()
    demo.load()  # idempotent: a second run changes nothing and adds nothing


def test_the_indonesian_home_has_programmes_catalogue_contact_and_login(client, loaded):
    html = client.get("/").content.decode()
    assert "<h1>Pelatihan Pengurus Koperasi</h1>" in html
    for programme in ("Magang", "Bimbingan teknis (Bimtek)", "Pendampingan"):
        assert f"<h3>{programme}</h3>" in html
    assert '<a class="button" href="/kursus/">Lihat katalog kursus</a>' in html
    assert "Hubungi kami" in html
    assert 'href="/akun/masuk/"' in html
    assert '<meta name="description" content="Pelatihan pengurus koperasi' in html
    assert '<a href="/kursus/">Katalog kursus</a>' in html  # the catalogue in the navigation


def test_the_english_home_and_catalogue_are_in_english(client, loaded):
    home = client.get("/en/").content.decode()
    assert "<h1>Training for Cooperative Boards</h1>" in home
    assert "Apprenticeships, technical-guidance workshops and mentoring" in home
    assert "<h3>Mentoring (pendampingan)</h3>" in home
    assert '<a class="button" href="/en/kursus/">See the course catalogue</a>' in home
    assert "Contact us" in home and "Cooperative Board Training Secretariat" in home
    assert "Pelatihan Pengurus Koperasi" not in home

    catalogue = client.get("/en/kursus/").content.decode()
    assert "<h1>Course catalogue</h1>" in catalogue
    assert "Training modules for cooperative boards in four tracks" in catalogue
    assert '<meta name="description" content="Online courses for cooperative boards' in catalogue
    assert "Katalog kursus" not in catalogue


def test_the_english_modules_have_english_introductions(loaded):
    from courses.models import ModulePage  # noqa: PLC0415

    intros = set(
        ModulePage.objects.filter(locale__language_code="en").values_list("intro", flat=True)
    )
    assert intros == {
        "The founding documents that govern how the cooperative runs.",
        "Setting out how the work is done, so the cooperative's business runs in good order.",
    }
