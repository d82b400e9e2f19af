"""Test data for assignments and submissions, built through the services where it matters."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from programmes.factories import WaveFactory

from . import services
from .constants import LatePolicy, Mode
from .models import Assignment, Rubric

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    wave = factory.SubFactory(WaveFactory)
    title = factory.Sequence(lambda n: f"Rencana Bisnis {n}")
    instructions = "<p>Susun rencana bisnis koperasi.</p>"
    due_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=7))
    late_policy = LatePolicy.FLAG
    max_score = Decimal(100)
    pass_mark = Decimal(60)
    mode = Mode.INDIVIDUAL


class RubricFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rubric
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Rubrik {n}")

    @factory.post_generation
    def criteria(self, create, extracted, **kwargs):
        rows = extracted or [
            {
                "title": "Isi",
                "levels": [
                    {"title": "Baik", "points": 50, "descriptor": "Lengkap dan jelas"},
                    {"title": "Cukup", "points": 30, "descriptor": "Sebagian"},
                ],
            },
            {
                "title": "Kelayakan",
                "levels": [
                    {"title": "Baik", "points": 50, "descriptor": "Realistis"},
                    {"title": "Cukup", "points": 20, "descriptor": "Kurang realistis"},
                ],
            },
        ]
        services._set_criteria(self, rows)


def pdf_upload(name="rencana.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def docx_bytes(paragraphs) -> bytes:
    """A minimal DOCX with the given paragraphs."""
    import io
    import zipfile

    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
        )
        z.writestr(
            "word/document.xml",
            '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
            f'wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>',
        )
    return buf.getvalue()


def bulk_cohort(wave, n: int, *, assignments: int = 10, teams: int = 8, versions: int = 2):
    """``n`` active participants in ``wave`` in ``teams`` cooperatives, ``assignments``
    assignments (every other one per cooperative), each handed in with ``versions`` versions
    and graded (half released): inserted in bulk, for query-count tests at 38 and 1,000."""
    from accounts.api import ParticipantKind, Role, User
    from organisations.factories import OrganisationFactory
    from programmes.models import Enrolment

    from .constants import SubmissionStatus
    from .models import Grade, Submission, SubmissionVersion

    orgs = [OrganisationFactory() for _ in range(teams)]
    tag = f"{wave.pk}-{n}"
    users = User.objects.bulk_create(
        [
            User(
                username=f"bulk-{tag}-{i}",
                full_name=f"Peserta {tag}-{i:04d}",
                role=Role.TRAINEE,
                participant_kind=ParticipantKind.BOARD_MEMBER,
                organisation=orgs[i % teams],
                password="!",  # noqa: S106 - these people never log in
            )
            for i in range(n)
        ]
    )
    Enrolment.objects.bulk_create(
        [
            Enrolment(wave=wave, participant=u, organisation=u.organisation, status="active")
            for u in users
        ]
    )
    due = timezone.now() + dt.timedelta(days=3)
    items = Assignment.objects.bulk_create(
        [
            Assignment(
                wave=wave,
                title=f"Tugas {i}",
                due_at=due + dt.timedelta(hours=i),
                mode=Mode.TEAM if i % 2 else Mode.INDIVIDUAL,
            )
            for i in range(assignments)
        ]
    )
    now = timezone.now()
    subs = []
    for a in items:
        if a.mode == Mode.TEAM:
            subs += [Submission(assignment=a, team=o) for o in orgs]
        else:
            subs += [Submission(assignment=a, participant=u) for u in users]
    for i, s in enumerate(subs):
        s.status = SubmissionStatus.GRADED if i % 2 else SubmissionStatus.SUBMITTED
        s.submitted_at = now - dt.timedelta(minutes=i)
        s.version_count = versions
    subs = Submission.objects.bulk_create(subs, batch_size=2000)
    SubmissionVersion.objects.bulk_create(
        [
            SubmissionVersion(
                submission=s,
                number=k + 1,
                text=f"Jawaban {k}",
                submitted_at=now,
                submitted_by=users[0],
                extracted=True,
            )
            for s in subs
            for k in range(versions)
        ],
        batch_size=2000,
    )
    Grade.objects.bulk_create(
        [
            Grade(
                submission=s,
                score=Decimal(70),
                released=bool(i % 4 == 1),
                graded_version=versions,
                revision=1,
            )
            for i, s in enumerate(subs)
            if s.status == SubmissionStatus.GRADED
        ],
        batch_size=2000,
    )
    return users, items
