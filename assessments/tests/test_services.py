import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from assessments import permissions, services, tasks
from assessments.constants import LatePolicy, SubmissionStatus
from assessments.factories import PDF_BYTES, docx_bytes, pdf_upload
from assessments.models import Grade, Notification, Submission, SubmissionVersion
from lms.models import AuditEvent
from programmes import services as programme_services
from programmes.models import Enrolment

pytestmark = pytest.mark.django_db


def _audits(action):
    return AuditEvent.objects.filter(action=action).count()


def test_submit_makes_versions_and_keeps_earlier_ones(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        v1 = services.submit(actor=world.a1, assignment=world.individual, text="Versi pertama")
        v2 = services.submit(
            actor=world.a1, assignment=world.individual, text="Versi kedua", upload=pdf_upload()
        )
    submission = Submission.objects.get(assignment=world.individual, participant=world.a1)
    assert [v.number for v in submission.versions.all()] == [1, 2]
    assert SubmissionVersion.objects.get(pk=v1.pk).text == "Versi pertama"
    assert v2.kind == "pdf" and v2.original_name == "rencana.pdf"
    assert "/" in v2.file.name and "rencana" not in v2.file.name  # unguessable stored name
    assert submission.status == SubmissionStatus.SUBMITTED and submission.version_count == 2
    assert _audits("submission.submit") == 2
    assert SubmissionVersion.objects.get(pk=v1.pk).extracted  # the task ran on commit


def test_draft_is_kept_and_not_handed_in(world):
    services.save_draft(actor=world.a1, assignment=world.individual, text="Belum selesai")
    submission = Submission.objects.get(assignment=world.individual, participant=world.a1)
    assert submission.status == SubmissionStatus.DRAFT and submission.draft_text == "Belum selesai"
    assert submission.versions.count() == 0
    assert _audits("submission.draft") == 1


def test_late_refused_when_the_policy_refuses(world):
    world.individual.due_at = timezone.now() - dt.timedelta(hours=1)
    world.individual.late_policy = LatePolicy.REFUSE
    world.individual.save()
    with pytest.raises(ValidationError) as caught:
        services.submit(actor=world.a1, assignment=world.individual, text="Terlambat")
    assert caught.value.code == "late"
    assert "Tenggat" in caught.value.messages[0]
    assert not SubmissionVersion.objects.exists()


def test_late_accepted_and_flagged(world):
    world.individual.due_at = timezone.now() - dt.timedelta(hours=1)
    world.individual.late_policy = LatePolicy.FLAG
    world.individual.save()
    version = services.submit(actor=world.a1, assignment=world.individual, text="Terlambat")
    assert version.is_late and version.submission.is_late


@pytest.mark.parametrize(
    ("name", "content", "code_word"),
    [
        ("rencana.pdf", b"MZ\x90\x00 program", "Program"),  # type by content, not extension
        ("rencana.pdf", b"", "kosong"),
        ("rencana.pdf", b"\x1f\x8b\x08\x00gzip", "Arsip"),
        ("rencana.pdf", b"<html><script>alert(1)</script></html>", "Halaman web"),
        ("rencana.xlsx", b"\x89PNG\r\n\x1a\n" + b"0" * 100, "gambar"),
    ],
)
def test_upload_refusals_are_explained_and_nothing_is_stored(world, name, content, code_word):
    upload = SimpleUploadedFile(name, content)
    with pytest.raises(ValidationError) as caught:
        services.submit(
            actor=world.a1, assignment=world.individual, text="Teks saya", upload=upload
        )
    assert "file" in caught.value.message_dict
    assert code_word.lower() in " ".join(caught.value.message_dict["file"]).lower()
    assert not SubmissionVersion.objects.exists()


def test_type_not_allowed_by_the_assignment(world):
    world.individual.allowed_kinds = ["docx"]
    world.individual.save()
    with pytest.raises(ValidationError) as caught:
        services.submit(actor=world.a1, assignment=world.individual, upload=pdf_upload())
    assert "Word (DOCX)" in caught.value.message_dict["file"][0]


def test_too_large_refused(world):
    world.individual.max_size_mb = 1
    world.individual.save()
    big = pdf_upload(content=PDF_BYTES + b"0" * (1024 * 1024))
    with pytest.raises(ValidationError) as caught:
        services.submit(actor=world.a1, assignment=world.individual, upload=big)
    assert "terlalu besar" in caught.value.message_dict["file"][0]


def test_team_submission_is_shared_by_the_cooperative(world):
    services.submit(actor=world.a1, assignment=world.team, text="AD/ART koperasi A")
    services.submit(actor=world.a2, assignment=world.team, text="AD/ART revisi")
    submission = Submission.objects.get(assignment=world.team)
    assert submission.team == world.coop_a and submission.participant is None
    assert submission.version_count == 2
    assert permissions.submissions_visible_to(world.a2).filter(pk=submission.pk).exists()
    assert not permissions.submissions_visible_to(world.b1).filter(pk=submission.pk).exists()
    assert not permissions.submissions_visible_to(world.stranger).exists()


def test_withdrawn_member_keeps_the_graded_team_work(world):
    services.submit(actor=world.a1, assignment=world.team, text="AD/ART")
    submission = Submission.objects.get(assignment=world.team)
    services.grade_save(actor=world.facilitator, submission=submission, score=80, release=True)
    enrolment = Enrolment.objects.get(participant=world.a2, wave=world.wave)
    programme_services.enrolment_change(
        actor=world.admin, enrolment=enrolment, status="withdrawn", reason="Pindah"
    )
    assert permissions.submissions_visible_to(world.a2).filter(pk=submission.pk).exists()
    with pytest.raises(PermissionDenied):
        services.submit(actor=world.a2, assignment=world.team, text="x")


def test_trainee_cannot_submit_to_another_wave(world):
    with pytest.raises(PermissionDenied):
        services.submit(actor=world.a1, assignment=world.other, text="x")
    assert not Submission.objects.exists()


def test_rubric_grade_is_the_sum_of_levels(world):
    services.submit(actor=world.a1, assignment=world.individual, text="Rencana")
    submission = Submission.objects.get(participant=world.a1)
    levels = [c.levels.order_by("-points").first().pk for c in world.rubric.criteria.all()]
    grade = services.grade_save(
        actor=world.facilitator, submission=submission, level_ids=levels, feedback="Bagus"
    )
    assert grade.score == Decimal(100) and not grade.released
    assert Submission.objects.get(pk=submission.pk).status == SubmissionStatus.GRADED
    assert _audits("grade.save") == 1


def test_rubric_needs_one_level_per_criterion(world):
    services.submit(actor=world.a1, assignment=world.individual, text="Rencana")
    submission = Submission.objects.get(participant=world.a1)
    one = world.rubric.criteria.first().levels.first().pk
    with pytest.raises(ValidationError):
        services.grade_save(actor=world.facilitator, submission=submission, level_ids=[one])
    assert not Grade.objects.filter(score__isnull=False).exists()


def test_facilitator_cannot_grade_outside_their_waves(world):
    services.submit(actor=world.a1, assignment=world.team, text="AD/ART")
    submission = Submission.objects.get(assignment=world.team)
    with pytest.raises(PermissionDenied):
        services.grade_save(actor=world.outsider, submission=submission, score=90)
    with pytest.raises(PermissionDenied):
        services.return_for_revision(actor=world.outsider, submission=submission, feedback="x")
    assert not Grade.objects.exists()
    assert Submission.objects.get(pk=submission.pk).status == SubmissionStatus.SUBMITTED


def test_second_grader_is_told_and_nothing_is_overwritten(world):
    services.submit(actor=world.a1, assignment=world.team, text="AD/ART")
    submission = Submission.objects.get(assignment=world.team)
    # Both open the form at revision 0; the first saves.
    services.grade_save(
        actor=world.facilitator, submission=submission, score=70, feedback="A", revision=0
    )
    with pytest.raises(services.GradeConflict) as caught:
        services.grade_save(
            actor=world.mentor, submission=submission, score=40, feedback="B", revision=0
        )
    assert caught.value.code == "conflict"
    grade = Grade.objects.get(submission=submission)
    assert grade.score == Decimal(70) and grade.feedback == "A" and grade.revision == 1
    assert _audits("grade.save") == 1


def test_changing_a_released_grade_needs_a_reason(world):
    services.submit(actor=world.a1, assignment=world.team, text="AD/ART")
    submission = Submission.objects.get(assignment=world.team)
    services.grade_save(actor=world.facilitator, submission=submission, score=70, release=True)
    with pytest.raises(ValidationError) as caught:
        services.grade_save(actor=world.facilitator, submission=submission, score=75)
    assert "reason" in caught.value.message_dict
    assert Grade.objects.get(submission=submission).score == Decimal(70)
    services.grade_save(
        actor=world.facilitator, submission=submission, score=75, reason="Salah hitung"
    )
    event = AuditEvent.objects.filter(action="grade.save").latest("pk")
    assert event.reason == "Salah hitung" and event.before["score"] == "70.00"


def test_release_notifies_every_team_member_in_app_and_by_email(
    world, django_capture_on_commit_callbacks
):
    world.a1.email = "a1@example.org"
    world.a1.save()
    services.submit(actor=world.a1, assignment=world.team, text="AD/ART")
    submission = Submission.objects.get(assignment=world.team)
    services.grade_save(actor=world.facilitator, submission=submission, score=80)
    with django_capture_on_commit_callbacks(execute=True):
        count = services.release_assignment(actor=world.facilitator, assignment=world.team)
    assert count == 1
    assert set(Notification.objects.values_list("user", flat=True)) == {world.a1.pk, world.a2.pk}
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["a1@example.org"]
    assert Grade.objects.get(submission=submission).released
    assert _audits("grade.release_all") == 1


def test_return_for_revision_then_resubmit(world):
    services.submit(actor=world.a1, assignment=world.individual, text="v1")
    submission = Submission.objects.get(participant=world.a1)
    services.return_for_revision(
        actor=world.facilitator, submission=submission, feedback="Lengkapi anggaran"
    )
    assert Submission.objects.get(pk=submission.pk).status == SubmissionStatus.RETURNED
    assert Notification.objects.filter(user=world.a1, kind="returned").exists()
    services.submit(actor=world.a1, assignment=world.individual, text="v2")
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED and submission.version_count == 2


def test_submit_on_behalf_is_marked_and_audited(world):
    from assessments.factories import pdf_upload as scan

    version = services.submit_on_behalf(
        actor=world.facilitator, assignment=world.team, team=world.coop_b, upload=scan("foto.pdf")
    )
    assert version.on_behalf and version.submitted_by == world.facilitator
    assert version.submission.team == world.coop_b and version.submission.on_behalf
    assert _audits("submission.on_behalf") == 1
    with pytest.raises(PermissionDenied):
        services.submit_on_behalf(
            actor=world.outsider, assignment=world.team, team=world.coop_a, text="x"
        )


def test_due_tomorrow_reminder_once_per_assignment_and_person(world):
    world.team.due_at = timezone.now() + dt.timedelta(hours=10)
    world.team.save()
    services.submit(actor=world.a1, assignment=world.team, text="AD/ART")  # coop A handed in
    assert tasks.due_tomorrow_reminders() == 1  # b1 only
    assert tasks.due_tomorrow_reminders() == 0
    assert list(Notification.objects.values_list("user", flat=True)) == [world.b1.pk]


def test_text_is_extracted_from_docx(world, django_capture_on_commit_callbacks):
    upload = SimpleUploadedFile("sop.docx", docx_bytes(["Pasal 1 Nama", "Pasal 2 Tujuan"]))
    with django_capture_on_commit_callbacks(execute=True):
        version = services.submit(actor=world.a1, assignment=world.individual, upload=upload)
    version.refresh_from_db()
    assert version.extracted and "Pasal 2 Tujuan" in version.extracted_text


def test_logbook_signed_off_by_the_wave_mentor_only(world):
    enrolment = Enrolment.objects.get(participant=world.a1, wave=world.wave)
    entry = services.logbook_record(
        actor=world.a1,
        enrolment=enrolment,
        day=dt.date(2026, 11, 3),
        activity="Mencatat kas",
        place="Koperasi Maju",
        hours=Decimal(6),
    )
    with pytest.raises(PermissionDenied):
        services.logbook_review(actor=world.facilitator, entry=entry, verify=True)
    with pytest.raises(PermissionDenied):
        services.logbook_record(
            actor=world.b1,
            enrolment=enrolment,
            day=dt.date(2026, 11, 3),
            activity="x",
            place="y",
            hours=1,
        )
    services.logbook_review(actor=world.mentor, entry=entry, verify=True)
    from assessments import selectors

    row = selectors.logbook_totals(Enrolment.objects.filter(pk=enrolment.pk)).get()
    assert row.verified_hours == Decimal(6) and row.pending_hours == 0
    assert _audits("logbook.review") == 1


def test_required_results_and_logbook_hours_for_certificates(world, django_assert_num_queries):
    from assessments import api

    services.submit(actor=world.a1, assignment=world.team, text="AD/ART")
    submission = Submission.objects.get(assignment=world.team)
    services.grade_save(actor=world.facilitator, submission=submission, score=80, release=True)
    enrolments = {e.participant_id: e.pk for e in Enrolment.objects.filter(wave=world.wave)}
    with django_assert_num_queries(3):
        results = api.required_assignment_results(
            wave=world.wave, enrolment_ids=list(enrolments.values())
        )
    assert dict(results[enrolments[world.a2.pk]]) == {"Rencana Bisnis": False, "Draf AD/ART": True}
    assert dict(results[enrolments[world.b1.pk]])["Draf AD/ART"] is False
    hours = api.verified_logbook_hours(wave=world.wave, enrolment_ids=list(enrolments.values()))
    assert set(hours.values()) == {0}


def test_on_behalf_takes_a_photo_even_where_trainees_upload_documents_only(world):
    import io

    from PIL import Image

    world.team.allowed_kinds = ["docx"]
    world.team.save()
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, "JPEG")
    photo = SimpleUploadedFile("draf.jpg", buffer.getvalue())
    version = services.submit_on_behalf(
        actor=world.facilitator, assignment=world.team, team=world.coop_a, upload=photo
    )
    assert version.kind == "jpeg"
    with pytest.raises(ValidationError):
        services.submit(
            actor=world.a1,
            assignment=world.team,
            upload=SimpleUploadedFile("draf.jpg", buffer.getvalue()),
        )
