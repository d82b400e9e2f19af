import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.factories import StaffFactory, TraineeFactory
from assessments import services
from assessments.constants import LatePolicy, SubmissionStatus
from assessments.factories import PDF_BYTES, pdf_upload
from assessments.models import Grade, Submission, SubmissionVersion
from organisations.factories import OrganisationFactory, province
from programmes.factories import enrol

pytestmark = pytest.mark.django_db


def _team_submission(world, text="AD/ART koperasi A", upload=None):
    services.submit(actor=world.a1, assignment=world.team, text=text, upload=upload)
    return Submission.objects.get(assignment=world.team, team=world.coop_a)


# --- Trainee pages ----------------------------------------------------------------------------


def test_my_assignments_shows_due_in_the_wave_zone_and_status(client, world):
    world.wave.time_zone = "Asia/Jayapura"
    world.wave.save()
    world.individual.due_at = dt.datetime(2026, 11, 25, 0, 0, tzinfo=dt.UTC)
    world.individual.save()
    _team_submission(world)
    client.force_login(world.a2)
    html = client.get(reverse("assessments:mine")).content.decode()
    assert "25 Nov 2026 09:00 WIT" in html
    assert "Draf AD/ART" in html and "Dikumpulkan" in html
    assert "Refleksi" not in html  # another wave's assignment


def test_submit_page_post_text_and_file(client, world):
    client.force_login(world.a1)
    url = reverse("assessments:submit", args=[world.individual.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"action": "submit", "text": "Rencana bisnis kami", "file": pdf_upload()}
    )
    assert response.status_code == 302
    version = SubmissionVersion.objects.get()
    assert version.text == "Rencana bisnis kami" and version.kind == "pdf"


def test_refused_upload_keeps_the_typed_text_and_explains(client, world):
    client.force_login(world.a1)
    url = reverse("assessments:submit", args=[world.individual.pk])
    bad = SimpleUploadedFile("rencana.pdf", b"MZ\x90\x00program")
    response = client.post(url, {"action": "submit", "text": "Teks panjang saya", "file": bad})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Teks panjang saya" in html
    assert "Program dan skrip tidak dapat diunggah" in html
    assert not SubmissionVersion.objects.exists()


