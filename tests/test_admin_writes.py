"""Every admin write goes through its service: one audit row per save, with the before and
after of what changed, shown in words with the actor. Forms say which field is wrong, and a
chooser never prints a record outside the user's scope."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from accounts import services as account_services
from accounts.constants import ParticipantKind, Role
from accounts.factories import AdminFactory, FacilitatorFactory, StaffFactory, TraineeFactory
from courses import factories as course_factories
from courses import services as course_services
from lms.models import AuditEvent
from organisations.constants import OrganisationKind
from organisations.factories import OrganisationFactory, province
from programmes import services
from programmes.constants import EnrolmentStatus, ProgrammeKind
from programmes.models import Wave

from .admin_forms import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    admin = AdminFactory()
    jabar, sulteng = province("32"), province("72")
    kanwil = OrganisationFactory(
        name="Kanwil Jabar", province=jabar, kind=OrganisationKind.REGIONAL_OFFICE
    )
    host = OrganisationFactory(name="Kopontren Al-Ittifaq", province=jabar)
    coop = OrganisationFactory(name="Kopdes Sukamaju", province=jabar)
    partner = OrganisationFactory(
        name="Universitas Padjadjaran", province=jabar, kind=OrganisationKind.PARTNER
    )
    palu = OrganisationFactory(
        name="Lapas Palu Rahasia", province=sulteng, kind=OrganisationKind.LAPAS
    )
    programme = services.programme_create(
        actor=admin, title="Magang Al-Ittifaq", kind=ProgrammeKind.APPRENTICESHIP, organiser=kanwil
    )
    start = datetime.date(2025, 11, 15)
    wave = services.wave_create(
        actor=admin,
        programme=programme,
        number=1,
        starts_on=start,
        ends_on=start + datetime.timedelta(days=7),
        host_site=host,
        capacity=38,
    )
    trainee = TraineeFactory(full_name="Siti Pengurus", organisation=coop)
    outsider = TraineeFactory(full_name="Rusdi Warga Binaan Palu", organisation=palu)
    services.enrolment_create(
        actor=admin, wave=wave, participant=trainee, status=EnrolmentStatus.ACTIVE
    )
    staff = StaffFactory(full_name="Staf Jabar", scope_province=jabar)
    return {
        "admin": admin,
        "staff": staff,
        "programme": programme,
        "wave": wave,
        "trainee": trainee,
        "outsider": outsider,
        "coop": coop,
        "partner": partner,
        "palu": palu,
        "facilitator": FacilitatorFactory(full_name="Bu Fasilitator"),
    }


def _edit(client, url_name, obj, changes):
    url = reverse(url_name, args=[obj.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = form_data(page.content.decode(), url)
    data.update(changes)
    return client.post(url, data)


def _new_events():
    return AuditEvent.objects.order_by("id")


def test_editing_a_programme_writes_one_audit_row_with_partners_and_rule(client, world):
    client.force_login(world["staff"])
    before_ids = set(_new_events().values_list("id", flat=True))
    response = _edit(
        client,
        "programmes:edit",
        world["programme"],
        {
            "min_attendance_percent": "75",
            "partnerships-TOTAL_FORMS": "1",
            "partnerships-0-id": "",
            "partnerships-0-partner": str(world["partner"].pk),
            "partnerships-0-agreement_number": "PKS-01/2025",
            "partnerships-0-signed_on": "2025-10-01",
            "partnerships-0-scope": "Pendampingan",
            "partnerships-0-ORDER": "1",
            "partnerships-0-DELETE": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    events = list(_new_events().exclude(id__in=before_ids))
    assert [e.action for e in events] == ["programme.update"]
    event = events[0]
    assert event.actor == world["staff"]
    assert event.before["min_attendance_percent"] == 80
    assert event.after["min_attendance_percent"] == 75
    assert event.after["partners"][0]["agreement_number"] == "PKS-01/2025"
    world["programme"].refresh_from_db()
    assert world["programme"].min_attendance_percent == 75
    assert world["programme"].partnerships.get().partner == world["partner"]


def test_editing_a_wave_with_a_facilitator_row_writes_one_audit_row(client, world):
    client.force_login(world["staff"])
    before_ids = set(_new_events().values_list("id", flat=True))
    response = _edit(
        client,
        "waves:edit",
        world["wave"],
        {
            "capacity": "40",
            "venue": "Aula Ciwidey",
            "assignments-TOTAL_FORMS": "1",
            "assignments-0-id": "",
            "assignments-0-facilitator": str(world["facilitator"].pk),
            "assignments-0-role": "narasumber",
            "assignments-0-ORDER": "1",
            "assignments-0-DELETE": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    events = list(_new_events().exclude(id__in=before_ids))
    assert [e.action for e in events] == ["wave.update"]
    assert events[0].before == {"venue": "", "capacity": 38, "facilitators": []}
    assert events[0].after["capacity"] == 40
    assert events[0].after["facilitators"] == [[world["facilitator"].pk, "narasumber"]]
    assert world["wave"].assignments.get().facilitator == world["facilitator"]


def test_editing_a_participant_writes_one_audit_row_with_the_contact_change(client, world):
    client.force_login(world["staff"])
    before_ids = set(_new_events().values_list("id", flat=True))
    response = _edit(
        client, "participants:edit", world["trainee"], {"email": "siti@contoh.id", "phone": "0812"}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    events = list(_new_events().exclude(id__in=before_ids))
    assert [e.action for e in events] == ["participant.update"]
    assert events[0].before == {"email": "", "phone": ""}
    assert events[0].after == {"email": "siti@contoh.id", "phone": "0812"}


def test_saving_an_unchanged_form_writes_no_audit_row(client, world):
    client.force_login(world["staff"])
    count = AuditEvent.objects.count()
    assert _edit(client, "participants:edit", world["trainee"], {}).status_code == 302
    assert AuditEvent.objects.count() == count


def test_the_audit_list_reads_in_words_and_names_the_actor(client, world):
    client.force_login(world["staff"])
    _edit(client, "participants:edit", world["trainee"], {"phone": "0812"})
    html = client.get(reverse("audit:index")).content.decode()
    assert "Data peserta diubah" in html
    assert "Pendaftaran dibuat" in html
    assert "participant.update" not in html and "enrolment.create" not in html
    assert "Staf Jabar" in html


def test_changing_a_users_role_and_scope_as_administrator_is_audited(client, world):
    client.force_login(world["admin"])
    user = account_services.user_create(
        actor=world["admin"], full_name="Calon Staf", role=Role.EDITOR
    )
    before_ids = set(_new_events().values_list("id", flat=True))
    response = _edit(
        client,
        "wagtailusers_users:edit",
        user,
        {"role": Role.STAFF, "scope_province": str(province("32").pk)},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    events = list(_new_events().exclude(id__in=before_ids))
    assert [e.action for e in events] == ["user.update"]
    assert events[0].after["role"] == Role.STAFF
    user.refresh_from_db()
    assert list(user.groups.values_list("name", flat=True)) == ["Staf program"]


def test_a_capacity_below_the_seats_taken_is_a_field_error(client, world):
    client.force_login(world["staff"])
    services.enrolment_create(
        actor=world["admin"],
        wave=world["wave"],
        participant=TraineeFactory(organisation=world["coop"]),
        status=EnrolmentStatus.ACTIVE,
    )
    response = _edit(client, "waves:edit", world["wave"], {"capacity": "1"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "capacity" in errors
    assert "Kapasitas tidak boleh lebih kecil" in str(errors["capacity"])
    assert Wave.objects.get(pk=world["wave"].pk).capacity == 38


def test_a_host_outside_the_staff_region_is_a_field_error_and_its_name_is_not_printed(
    client, world
):
    client.force_login(world["staff"])
    response = _edit(client, "waves:edit", world["wave"], {"host_site": str(world["palu"].pk)})
    assert response.status_code == 200
    assert "host_site" in response.context["form"].errors
    assert "Lapas Palu Rahasia" not in response.content.decode()
    assert Wave.objects.get(pk=world["wave"].pk).host_site.name == "Kopontren Al-Ittifaq"


def test_a_posted_out_of_scope_participant_is_not_printed_back(client, world):
    client.force_login(world["staff"])
    url = reverse("enrolments:add")
    response = client.post(
        url,
        {
            "wave": str(world["wave"].pk),
            "participant": str(world["outsider"].pk),
            "status": EnrolmentStatus.INVITED,
        },
    )
    assert response.status_code == 200
    assert "participant" in response.context["form"].errors
    assert "Rusdi Warga Binaan Palu" not in response.content.decode()


@pytest.mark.parametrize("value", ["abc", "1 OR 1=1", "99999999999999999999999", "-1"])
def test_malformed_ids_in_chooser_fields_are_form_errors_not_500(client, world, value):
    client.force_login(world["staff"])
    response = _edit(client, "waves:edit", world["wave"], {"host_site": value})
    assert response.status_code == 200
    assert "host_site" in response.context["form"].errors


@pytest.mark.parametrize(
    "url",
    [
        "/admin/waves/edit/abc/",
        "/admin/waves/inspect/abc/",
        "/admin/waves/delete/abc/",
        "/admin/waves/usage/abc/",
        "/admin/waves/history/abc/",
        "/admin/participants/edit/1%20OR%201=1/",
        "/admin/participant_chooser/chosen/abc/",
        "/admin/organisation_chooser/chosen/abc/",
        "/admin/wave_chooser/chosen/99999999999999999999/",
    ],
)
def test_malformed_ids_in_admin_urls_answer_404(client, world, url):
    client.force_login(world["staff"])
    assert client.get(url).status_code == 404


def test_an_out_of_scope_id_in_a_chooser_url_answers_404(client, world):
    client.force_login(world["staff"])
    response = client.get(f"/admin/participant_chooser/chosen/{world['outsider'].pk}/")
    assert response.status_code == 404


def test_creating_a_participant_through_the_admin_is_audited_once(client, world):
    client.force_login(world["staff"])
    before_ids = set(_new_events().values_list("id", flat=True))
    response = client.post(
        reverse("participants:add"),
        {
            "full_name": "Dewi Anggota",
            "username": "",
            "participant_kind": ParticipantKind.BOARD_MEMBER,
            "organisation": str(world["coop"].pk),
            "email": "",
            "phone": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    events = list(_new_events().exclude(id__in=before_ids))
    assert [e.action for e in events] == ["user.create"]
    assert events[0].actor == world["staff"]


def test_curriculum_of_a_visible_programme_outside_scope_cannot_be_extended(client, world):
    """Staff of Jawa Barat who see the Sulteng programme (a Jabar person attends) may not add
    a course to its curriculum: the programme is not among their choices."""
    sulteng_office = OrganisationFactory(
        name="Kanwil Sulteng", province=province("72"), kind=OrganisationKind.REGIONAL_OFFICE
    )
    programme = services.programme_create(
        actor=world["admin"],
        title="Pendampingan Sulteng",
        kind=ProgrammeKind.MENTORING,
        organiser=sulteng_office,
    )
    start = datetime.date(2026, 2, 1)
    wave = services.wave_create(
        actor=world["admin"],
        programme=programme,
        number=1,
        starts_on=start,
        ends_on=start + datetime.timedelta(days=3),
        host_site=world["palu"],
        capacity=10,
    )
    services.enrolment_create(
        actor=world["admin"],
        wave=wave,
        participant=TraineeFactory(organisation=world["coop"]),
    )
    course = course_factories.course(modules=1, lessons_per_module=1)
    client.force_login(world["staff"])
    assert client.get(reverse("programmes:inspect", args=[programme.pk])).status_code == 200
    response = client.post(
        reverse("curriculum:add"),
        {"programme": str(programme.pk), "wave": "", "course": str(course.pk), "sort_order": "0"},
    )
    assert response.status_code == 200
    assert "programme" in response.context["form"].errors
    assert not programme.curriculum_entries.exists()


def test_a_programme_with_waves_is_not_deleted_and_the_admin_is_told_why(client, world):
    client.force_login(world["admin"])
    url = reverse("programmes:delete", args=[world["programme"].pk])
    response = client.post(url, follow=True)
    assert "sudah memiliki gelombang" in response.content.decode()
    assert world["programme"].__class__.objects.filter(pk=world["programme"].pk).exists()
    assert not AuditEvent.objects.filter(action="programme.delete").exists()


def test_deleting_an_empty_wave_is_audited_with_what_it_held(client, world):
    start = datetime.date(2026, 6, 1)
    empty = services.wave_create(
        actor=world["admin"],
        programme=world["programme"],
        number=2,
        starts_on=start,
        ends_on=start + datetime.timedelta(days=2),
        host_site=world["coop"],
        capacity=20,
    )
    client.force_login(world["admin"])
    response = client.post(reverse("waves:delete", args=[empty.pk]))
    assert response.status_code == 302
    assert not Wave.objects.filter(pk=empty.pk).exists()
    event = AuditEvent.objects.get(action="wave.delete")
    assert event.target_id == str(empty.pk)
    assert "Magang Al-Ittifaq" in event.target_repr
    assert event.before["capacity"] == 20 and event.actor == world["admin"]


def _one_new_event(before_ids):
    events = list(_new_events().exclude(id__in=before_ids))
    assert len(events) == 1, [e.action for e in events]
    return events[0]


def test_editing_an_organisation_writes_one_audit_row(client, world):
    client.force_login(world["staff"])
    before_ids = set(_new_events().values_list("id", flat=True))
    response = _edit(client, "organisations:edit", world["coop"], {"regency": "Kabupaten Garut"})
    assert response.status_code == 302, response.content.decode()[:2000]
    event = _one_new_event(before_ids)
    assert event.action == "organisation.update"
    assert event.after == {"regency": "Kabupaten Garut"}


def test_withdrawing_an_enrolment_writes_one_audit_row_with_the_reason(client, world):
    client.force_login(world["staff"])
    enrolment = world["trainee"].enrolments.get()
    before_ids = set(_new_events().values_list("id", flat=True))
    response = _edit(
        client,
        "enrolments:edit",
        enrolment,
        {"status": EnrolmentStatus.WITHDRAWN, "reason": "Pindah tugas ke luar daerah."},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = _one_new_event(before_ids)
    assert event.action == "enrolment.change"
    assert event.reason == "Pindah tugas ke luar daerah."


def test_editing_a_curriculum_entry_writes_one_audit_row(client, world):
    entry = course_services.curriculum_entry_create(
        actor=world["admin"],
        programme=world["programme"],
        course=course_factories.course(modules=1, lessons_per_module=1),
    )
    client.force_login(world["staff"])
    before_ids = set(_new_events().values_list("id", flat=True))
    response = _edit(client, "curriculum:edit", entry, {"sort_order": "5"})
    assert response.status_code == 302, response.content.decode()[:2000]
    event = _one_new_event(before_ids)
    assert (event.action, event.after) == ("curriculum.update", {"sort_order": 5})
