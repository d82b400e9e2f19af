"""An editor's preview never reaches trainees: no rendered HTML is shared between a preview and
the live page or across revisions, and image URLs (signed for minutes on S3) are not kept."""

import itertools

import pytest
from django.core.cache import caches
from django.core.files.storage import FileSystemStorage
from django.test import Client
from django.urls import reverse
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from accounts.factories import EditorFactory
from courses import factories
from courses.models import LessonPage

pytestmark = pytest.mark.django_db

QUIZ_QUESTION = "Siapa yang mengesahkan AD/ART?"
DRAFT_TEXT = "Teks draf yang belum diterbitkan."


def quiz_form_value():
    return {
        "question": QUIZ_QUESTION,
        "answers": streamfield(
            [
                ("item", {"text": "Rapat anggota", "is_correct": "on", "feedback": "Tepat."}),
                ("item", {"text": "Ketua saja", "is_correct": "", "feedback": "Bukan."}),
            ]
        ),
    }


def edit_form_data(lesson, body):
    return nested_form_data(
        {
            "title": lesson.title,
            "slug": lesson.slug,
            "summary": lesson.summary,
            "minutes": lesson.minutes,
            "body": streamfield(body),
            "comments": inline_formset([]),
        }
    )


def preview_draft(client, lesson, body):
    """What the editor's preview panel does: post the form, then load the preview."""
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[lesson.pk])
    posted = client.post(url, edit_form_data(lesson, body))
    assert posted.json()["is_valid"], posted.json()
    return client.get(url)


@pytest.fixture
def editor_client(db):
    editor_client = Client()
    editor_client.force_login(EditorFactory())
    return editor_client


@pytest.fixture
def trainee_client(client, enrolled_trainee):
    client.force_login(enrolled_trainee)
    return client


@pytest.fixture
def lesson(course):
    return factories.lessons_of(course)[0]


def test_a_trainee_sees_the_published_text_after_an_editor_previews_a_draft(
    editor_client, trainee_client, lesson
):
    draft = [
        ("heading", "Bagian 1"),
        ("paragraph", rich_text(f"<p>{DRAFT_TEXT}</p>")),
        ("quiz", quiz_form_value()),
    ]
    preview = preview_draft(editor_client, lesson, draft)
    assert DRAFT_TEXT in preview.content.decode()  # the preview did render the draft

    response = trainee_client.get(lesson.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert DRAFT_TEXT not in html
    assert "Pengurus koperasi menyusun AD/ART bersama anggota." in html


def test_a_draft_that_moves_the_quiz_leaves_the_live_lesson_whole(
    editor_client, trainee_client, lesson
):
    live_quiz = next(block for block in lesson.body if block.block_type == "quiz")
    draft = [
        ("quiz", quiz_form_value()),
        ("heading", "Bagian baru"),
        ("paragraph", rich_text(f"<p>{DRAFT_TEXT}</p>")),
    ]
    preview_draft(editor_client, lesson, draft)

    response = trainee_client.get(lesson.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert DRAFT_TEXT not in html
    assert QUIZ_QUESTION in html
    assert f'name="block_id" value="{live_quiz.id}"' in html
    answered = trainee_client.post(
        reverse("courses:quiz-answer", args=[lesson.pk]),
        {"block_id": live_quiz.id, "answer": "0"},
        follow=True,
    )
    assert answered.status_code == 200
    assert "Tepat sekali." in answered.content.decode()


def test_publishing_shows_the_new_text_at_once_after_preview_and_cached_views(
    editor_client, trainee_client, lesson
):
    trainee_client.get(lesson.url)  # the live lesson's blocks are in the cache now
    new_text = "Teks baru yang sudah diterbitkan."
    preview_draft(editor_client, lesson, [("paragraph", rich_text(f"<p>{DRAFT_TEXT}</p>"))])
    lesson = LessonPage.objects.get(pk=lesson.pk)
    lesson.body = [("paragraph", f"<p>{new_text}</p>")]
    lesson.save_revision().publish()

    html = trainee_client.get(lesson.url).content.decode()

    assert new_text in html
    assert DRAFT_TEXT not in html
    assert "Pengurus koperasi" not in html


def test_an_image_url_is_made_afresh_on_every_request(monkeypatch, trainee_client, lesson):
    """On S3 an image URL carries a signature that expires in minutes: it must not be cached."""
    signatures = itertools.count()
    real_url = FileSystemStorage.url
    monkeypatch.setattr(
        FileSystemStorage,
        "url",
        lambda self, name: f"{real_url(self, name)}?signature={next(signatures)}",
    )
    image = Image.objects.create(title="Rapat anggota", file=get_test_image_file())
    lesson.body = [
        ("paragraph", "<p>Sebelum gambar.</p>"),
        ("image", {"image": image, "alt_text": "Rapat", "caption": ""}),
    ]
    lesson.save_revision().publish()

    first = trainee_client.get(lesson.url).content.decode()
    second = trainee_client.get(lesson.url).content.decode()

    assert "?signature=" in first
    assert first.split("?signature=")[1][:3] != second.split("?signature=")[1][:3]


def test_a_preview_of_a_new_lesson_leaves_no_course_in_the_cache_for_others(editor_client):
    """Unsaved pages have no id: a preview of one must not cache anything keyed on it."""
    first_course = factories.course(title="Kursus pertama", modules=1, lessons_per_module=1)
    second_course = factories.course(title="Kursus kedua", modules=1, lessons_per_module=1)
    for course in (first_course, second_course):
        module = course.get_children().first()
        url = reverse(
            "wagtailadmin_pages:preview_on_add", args=["courses", "lessonpage", module.pk]
        )
        data = edit_form_data(
            LessonPage(title="Pelajaran baru", slug="pelajaran-baru", minutes=30),
            [("paragraph", rich_text("<p>Isi pelajaran baru.</p>"))],
        )
        assert editor_client.post(url, data).json()["is_valid"]
        html = editor_client.get(url).content.decode()
        assert course.title in html


def test_a_preview_writes_nothing_to_the_cache_live_pages_read(
    monkeypatch, editor_client, trainee_client, lesson
):
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[lesson.pk])
    body = [("paragraph", rich_text(f"<p>{DRAFT_TEXT}</p>")), ("quiz", quiz_form_value())]
    assert editor_client.post(url, edit_form_data(lesson, body)).json()["is_valid"]
    written = []
    backend = caches["default"]
    for name in ("set", "add", "set_many"):
        real = getattr(backend, name)
        monkeypatch.setattr(
            backend,
            name,
            lambda key, *a, _real=real, **kw: written.append(key) or _real(key, *a, **kw),
        )

    assert DRAFT_TEXT in editor_client.get(url).content.decode()

    # What live pages read of page content: rendered fragments, course structures, the course
    # above a page. (Wagtail's site paths and the editor's own progress may be cached.)
    page_content = ("template.cache.", "courses:body:", "courses:structure:", "courses:course-of:")
    assert [key for key in map(str, written) if key.startswith(page_content)] == []
