import datetime as dt
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.factories import StaffFactory
from assessments import services
from assessments.models import Assignment, Rubric
from assessments.viewsets import AssignmentForm, RubricForm, parse_criteria
from organisations.factories import province

pytestmark = pytest.mark.django_db

DRAFTAIL = json.dumps(
    {
        "blocks": [
            {
                "key": "a",
                "type": "unstyled",
                "text": "Tulis SOP",
                "depth": 0,
                "inlineStyleRanges": [],
                "entityRanges": [],
            }
        ],
        "entityMap": {},
    }
)


def test_staff_list_and_edit_assignments_in_scope(client, world):
    staff = StaffFactory(scope_province=world.wave.host_site.province)
    client.force_login(staff)
    html = client.get(reverse("assignments:index")).content.decode()
    assert "Rencana Bisnis" in html
    edit = reverse("assignments:edit", args=[world.individual.pk])
    assert client.get(edit).status_code == 200
    assert client.get(reverse("rubrics:index")).status_code == 200


def test_out_of_scope_staff_cannot_edit_or_delete(client, world):
    staff = StaffFactory(scope_province=province("72"))
    client.force_login(staff)
    edit = reverse("assignments:edit", args=[world.individual.pk])
    assert client.get(edit).status_code == 404
    response = client.post(reverse("assignments:delete", args=[world.individual.pk]))
    assert response.status_code == 404
    assert Assignment.objects.filter(pk=world.individual.pk).exists()


def test_assignment_form_takes_the_due_time_in_the_wave_zone(world):
    world.wave.time_zone = "Asia/Makassar"
    world.wave.save()
    staff = StaffFactory(scope_province=world.wave.host_site.province)
    form = AssignmentForm(
        data={
            "wave": world.wave.pk,
            "title": "SOP simpan pinjam",
            "instructions": DRAFTAIL,
            "due_date": "2026-12-01",
            "due_time": "17:00",
            "late_policy": "accept",
            "max_score": "100",
            "pass_mark": "60",
            "mode": "team",
            "accepts_text": "on",
            "accepts_file": "on",
            "allowed_kinds": ["pdf", "docx"],
            "max_size_mb": "10",
        },
        for_user=staff,
    )
    assert form.is_valid(), form.errors
    assignment = form.save()
    assert assignment.due_at == dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
    assert assignment.allowed_kinds == ["pdf", "docx"]


def test_rubric_form_parses_criteria_and_levels(world):
    staff = StaffFactory()
    text = "Isi\n4 | Sangat baik | Lengkap\n2 | Cukup\n\nBahasa\n3,5 | Jelas | Mudah dibaca"
    form = RubricForm(data={"title": "Rubrik AD/ART", "criteria_text": text}, for_user=staff)
    assert form.is_valid(), form.errors
    rubric = form.save()
    assert rubric.criteria.count() == 2
    assert sorted(
        Rubric.objects.get(pk=rubric.pk)
        .criteria.get(title="Bahasa")
        .levels.values_list("points", flat=True)
    ) == [Decimal("3.5")]
    assert parse_criteria(text)[0]["levels"][1]["descriptor"] == ""


def test_used_rubric_criteria_cannot_change(world):
    services.submit(actor=world.a1, assignment=world.individual, text="x")
    submission = world.individual.submissions.get()
    levels = [c.levels.first().pk for c in world.rubric.criteria.all()]
    services.grade_save(actor=world.facilitator, submission=submission, level_ids=levels)
    with pytest.raises(Exception, match="sudah dipakai"):
        services.rubric_update(
            actor=world.admin,
            rubric=world.rubric,
            criteria=[{"title": "Baru", "levels": [{"title": "A", "points": 1}]}],
        )
    services.rubric_update(actor=world.admin, rubric=world.rubric, title="Rubrik baru")
    assert Rubric.objects.get(pk=world.rubric.pk).title == "Rubrik baru"
