"""A document used by a lesson downloads only for those who may open one of its lessons."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from accounts.factories import TraineeFactory
from courses import factories

pytestmark = pytest.mark.django_db


def make_document(title="AD-ART contoh"):
    document = Document(title=title)
    document.file.save("ad-art-contoh.pdf", ContentFile(b"%PDF-1.4 contoh"), save=False)
    document.save()
    return document


@pytest.fixture
def lesson(course):
    return factories.lessons_of(course)[0]


@pytest.fixture
def block_document(lesson):
    document = make_document()
    lesson.body = [
        *lesson.body.raw_data,
        {"type": "document", "value": {"document": document.pk, "title": "", "description": ""}},
    ]
    lesson.save_revision().publish()
    return document


@pytest.fixture
def linked_document(lesson):
    document = make_document("Tautan di teks")
    link = f'<p>Unduh <a linktype="document" id="{document.pk}">contoh</a>.</p>'
    lesson.body = [("paragraph", link)]
    lesson.save_revision().publish()
    return document


def test_an_anonymous_visitor_is_sent_to_log_in_for_a_lesson_document(client, block_document):
    response = client.get(block_document.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/akun/masuk/")


def test_a_trainee_not_in_the_course_is_refused_a_lesson_document(client, block_document):
    client.force_login(TraineeFactory())
    assert client.get(block_document.url).status_code == 403


def test_an_enrolled_trainee_downloads_a_lesson_document(client, enrolled_trainee, block_document):
    client.force_login(enrolled_trainee)
    response = client.get(block_document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 contoh"


def test_a_document_linked_in_lesson_text_is_protected_too(
    client, enrolled_trainee, linked_document
):
    assert client.get(linked_document.url).status_code == 302
    client.force_login(TraineeFactory())
    assert client.get(linked_document.url).status_code == 403
    client.force_login(enrolled_trainee)
    assert client.get(linked_document.url).status_code == 200


def test_a_document_used_by_no_lesson_keeps_wagtails_default(client, course):
    document = make_document("Brosur umum")
    assert client.get(document.url).status_code == 200
