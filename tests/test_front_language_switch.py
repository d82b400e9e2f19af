"""The language switch goes both ways: the same page in the other language, the nearest
translated page with a note where a page has none (never a 404), and the same address under
the other prefix for pages that are not Wagtail pages."""

from urllib.parse import urlencode

import pytest
from django.conf import settings
from wagtail.actions.copy_for_translation import CopyPageForTranslationAction
from wagtail.models import Locale, Page

from courses import factories

pytestmark = pytest.mark.django_db


def switch(client, language, next_path):
    return client.get(f"/bahasa/{language}/?{urlencode({'next': next_path})}")


def translate(page, language="en", **fields):
    locale, _created = Locale.objects.get_or_create(language_code=language)
    copy = CopyPageForTranslationAction(
        page, locale, copy_parents=True, include_subtree=True
    ).execute(skip_permission_checks=True)
    for translated in Page.objects.descendant_of(copy, inclusive=True).specific():
        for name, value in fields.get(translated.pk == copy.pk and "root" or "", {}).items():
            setattr(translated, name, value)
        translated.save_revision(log_action=False).publish(log_action=False)
    return Page.objects.get(pk=copy.pk).specific


@pytest.fixture
def course():
    return factories.course(title="Menyusun AD/ART koperasi", modules=1, lessons_per_module=2)


def test_a_lesson_switches_to_its_translation_and_back(client, course):
    english_course = translate(course, root={"title": "Drafting cooperative by-laws"})
    lesson = factories.lessons_of(course)[1]
    english_lesson = lesson.get_translation(Locale.objects.get(language_code="en"))

    response = switch(client, "en", lesson.url)
    assert response.status_code == 302
    assert response["Location"] == english_lesson.url
    assert english_lesson.url.startswith("/en/")
    assert english_lesson.get_parent().get_parent().pk == english_course.pk

    back = switch(client, "id", english_lesson.url)
    assert back.status_code == 302
    assert back["Location"] == lesson.url
    assert not back["Location"].startswith("/en/")


def test_a_translated_course_page_opens_in_english_with_no_note(client, course):
    translate(course, root={"title": "Drafting cooperative by-laws"})
    response = switch(client, "en", course.url)
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert '<html lang="en">' in html
    assert "<h1>Drafting cooperative by-laws</h1>" in html
    assert "not available in this language" not in html


def test_an_untranslated_course_lands_on_the_nearest_translated_page_with_a_note(client, course):
    translate(course)  # the catalogue and home page now exist in English
    other = factories.course(title="Pembukuan koperasi", slug="pembukuan")
    english_catalogue = factories.catalogue().get_translation(
        Locale.objects.get(language_code="en")
    )

    response = switch(client, "en", other.url)
    assert response.status_code == 302
    assert response["Location"] == english_catalogue.url
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert '<html lang="en">' in html
    assert "That page is not available in this language yet" in html


def test_without_any_translation_the_switch_stays_on_the_page_with_a_note(client, course):
    Locale.objects.get_or_create(language_code="en")
    response = switch(client, "en", course.url)
    assert response.status_code == 302
    assert response["Location"] == course.url
    page = client.get(response["Location"])
    assert page.status_code == 200
    # The note speaks the language the visitor asked for.
    assert "That page is not available in this language yet" in page.content.decode()


def test_pages_that_are_not_wagtail_pages_keep_their_address_under_the_other_prefix(client):
    assert switch(client, "en", "/beranda-saya/?page=2")["Location"] == "/en/beranda-saya/?page=2"
    assert switch(client, "id", "/en/akun/masuk/")["Location"] == "/akun/masuk/"


def test_the_home_page_switches_to_its_translation(client, course):
    translate(course)  # copies the home page and the catalogue to English too
    assert switch(client, "en", "/")["Location"] == "/en/"
    assert switch(client, "id", "/en/")["Location"] == "/"


def test_the_switch_sets_the_language_cookie(client):
    response = switch(client, "en", "/")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_the_switch_never_leaves_the_site(client):
    assert switch(client, "en", "https://evil.example/")["Location"] in ("/", "/en/")
    assert switch(client, "en", "//evil.example/x")["Location"] in ("/", "/en/")


def test_an_unknown_language_is_a_404(client):
    assert client.get("/bahasa/fr/?next=/").status_code == 404


def test_the_switch_is_a_get_link_on_every_page_with_its_address(client, course):
    html = client.get(course.url).content.decode()
    assert f'href="/bahasa/en/?{urlencode({"next": course.url})}"' in html
    assert 'hreflang="en"' in html
    assert "<summary>Menu</summary>" in html
