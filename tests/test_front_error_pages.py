"""Error pages in the site's layout and the visitor's language, with DEBUG off: what happened,
what to do next, the way home. The 500 page needs neither the database nor the session."""

import pytest
from django.test import RequestFactory, override_settings
from django.utils import translation

from accounts.factories import TraineeFactory
from cms import views
from courses import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("debug_off")]


@pytest.fixture
def debug_off():
    with override_settings(DEBUG=False):
        yield


def assert_site_page(response, status, language):
    html = response.content.decode()
    assert response.status_code == status
    assert f'<html lang="{language}">' in html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert '<header class="site-header">' in html
    assert 'class="brand"' in html
    return html


def test_404_in_indonesian(client):
    html = assert_site_page(client.get("/tidak-ada/"), 404, "id")
    assert "Halaman tidak ditemukan" in html
    assert "Apa yang bisa Anda lakukan" in html
    assert '<a href="/">Kembali ke beranda</a>' in html


def test_404_in_english_under_en(client):
    html = assert_site_page(client.get("/en/no-such-page/"), 404, "en")
    assert "Page not found" in html
    assert '<a href="/en/">Back to the home page</a>' in html


def _forbidden_lesson_url():
    course = factories.course()
    return factories.lessons_of(course)[0].url


def test_403_in_indonesian_for_a_trainee_outside_the_course(client):
    url = _forbidden_lesson_url()
    trainee = TraineeFactory()
    client.force_login(trainee)
    html = assert_site_page(client.get(url), 403, "id")
    assert "Anda tidak memiliki akses ke halaman ini" in html
    assert "Beranda saya" in html  # the trainee's own navigation is there


def test_403_in_english(client):
    course = factories.course()
    from wagtail.actions.copy_for_translation import CopyPageForTranslationAction  # noqa: PLC0415
    from wagtail.models import Locale, Page  # noqa: PLC0415

    locale, _created = Locale.objects.get_or_create(language_code="en")
    copy = CopyPageForTranslationAction(
        course, locale, copy_parents=True, include_subtree=True
    ).execute(skip_permission_checks=True)
    for page in Page.objects.descendant_of(copy, inclusive=True).specific():
        page.save_revision(log_action=False).publish(log_action=False)
    lesson = factories.lessons_of(Page.objects.get(pk=copy.pk).specific)[0]
    trainee = TraineeFactory()
    client.force_login(trainee)
    html = assert_site_page(client.get(lesson.url), 403, "en")
    assert "You do not have access to this page" in html


def test_csrf_failure_in_the_site_layout(client):
    trainee = TraineeFactory()
    client.force_login(trainee)
    client.handler.enforce_csrf_checks = True
    html = assert_site_page(client.post("/akun/keluar/"), 403, "id")
    assert "Formulir ini sudah kedaluwarsa" in html
    html = assert_site_page(client.post("/en/akun/keluar/"), 403, "en")
    assert "This form has expired" in html


@override_settings(ALLOWED_HOSTS=["testserver"])
def test_400_for_a_host_the_site_does_not_serve(client):
    html = assert_site_page(client.get("/", HTTP_HOST="evil.example"), 400, "id")
    assert "Permintaan tidak dapat diproses" in html


@pytest.fixture
def broken_home(monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("broken on purpose")

    monkeypatch.setattr("portal.views.home_panels", boom)


@pytest.mark.usefixtures("broken_home")
@pytest.mark.parametrize(
    ("url", "language", "text"),
    [
        ("/beranda-saya/", "id", "Terjadi kesalahan di server kami"),
        ("/en/beranda-saya/", "en", "Something went wrong on our server"),
    ],
)
def test_500_in_the_visitors_language(client, url, language, text):
    trainee = TraineeFactory()
    client.force_login(trainee)
    client.raise_request_exception = False
    html = assert_site_page(client.get(url), 500, language)
    assert text in html
    home = "/en/" if language == "en" else "/"
    assert f'href="{home}"' in html


def test_the_500_page_reads_no_database(django_assert_num_queries):
    request = RequestFactory().get("/")
    with translation.override("id"), django_assert_num_queries(0):
        response = views.server_error(request)
    assert response.status_code == 500
    assert "Terjadi kesalahan" in response.content.decode()


def test_the_project_routes_errors_to_these_views():
    from lms import urls  # noqa: PLC0415

    assert urls.handler400 == "cms.views.bad_request"
    assert urls.handler403 == "cms.views.permission_denied"
    assert urls.handler404 == "cms.views.page_not_found"
    assert urls.handler500 == "cms.views.server_error"


@pytest.mark.parametrize(
    "login, language, words",
    [
        ("/akun/masuk/", "id", "Terlalu banyak percobaan masuk"),
        ("/en/akun/masuk/", "en", "Too many login attempts"),
    ],
)
def test_the_login_lockout_in_the_site_layout_and_language(client, login, language, words):
    user = TraineeFactory()
    for _attempt in range(5):
        client.post(login, {"username": user.username, "password": "salah"})
    html = assert_site_page(
        client.post(login, {"username": user.username, "password": "salah"}), 429, language
    )
    assert words in html
    assert 'href="/' in html  # the header's way home
