"""The admin speaks Indonesian: the main screens staff and editors use, rendered in ``id``,
hold no English strings beyond a short allow-list (``tests/admin_english.py`` says what counts
as English); the project's catalogue (locale/id) fills Wagtail's gaps and names the snippets
menu in the staff's words; trainees and facilitators who open the admin go to their own home.
"""

import pytest
from django.urls import reverse

from accounts.factories import (
    AdminFactory,
    EditorFactory,
    FacilitatorFactory,
    StaffFactory,
    TraineeFactory,
)
from organisations.factories import OrganisationFactory, province
from programmes.factories import WaveFactory, enrol

from .admin_english import english_strings, is_english

pytestmark = pytest.mark.django_db

# What Wagtail writes without a translatable string: a model field's default label on the
# account page ("Updated comments notifications"). Proper nouns are allowed in admin_english.
KNOWN_GAPS = {"Updated comments notifications"}


@pytest.fixture
def data():
    jabar = province("32")
    unit = OrganisationFactory(province=jabar)
    wave = WaveFactory(host_site=unit)
    participant = TraineeFactory(organisation=unit)
    enrolment = enrol(wave, participant)
    return {"wave": wave, "participant": participant, "enrolment": enrolment}


EDITOR_SCREENS = [
    "/admin/",
    "/admin/pages/",
    "/admin/snippets/",
    "/admin/images/",
    "/admin/account/",
]


def _screens(data):
    return [
        "/admin/",
        "/admin/programmes/",
        "/admin/waves/",
        "/admin/enrolments/",
        "/admin/participants/",
        "/admin/organisations/",
        "/admin/audit/",
        reverse("waves:edit", args=[data["wave"].pk]),
        reverse("participants:edit", args=[data["participant"].pk]),
        reverse("enrolments:edit", args=[data["enrolment"].pk]),
        reverse("participants:bulk_create"),
        reverse("participants:add"),
        reverse("participants:code_issue", args=[data["participant"].pk]),
        "/admin/pages/",
        "/admin/snippets/",
        "/admin/account/",
    ]


def _english_left(client, urls):
    left = {}
    for url in urls:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="id", follow=True)
        assert response.status_code == 200, url
        for text in english_strings(response.content.decode()):
            if text not in KNOWN_GAPS:
                left.setdefault(text, url)
    return left


@pytest.mark.parametrize(
    "factory",
    [
        pytest.param(lambda: StaffFactory(), id="national-staff"),
        pytest.param(lambda: StaffFactory(scope_province=province("32")), id="regional-staff"),
        pytest.param(AdminFactory, id="administrator"),
    ],
)
def test_main_admin_screens_have_no_english_left(client, data, factory):
    user = factory()
    client.force_login(user)
    urls = _screens(data)
    if user.is_superuser:
        urls += ["/admin/users/", "/admin/users/new/", "/admin/reports/site-history/"]
    left = _english_left(client, urls)
    assert not left, "English on the admin screens:\n" + "\n".join(
        f"  {text!r} ({url})" for text, url in sorted(left.items())
    )


def test_the_editors_screens_have_no_english_left(client):
    client.force_login(EditorFactory())
    urls = EDITOR_SCREENS
    left = _english_left(client, urls)
    assert not left, "English on the admin screens:\n" + "\n".join(
        f"  {text!r} ({url})" for text, url in sorted(left.items())
    )


def test_the_admin_login_page_has_no_english_left(client):
    html = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert english_strings(html) == []
    assert "Kata sandi" in html and "Lupa kata sandi?" in html


def test_the_detector_finds_english():
    """The check would fail on a new English string (a test that cannot fail is a defect)."""
    assert english_strings("<p>Collapse all</p><input placeholder='Search…'>") == [
        "Collapse all",
        "Search…",
    ]
    assert is_english("More options for 'Siti'")
    assert not is_english("Gelombang 1 · Jawa Barat · America/New_York")
    assert is_english("America/New_York: Show filters")
    assert not is_english("Status")


def test_the_menus_are_named_in_the_staffs_words(client):
    client.force_login(AdminFactory())
    html = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "Potongan" not in html
    assert "Data pendukung" in html
    for words in ("Bantuan", "Laporan", "Cari", "Program pelatihan"):
        assert words in html, words


def test_the_admin_scripts_speak_indonesian(client):
    client.force_login(StaffFactory())
    js = client.get("/admin/jsi18n/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "Tutup semua" in js and "Buka semua" in js  # "Collapse all", "Expand all"


@pytest.mark.parametrize("factory", [TraineeFactory, FacilitatorFactory])
def test_trainees_and_facilitators_are_sent_to_their_own_home(client, factory):
    client.force_login(factory())
    response = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="id")
    login = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="id")
    assert login.status_code == 302 and login["Location"] == reverse("portal:my-home")
    stored = [str(m) for m in login.wsgi_request._messages._queued_messages]
    assert stored == [
        "Halaman admin hanya untuk staf program dan editor. Ini beranda Anda: semua yang Anda "
        "perlukan ada di sini."
    ]
    page = client.get(reverse("accounts:password_change"), HTTP_ACCEPT_LANGUAGE="id")
    html = page.content.decode()
    assert "Halaman admin hanya untuk staf program" in html
    assert "permission" not in html and "izin untuk mengakses" not in html


def test_staff_still_reach_the_admin_login_when_signed_out(client):
    response = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()