def test_refused_upload_explained_in_english(client, world):
    client.force_login(world.a1)
    url = "/en" + reverse("assessments:submit", args=[world.individual.pk])
    response = client.post(
        url, {"action": "submit", "text": "My typed plan", "file": pdf_upload(content=b"  ")}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "This file is empty." in html and "My typed plan" in html
    assert not SubmissionVersion.objects.exists()


def test_late_refused_on_the_page(client, world):
    world.individual.due_at = timezone.now() - dt.timedelta(days=1)
    world.individual.late_policy = LatePolicy.REFUSE
    world.individual.save()
    client.force_login(world.a1)
    url = reverse("assessments:submit", args=[world.individual.pk])
    response = client.post(url, {"action": "submit", "text": "Terlambat sekali"})
    assert "pengumpulan terlambat tidak diterima" in response.content.decode()
    assert "Terlambat sekali" in response.content.decode()
    assert not SubmissionVersion.objects.exists()


def test_draft_saved_from_the_page(client, world):
    client.force_login(world.a1)
    url = reverse("assessments:submit", args=[world.individual.pk])
    client.post(url, {"action": "draft", "text": "Draf saya"})
    assert Submission.objects.get().draft_text == "Draf saya"
    assert "Draf saya" in client.get(url).content.decode()


def test_team_member_sees_the_submission_and_feedback_once_released(client, world):
    submission = _team_submission(world)
    services.grade_save(
        actor=world.facilitator, submission=submission, score=77, feedback="Pasal modal kurang"
    )
    client.force_login(world.a2)
    url = reverse("assessments:submit", args=[world.team.pk])
    html = client.get(url).content.decode()
    assert "AD/ART koperasi A" in html
    assert "Pasal modal kurang" not in html  # not released yet
    services.release(actor=world.facilitator, submission=submission)
    html = client.get(url).content.decode()
    assert "Pasal modal kurang" in html and "77" in html


# --- What a trainee may not read --------------------------------------------------------------


def test_trainee_cannot_read_another_teams_file_grade_or_diff(client, world):
    submission = _team_submission(world, upload=pdf_upload())
    services.submit(actor=world.a2, assignment=world.team, text="v2")
    services.grade_save(actor=world.facilitator, submission=submission, score=88, release=True)
    version = submission.versions.first()
    client.force_login(world.b1)  # same wave, other cooperative
    assert client.get(reverse("assessments:file", args=[version.pk])).status_code == 404
    assert client.get(reverse("assessments:diff", args=[submission.pk])).status_code == 404
    assert client.get(reverse("assessments:grade", args=[submission.pk])).status_code == 404
    html = client.get(reverse("assessments:submit", args=[world.team.pk])).content.decode()
    assert "AD/ART koperasi A" not in html and "88" not in html
    assert client.get(reverse("assessments:gradebook", args=[world.wave.pk])).status_code == 404
    assert (
        client.get(reverse("assessments:gradebook", args=[world.wave.pk]) + "?format=csv")
    ).status_code == 404
    client.force_login(world.a2)  # a member reads it
    response = client.get(reverse("assessments:file", args=[version.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_trainee_cannot_read_another_trainees_submission(client, world):
    services.submit(actor=world.a1, assignment=world.individual, upload=pdf_upload())
    version = SubmissionVersion.objects.get()
    client.force_login(world.a2)
    assert client.get(reverse("assessments:file", args=[version.pk])).status_code == 404
    client.force_login(world.stranger)
    assert client.get(reverse("assessments:file", args=[version.pk])).status_code == 404
    assert client.get(reverse("assessments:submit", args=[world.individual.pk])).status_code == 404


# --- Grading ----------------------------------------------------------------------------------


def test_queue_lists_only_the_facilitators_waves_oldest_first(client, world):
    services.submit(actor=world.b1, assignment=world.team, text="B")
    _team_submission(world)
    services.submit(actor=world.stranger, assignment=world.other, text="lain")
    client.force_login(world.facilitator)
    html = client.get(reverse("assessments:queue")).content.decode()
    assert html.index(world.coop_b.name) < html.index(world.coop_a.name)
    assert world.stranger.full_name not in html
    client.force_login(world.outsider)
    html = client.get(reverse("assessments:queue")).content.decode()
    assert world.coop_a.name not in html and world.stranger.full_name in html


def test_grading_page_with_rubric_release_and_pdf_inline(client, world):
    services.submit(actor=world.a1, assignment=world.individual, upload=pdf_upload())
    submission = Submission.objects.get()
    client.force_login(world.facilitator)
    url = reverse("assessments:grade", args=[submission.pk])
    html = client.get(url).content.decode()
    assert '<iframe class="viewer"' in html and "?tampil=1" in html
    levels = {
        f"c{c.pk}": c.levels.order_by("points").first().pk for c in world.rubric.criteria.all()
    }
    response = client.post(url, {**levels, "feedback": "Cukup", "revision": 0, "action": "release"})
    assert response.status_code == 302
    grade = Grade.objects.get()
    assert grade.score == Decimal(50) and grade.released
    file_url = reverse("assessments:file", args=[submission.versions.get().pk]) + "?tampil=1"
    assert client.get(file_url)["Content-Disposition"].startswith("inline")


def test_grading_conflict_on_the_page_keeps_the_first_grade(client, world):
    submission = _team_submission(world)
    client.force_login(world.facilitator)
    url = reverse("assessments:grade", args=[submission.pk])
    client.post(url, {"score": "70", "feedback": "Pertama", "revision": 0, "action": "save"})
    client.force_login(world.mentor)
    response = client.post(
        url, {"score": "30", "feedback": "Kedua", "revision": 0, "action": "save"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "data-conflict" in html and "Kedua" in html
    grade = Grade.objects.get()
    assert grade.score == Decimal(70) and grade.feedback == "Pertama"


def test_outsider_cannot_grade_by_get_or_post(client, world):
    submission = _team_submission(world)
    client.force_login(world.outsider)
    url = reverse("assessments:grade", args=[submission.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"score": "90", "revision": 0}).status_code == 404
    assert client.post(reverse("assessments:release", args=[submission.pk])).status_code == 404
    assert client.post(reverse("assessments:release-all", args=[world.team.pk])).status_code == 404
    assert not Grade.objects.exists()


def _sulteng_member(world):
    """A trainee of a Sulawesi Tengah cooperative in the (Jawa Barat hosted) wave."""
    coop = OrganisationFactory(province=province("72"))
    person = TraineeFactory(organisation=coop)
    enrol(world.wave, person, actor=world.admin)
    return coop, person


def test_regional_staff_out_of_scope_may_see_but_not_grade(client, world):
    coop, person = _sulteng_member(world)
    services.submit(actor=person, assignment=world.team, text="AD/ART Sulteng")
    submission = Submission.objects.get(team=coop)
    staff = StaffFactory(scope_province=province("72"))
    assert world.wave.host_site.province.code != "72"
    client.force_login(staff)
    url = reverse("assessments:grade", args=[submission.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"score": "90", "revision": 0}).status_code == 403
    assert not Grade.objects.exists()


def test_next_and_previous_through_the_queue(client, world):
    services.submit(actor=world.b1, assignment=world.team, text="B")
    second = _team_submission(world)
    first = Submission.objects.get(team=world.coop_b)
    client.force_login(world.facilitator)
    html = client.get(reverse("assessments:grade", args=[first.pk])).content.decode()
    assert reverse("assessments:grade", args=[second.pk]) in html


def test_on_behalf_page(client, world):
    client.force_login(world.facilitator)
    url = reverse("assessments:on-behalf", args=[world.team.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"owner": world.coop_b.pk, "file": pdf_upload("scan.pdf")})
    assert response.status_code == 302
    submission = Submission.objects.get(team=world.coop_b)
    assert submission.on_behalf
    client.force_login(world.outsider)
    assert client.post(url, {"owner": world.coop_a.pk, "text": "x"}).status_code == 404


def test_diff_view_shows_changes(client, world):
    services.submit(actor=world.a1, assignment=world.individual, text="Modal awal 10 juta")
    services.submit(actor=world.a1, assignment=world.individual, text="Modal awal 15 juta")
    submission = Submission.objects.get()
    client.force_login(world.facilitator)
    html = client.get(reverse("assessments:diff", args=[submission.pk])).content.decode()
    assert 'class="diff-del"' in html and "10 juta" in html and "15 juta" in html


# --- Gradebook --------------------------------------------------------------------------------


def test_gradebook_and_exports_show_the_same_figures(client, world):
    submission = _team_submission(world)
    services.grade_save(actor=world.facilitator, submission=submission, score=80)
    world.individual.rubric = None
    world.individual.save()
    services.submit(actor=world.b1, assignment=world.individual, text="x")
    sub_b = Submission.objects.get(participant=world.b1)
    services.grade_save(actor=world.facilitator, submission=sub_b, score=40)
    client.force_login(world.facilitator)
    url = reverse("assessments:gradebook", args=[world.wave.pk])
    html = client.get(url).content.decode()
    assert html.count("data-total>80<") == 2  # both members of coop A
    assert "data-total>40<" in html
    response = client.get(url + "?format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows[world.a2.full_name][-2] == 80 and rows[world.b1.full_name][-2] == 40
    csv_text = b"".join(client.get(url + "?format=csv").streaming_content).decode()
    assert world.a1.full_name in csv_text
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404
    assert client.get(url + "?format=xlsx").status_code == 404


def test_regional_staff_gradebook_holds_only_their_people(client, world):
    coop, person = _sulteng_member(world)
    staff = StaffFactory(scope_province=province("72"))
    client.force_login(staff)
    url = reverse("assessments:gradebook", args=[world.wave.pk])
    html = client.get(url).content.decode()
    text = b"".join(client.get(url + "?format=csv").streaming_content).decode()
    for page in (html, text):
        assert person.full_name in page
        assert world.a1.full_name not in page and world.coop_a.name not in page


# --- Notifications, panels, logbook -----------------------------------------------------------


def test_trainee_home_panel_and_notifications(client, world):
    submission = _team_submission(world)
    services.grade_save(actor=world.facilitator, submission=submission, score=90, release=True)
    client.force_login(world.a2)
    html = client.get(reverse("portal:my-home")).content.decode()
    assert "Tugas saya" in html and "Nilai tugas Draf AD/ART sudah dapat dilihat" in html
    # Not handed in yet: listed on the home (graded ones leave the panel).
    assert reverse("assessments:submit", args=[world.individual.pk]) in html
    client.post(reverse("assessments:notifications"))
    assert not world.a2.assessment_notifications.filter(read_at__isnull=True).exists()


def test_facilitator_home_panel_shows_backlog(client, world):
    _team_submission(world)
    client.force_login(world.facilitator)
    html = client.get(reverse("portal:my-home")).content.decode()
    assert "Penilaian tugas" in html and "1 menunggu dinilai" in html


def test_logbook_pages(client, world):
    from programmes.models import Enrolment

    enrolment = Enrolment.objects.get(participant=world.a1, wave=world.wave)
    client.force_login(world.a1)
    url = reverse("assessments:logbook", args=[enrolment.pk])
    response = client.post(
        url,
        {"day": "2026-11-03", "activity": "Kas harian", "place": "Koperasi", "hours": "5"},
    )
    assert response.status_code == 302
    entry = enrolment.logbook_entries.get()
    client.force_login(world.facilitator)  # not the mentor
    client.post(reverse("assessments:logbook-review", args=[entry.pk]), {"action": "verify"})
    entry.refresh_from_db()
    assert entry.status == "pending"
    client.force_login(world.mentor)
    client.post(
        reverse("assessments:logbook-review", args=[entry.pk]),
        {"action": "return", "comment": "Tambah detail"},
    )
    entry.refresh_from_db()
    assert entry.status == "returned" and entry.mentor_comment == "Tambah detail"
    client.force_login(world.b1)
    assert client.get(url).status_code == 404
    client.force_login(world.mentor)
    assert client.get(reverse("assessments:logbook-wave", args=[world.wave.pk])).status_code == 200


def test_statuses_shown_are_labels(world):
    assert SubmissionStatus("graded").label


def test_staff_set_the_planned_hours_facilitators_cannot(client, world):
    from assessments.models import LogbookPlan

    url = reverse("assessments:logbook-wave", args=[world.wave.pk])
    client.force_login(world.mentor)
    assert client.post(url, {"planned_hours": "40"}).status_code == 403
    assert not LogbookPlan.objects.exists()
    staff = StaffFactory(scope_province=world.wave.host_site.province)
    client.force_login(staff)
    assert client.post(url, {"planned_hours": "40"}).status_code == 302
    assert LogbookPlan.objects.get(wave=world.wave).planned_hours == Decimal(40)
    assert "40" in client.get(url).content.decode()


def test_gradebook_search_by_cooperative(client, world):
    client.force_login(world.facilitator)
    url = reverse("assessments:gradebook", args=[world.wave.pk])
    html = client.get(url, {"q": world.coop_b.name}).content.decode()
    assert world.b1.full_name in html and world.a1.full_name not in html
    text = b"".join(
        client.get(url, {"q": world.coop_b.name, "format": "csv"}).streaming_content
    ).decode()
    assert world.b1.full_name in text and world.a1.full_name not in text
