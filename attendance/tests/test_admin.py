import datetime as dt

import pytest
from django.urls import reverse

from attendance.models import Session

pytestmark = pytest.mark.django_db


def _edit_data(w, title="Kelas diubah"):
    return {
        "wave": w.wave.pk,
        "kind": "lecture",
        "title": title,
        "venue": "Aula",
        "lesson_hours": 3,
        "unit": "",
        "day": "2026-12-01",
        "start_time": "08:00",
        "end_time": "10:00",
    }


def test_staff_who_may_change_the_wave_edit_a_session_in_the_waves_zone(client, world):
    w = world
    client.force_login(w.staff_sulteng)
    url = reverse("sessions:edit", args=[w.session.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _edit_data(w))
    assert response.status_code == 302, response.content.decode()[:2000]
    w.session.refresh_from_db()
    assert w.session.title == "Kelas diubah"
    # 08:00 WITA (the Palu wave) is 00:00 UTC.
    assert w.session.starts_at == dt.datetime(2026, 12, 1, 0, 0, tzinfo=dt.UTC)
    listing = client.get(reverse("sessions:index")).content.decode()
    assert "1 Des 2026 08:00–10:00 WITA" in listing or "1 Dec 2026 08:00–10:00 WITA" in listing


def test_staff_who_may_only_see_the_wave_get_403_and_change_nothing(client, world):
    w = world
    client.force_login(w.staff_jabar)
    assert w.session.title in client.get(reverse("sessions:index")).content.decode()
    url = reverse("sessions:edit", args=[w.session.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, _edit_data(w)).status_code == 403
    delete = reverse("sessions:delete", args=[w.session.pk])
    assert client.post(delete).status_code == 403
    w.session.refresh_from_db()
    assert w.session.title != "Kelas diubah"


def test_out_of_region_staff_do_not_see_the_session(client, world):
    from accounts.factories import StaffFactory
    from organisations.factories import province

    w = world
    client.force_login(StaffFactory(scope_province=province("91")))
    assert w.session.title not in client.get(reverse("sessions:index")).content.decode()
    assert client.get(reverse("sessions:edit", args=[w.session.pk])).status_code in (403, 404)


def test_add_a_week_in_one_step(client, world):
    w = world
    client.force_login(w.staff_sulteng)
    data = {
        "wave": w.wave.pk,
        "kind": "on_the_job",
        "title": "Praktik kerja",
        "first_day": "2026-12-07",
        "days": 5,
        "start_time": "07:00",
        "end_time": "15:00",
        "lesson_hours": 8,
    }
    response = client.post(reverse("attendance_add_week"), data)
    assert response.status_code == 302
    assert Session.objects.filter(wave=w.wave, kind="on_the_job").count() == 5
    # Staff who only see the wave cannot pick it.
    client.force_login(w.staff_jabar)
    response = client.post(reverse("attendance_add_week"), {**data, "first_day": "2026-12-14"})
    assert response.status_code == 200
    assert Session.objects.filter(wave=w.wave, kind="on_the_job").count() == 5


def test_copy_a_schedule_from_another_wave(client, world):
    from programmes.factories import WaveFactory

    w = world
    target = WaveFactory(host_site=w.wave.host_site, time_zone="Asia/Makassar")
    client.force_login(w.staff_sulteng)
    response = client.post(
        reverse("attendance_schedule_copy"), {"source": w.wave.pk, "target": target.pk}
    )
    assert response.status_code == 302
    assert Session.objects.filter(wave=target).count() == 1


def test_facilitators_and_trainees_do_not_build_schedules(client, world):
    w = world
    for user in (w.facilitator, w.local):
        client.force_login(user)
        response = client.get(reverse("attendance_add_week"))
        assert response.status_code in (302, 403)
