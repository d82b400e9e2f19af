"""The site shell: the header menu (navigation from "show in menus", account links and the
language switch folded in a <details> that works without JavaScript), the icon, meta
descriptions, and the home page's parts editors fill in."""

import re

import pytest
from wagtail.models import Page, Site

from cms.models import HomePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def home():
    return Site.objects.get(is_default_site=True).root_page.specific


def test_the_menu_needs_no_javascript(client):
    html = client.get("/").content.decode()
    assert '<details class="site-menu">' in html
    assert "<summary>Menu</summary>" in html
    assert 'href="/akun/masuk/"' in html
    assert re.search(r'<a href="/bahasa/en/\?next=%2F" lang="en" hreflang="en"', html)
    assert "<script" not in html
    assert "style=" not in html


def test_the_navigation_lists_pages_shown_in_menus_below_home(client, home):
    home.add_child(instance=Page(title="Tentang program", slug="tentang", show_in_menus=True))
    home.add_child(instance=Page(title="Tersembunyi", slug="tersembunyi", show_in_menus=False))
    html = client.get("/").content.decode()
    assert '<a href="/tentang/">Tentang program</a>' in html
    assert "Tersembunyi" not in html
    # The section of the current address is marked (here on a page of the site's own layout).
    inside = client.get("/tentang/tidak-ada/").content.decode()
    assert '<a href="/tentang/" aria-current="page">Tentang program</a>' in inside


def test_a_signed_in_user_sees_their_home_and_account_links(client, django_user_model):
    from accounts.factories import TraineeFactory  # noqa: PLC0415

    client.force_login(TraineeFactory(full_name="Siti Aminah"))
    html = client.get("/").content.decode()
    assert '<a href="/beranda-saya/">Beranda saya</a>' in html
    assert "Ganti kata sandi" in html
    assert 'action="/akun/keluar/"' in html
    assert "Sandi" not in html.replace("kata sandi", "")


def test_the_icon_is_served_by_the_app(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].endswith("cms/favicon.ico")
    html = client.get("/").content.decode()
    assert 'rel="icon" href="/static/cms/favicon.svg" type="image/svg+xml"' in html
    assert 'rel="icon" href="/static/cms/favicon-32.png"' in html


def test_meta_description_from_the_search_description_else_the_intro(client, home):
    home.search_description = "Pelatihan pengurus koperasi: magang, Bimtek, pendampingan."
    home.save_revision().publish()
    html = client.get("/").content.decode()
    assert (
        '<meta name="description" content="Pelatihan pengurus koperasi: magang, Bimtek, '
        'pendampingan.">' in html
    )
    home.search_description = ""
    home.intro = "Magang dan bimbingan teknis."
    home.save_revision().publish()
    assert '<meta name="description" content="Magang dan bimbingan teknis.">' in (
        client.get("/").content.decode()
    )


def test_the_home_page_shows_what_editors_fill_in(client, home):
    catalogue = home.add_child(instance=Page(title="Katalog", slug="katalog"))
    home = HomePage.objects.get(pk=home.pk)
    home.programmes = [
        ("programme", {"title": "Magang", "text": "Belajar langsung di koperasi."}),
        ("programme", {"title": "Pendampingan", "text": "Pendamping berkunjung."}),
    ]
    home.catalogue_page = catalogue
    home.contact = "<p>Sekretariat pelatihan, telepon (021) 000-0000</p>"
    home.save_revision().publish()
    html = client.get("/").content.decode()
    assert '<h2 id="programmes-heading">Program pelatihan</h2>' in html
    assert "<h3>Magang</h3><p>Belajar langsung di koperasi.</p>" in html
    assert '<a class="button" href="/katalog/">Lihat katalog kursus</a>' in html
    assert "Sekretariat pelatihan, telepon (021) 000-0000" in html
    assert "Masuk untuk mulai belajar" in html
