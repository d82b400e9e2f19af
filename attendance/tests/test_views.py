import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from attendance import checkin, services
from attendance.factories import SessionFactory, bulk_roster
from attendance.models import AttendanceRecord
from attendance.services import MarkInput
from lms.audit import events_for
from lms.tests import qr_reading

pytestmark = pytest.mark.django_db


def _url(session):
    return reverse("attendance:roll-call", args=[session.pk])


def _post(w, status_local="present", status_jabar="absent"):
    return {
        f"s-{w.e_local.pk}": status_local,
        f"n-{w.e_local.pk}": "",
        f"s-{w.e_jabar.pk}": status_jabar,
        f"n-{w.e_jabar.pk}": "sakit",
    }


def test_facilitator_takes_roll_call_in_one_post(client, world):
    w = world
    client.force_login(w.facilitator)
    page = client.get(_url(w.session))
    assert page.status_code == 200
    assert w.local.full_name in page.content.decode()
    response = client.post(_url(w.session), _post(w))
    assert response.status_code == 302
    assert dict(AttendanceRecord.objects.values_list("enrolment_id", "status")) == {
        w.e_local.pk: "present",
        w.e_jabar.pk: "absent",
    }


@pytest.mark.parametrize("who", ["other_facilitator", "local"])
def test_out_of_scope_users_get_404_and_change_nothing(client, world, who):
    w = world
    client.force_login(getattr(w, who) if who != "local" else w.local)
    if who == "local":
        # A trainee of the wave sees the session, may not mark.
        assert client.get(_url(w.session)).status_code == 200
        assert client.post(_url(w.session), _post(w)).status_code == 403
    else:
        assert client.get(_url(w.session)).status_code == 404
        assert client.post(_url(w.session), _post(w)).status_code == 404
    assert not AttendanceRecord.objects.exists()


def test_staff_who_may_see_but_not_change_the_wave_get_403(client, world):
    w = world
    client.force_login(w.staff_jabar)
    page = client.get(_url(w.session))
    assert page.status_code == 200
    assert "Simpan presensi" not in page.content.decode()
    assert client.post(_url(w.session), _post(w)).status_code == 403
    assert not AttendanceRecord.objects.exists()
    for name in ("attendance:qr", "attendance:sheet", "attendance:conflicts"):
        assert client.get(reverse(name, args=[w.session.pk])).status_code == 403


def test_withdrawn_participant_refused_from_the_form(client, world):
    from programmes import services as programme_services

    w = world
    programme_services.enrolment_change(
        actor=w.admin, enrolment=w.e_jabar, status="withdrawn", reason="Pindah"
    )
    client.force_login(w.facilitator)
    response = client.post(_url(w.session), _post(w), follow=True)
    assert "mengundurkan diri" in response.content.decode()
    assert not AttendanceRecord.objects.exists()


def _roll_call_queries(client, django_assert_max_num_queries, w, session, n):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    enrolments = bulk_roster(session.wave, n)
    client.force_login(w.facilitator)
    client.get(_url(session))  # warm the per-process caches (site settings, content types)
    with CaptureQueriesContext(connection) as get_ctx:
        assert client.get(_url(session)).status_code == 200
    # A first save warms the per-process caches an audit row reads (content types).
    client.post(_url(session), {f"s-{enrolments[0].pk}": "absent"})
    data = {f"s-{e.pk}": "present" for e in enrolments}
    with CaptureQueriesContext(connection) as post_ctx:
        assert client.post(_url(session), data).status_code == 302
    return len(get_ctx.captured_queries), len(post_ctx.captured_queries)


def test_roll_call_page_and_save_queries_are_flat(client, world, django_assert_max_num_queries):
    from programmes import services as programme_services
    from programmes.factories import WaveFactory

    w = world
    small = _roll_call_queries(client, django_assert_max_num_queries, w, w.session, 38)
    big_wave = WaveFactory(host_site=w.wave.host_site)
    programme_services.facilitator_assign(
        actor=w.admin, wave=big_wave, facilitator=w.facilitator, role="fasilitator"
    )
    big_session = SessionFactory(wave=big_wave)
    big = _roll_call_queries(client, django_assert_max_num_queries, w, big_session, 1000)
    assert small[0] == big[0]
    from django.db import connection

    if connection.vendor != "sqlite":
        assert small[1] == big[1]


def test_report_and_agenda_queries_are_flat(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from programmes import services as programme_services
    from programmes.factories import WaveFactory

    w = world
    bulk_roster(w.wave, 38)
    big_wave = WaveFactory(host_site=w.wave.host_site)
    programme_services.facilitator_assign(
        actor=w.admin, wave=big_wave, facilitator=w.facilitator, role="fasilitator"
    )
    SessionFactory(wave=big_wave, starts_at=w.session.starts_at)
    bulk_roster(big_wave, 1000)
    client.force_login(w.facilitator)
    counts = []
    for wave in (w.wave, big_wave):
        row = []
        for name in ("attendance:report", "attendance:agenda"):
            client.get(reverse(name, args=[wave.pk]))  # warm per-process caches
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(reverse(name, args=[wave.pk])).status_code == 200
            row.append(len(ctx.captured_queries))
        counts.append(row)
    assert counts[0] == counts[1]


# --- Check-in ---------------------------------------------------------------------------------


def _link(session, step=None):
    step = checkin.current_step() if step is None else step
    return reverse(
        "attendance:check-in", args=[session.pk, step, checkin.signature(session.pk, step)]
    )


def test_trainee_checks_in_with_a_fresh_code(client, world):
    w = world
    client.force_login(w.local)
    assert client.get(_link(w.session)).status_code == 200
    response = client.post(_link(w.session))
    assert response.status_code == 200
    record = AttendanceRecord.objects.get(enrolment=w.e_local)
    assert (record.status, record.source) == ("present", "qr")
    assert events_for(w.session).filter(action="attendance.check_in").count() == 1


def test_check_in_after_the_grace_is_late(client, world):
    w = world
    w.session.starts_at = timezone.now() - dt.timedelta(minutes=40)
    w.session.save()
    client.force_login(w.local)
    client.post(_link(w.session))
    assert AttendanceRecord.objects.get(enrolment=w.e_local).status == "late"


def _refusal(response):
    assert response.status_code == 400
    return response.content.decode()


def test_expired_code_is_refused(client, world):
    w = world
    client.force_login(w.local)
    old = checkin.current_step() - checkin.GRACE_STEPS - 1
    body = _refusal(client.post(_link(w.session, old)))
    assert "kedaluwarsa" in body
    assert not AttendanceRecord.objects.exists()


def test_code_of_another_session_is_refused(client, world):
    w = world
    other = SessionFactory(wave=w.wave)
    client.force_login(w.local)
    step = checkin.current_step()
    url = reverse(
        "attendance:check-in", args=[w.session.pk, step, checkin.signature(other.pk, step)]
    )
    assert "bukan kode sesi ini" in _refusal(client.post(url))
    assert not AttendanceRecord.objects.exists()


def test_code_replayed_after_the_session_is_refused(client, world):
    w = world
    step = checkin.current_step()
    link = _link(w.session, step)  # photographed during the session
    w.session.starts_at = timezone.now() - dt.timedelta(hours=3)
    w.session.ends_at = timezone.now() - dt.timedelta(minutes=1)
    w.session.save()
    client.force_login(w.local)
    assert "sudah selesai" in _refusal(client.post(link))
    assert not AttendanceRecord.objects.exists()


def test_not_enrolled_is_refused(client, world):
    from accounts.factories import TraineeFactory

    w = world
    client.force_login(TraineeFactory())
    assert "tidak terdaftar" in _refusal(client.post(_link(w.session)))
    assert not AttendanceRecord.objects.exists()


def test_withdrawn_is_refused(client, world):
    from programmes import services as programme_services

    w = world
    programme_services.enrolment_change(
        actor=w.admin, enrolment=w.e_local, status="withdrawn", reason="Pindah"
    )
    client.force_login(w.local)
    assert "mengundurkan diri" in _refusal(client.post(_link(w.session)))
    assert not AttendanceRecord.objects.exists()


def test_second_check_in_changes_nothing(client, world):
    w = world
    client.force_login(w.local)
    client.post(_link(w.session))
    record = AttendanceRecord.objects.get(enrolment=w.e_local)
    body = _refusal(client.post(_link(w.session)))
    assert "sudah tercatat hadir" in body
    again = AttendanceRecord.objects.get(enrolment=w.e_local)
    assert (again.version, again.recorded_at) == (record.version, record.recorded_at)
    assert events_for(w.session).count() == 1


def test_not_logged_in_signs_in_and_comes_back_without_scanning_again(client, world):
    from accounts.factories import PASSWORD

    w = world
    response = client.get(_link(w.session))
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]
    login = client.post(response["Location"], {"username": w.local.username, "password": PASSWORD})
    assert login.status_code == 302
    assert login["Location"] == reverse("attendance:check-in-resume")
    assert client.get(login["Location"]).status_code == 200
    client.post(login["Location"])
    assert AttendanceRecord.objects.get(enrolment=w.e_local).status == "present"


def test_typed_code(client, world):
    w = world
    client.force_login(w.local)
    assert "tidak dikenal" in _refusal(
        client.post(reverse("attendance:check-in-code"), {"code": "ZZZZZZ"})
    )
    code = checkin.code(w.session.pk, checkin.current_step())
    response = client.post(reverse("attendance:check-in-code"), {"code": code.lower()})
    assert response.status_code == 200
    assert AttendanceRecord.objects.filter(enrolment=w.e_local, status="present").exists()


def test_qr_screen_draws_the_code_on_the_server(client, world):
    w = world
    client.force_login(w.facilitator)
    before = checkin.current_step()
    page = client.get(reverse("attendance:qr", args=[w.session.pk])).content.decode()
    steps = {before, checkin.current_step()}  # the step may turn during the request
    assert 'http-equiv="refresh"' in page
    assert any(checkin.code(w.session.pk, step) in page for step in steps)
    (svg,) = re.findall(r"<svg.*?</svg>", page, flags=re.S)
    (url,) = qr_reading.decode(svg)  # the drawn code leads to this session's check-in
    assert any(
        url.endswith(f"/{w.session.pk}/{step}/{checkin.signature(w.session.pk, step)}/")
        for step in steps
    ), url
    status = client.get(reverse("attendance:qr-status", args=[w.session.pk])).json()
    assert qr_reading.decode(status["svg"])[0].startswith("http") and len(status["code"]) == 6
    assert status["expected"] == 2


# --- Exports, agenda, feed ---------------------------------------------------------------------


def _wit_world(world):
    """The world's wave moved to a Papua venue with a session at 08:00 WIT."""
    import zoneinfo

    w = world
    w.wave.time_zone = "Asia/Jayapura"
    w.wave.save()
    w.session.delete()
    day = timezone.localdate() + dt.timedelta(days=20)
    wit = zoneinfo.ZoneInfo("Asia/Jayapura")
    w.session = SessionFactory(
        wave=w.wave,
        title="Pembukaan",
        starts_at=dt.datetime.combine(day, dt.time(8), tzinfo=wit),
        ends_at=dt.datetime.combine(day, dt.time(10), tzinfo=wit),
    )
    w.day = day
    return w


def test_wit_session_shows_0800_wit_on_the_agenda_in_the_ics_and_the_export(client, world):
    from icalendar import Calendar

    w = _wit_world(world)
    client.force_login(w.local)
    agenda = client.get(reverse("attendance:agenda", args=[w.wave.pk])).content.decode()
    assert "08:00–10:00 WIT" in agenda
    token = services.feed_token(user=w.local)
    ics = client.get(reverse("attendance:feed", args=[token]))
    assert ics["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(ics.content)
    [event] = cal.walk("VEVENT")
    assert event["UID"] and event["DTSTAMP"]
    assert event.decoded("DTSTART").strftime("%H:%M") == "08:00"
    assert event["DTSTART"].params["TZID"] == "Asia/Jayapura"
    assert event.decoded("DTEND").strftime("%H:%M") == "10:00"
    assert b"TZID:Asia/Jayapura" in ics.content
    client.force_login(w.facilitator)
    xlsx = client.get(reverse("attendance:report", args=[w.wave.pk]) + "?format=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.cell(row=1, column=4).value.endswith(f"{w.day.year} 08:00 WIT)")


def test_feed_token_is_revocable(client, world):
    w = world
    old = services.feed_token(user=w.local)
    new = services.feed_token(user=w.local, renew=True)
    assert client.get(reverse("attendance:feed", args=[old])).status_code == 404
    assert client.get(reverse("attendance:feed", args=[new])).status_code == 200


def test_excel_totals_equal_the_page_rates(client, world):
    w = world
    past = SessionFactory(
        wave=w.wave, starts_at=timezone.now() - dt.timedelta(days=1), lesson_hours=4
    )
    services.roll_call_save(
        actor=w.facilitator,
        session=past,
        marks={w.e_local.pk: MarkInput("present"), w.e_jabar.pk: MarkInput("excused")},
    )
    services.roll_call_save(
        actor=w.facilitator, session=w.session, marks={w.e_jabar.pk: MarkInput("late")}
    )
    client.force_login(w.facilitator)
    page = client.get(reverse("attendance:report", args=[w.wave.pk]))
    rows = {r.pk: r for r in page.context["page_obj"]}
    xlsx = client.get(reverse("attendance:report", args=[w.wave.pk]) + "?format=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    header = [c.value for c in sheet[1]]
    rate_col = header.index("Kehadiran (%)")
    jp_col = header.index("JP hadir")
    by_name = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    for enrolment, user in ((w.e_local, w.local), (w.e_jabar, w.jabar)):
        row = by_name[user.full_name]
        assert row[jp_col] == rows[enrolment.pk].jp_attended
        assert row[rate_col] == round(rows[enrolment.pk].rate, 1)
    # local: 4 of 6 JP; jabar (excused leaves the denominator): 2 of 2.
    assert by_name[w.local.full_name][rate_col] == pytest.approx(66.7)
    assert by_name[w.jabar.full_name][rate_col] == 100
    csv = client.get(reverse("attendance:report", args=[w.wave.pk]) + "?format=csv")
    assert w.local.full_name in b"".join(csv.streaming_content).decode("utf-8-sig")


def test_trainee_may_not_open_the_report(client, world):
    client.force_login(world.local)
    assert client.get(reverse("attendance:report", args=[world.wave.pk])).status_code == 403


def test_sign_in_sheet_pdf(client, world):
    from pypdf import PdfReader

    w = world
    client.force_login(w.facilitator)
    response = client.get(reverse("attendance:sheet", args=[w.session.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert w.local.full_name in text and w.session.code in text


def _png_with_gps():
    from PIL import Image

    image = Image.new("RGB", (20, 20), "white")
    exif = Image.Exif()
    exif[0x8825] = {1: "S", 2: (1.0, 2.0, 3.0)}
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_signed_sheet_evidence_is_checked_stripped_and_served_to_those_who_may_see(
    client, world, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = str(tmp_path)
    w = world
    client.force_login(w.facilitator)
    url = reverse("attendance:evidence-upload", args=[w.session.pk])
    client.post(url, {"file": SimpleUploadedFile("x.pdf", b"<html>no</html>")})
    assert not w.session.evidence.exists()
    client.post(url, {"file": SimpleUploadedFile("lembar.jpg", _png_with_gps())})
    evidence = w.session.evidence.get()
    stored = evidence.file.read()
    assert b"Exif" not in stored
    assert "lembar" not in evidence.file.name
    served = client.get(reverse("attendance:evidence", args=[evidence.pk]))
    assert served.status_code == 200 and served["Cache-Control"] == "private, no-store"
    client.force_login(w.other_facilitator)
    assert client.get(reverse("attendance:evidence", args=[evidence.pk])).status_code == 404
    client.force_login(w.local)
    assert client.get(reverse("attendance:evidence", args=[evidence.pk])).status_code == 404
    client.force_login(w.staff_jabar)
    assert (
        client.post(url, {"file": SimpleUploadedFile("b.jpg", _png_with_gps())}).status_code == 403
    )
    assert w.session.evidence.count() == 1


# --- Offline sync -----------------------------------------------------------------------------


def test_offline_marks_are_idempotent_and_conflicts_are_logged(client, world):
    import json

    w = world
    services.roll_call_save(
        actor=w.facilitator, session=w.session, marks={w.e_jabar.pk: MarkInput("absent")}
    )
    client.force_login(w.facilitator)
    url = reverse("attendance:sync", args=[w.session.pk])
    payload = {
        "marks": [
            {"id": "dev-1", "enrolment": w.e_local.pk, "status": "present", "version": 0},
            {"id": "dev-2", "enrolment": w.e_jabar.pk, "status": "present", "version": 1},
        ]
    }
    first = client.post(url, json.dumps(payload), content_type="application/json").json()
    assert first["outcomes"] == {"dev-1": "applied", "dev-2": "applied"}
    # Meanwhile another facilitator (staff) marks jabar late; the device, still at version 1
    # for jabar, sends a new mark: a conflict, nothing overwritten.
    services.roll_call_save(
        actor=w.staff_sulteng, session=w.session, marks={w.e_jabar.pk: MarkInput("late")}
    )
    payload2 = {
        "marks": [{"id": "dev-3", "enrolment": w.e_jabar.pk, "status": "absent", "version": 2}]
    }
    second = client.post(url, json.dumps(payload2), content_type="application/json").json()
    assert second["outcomes"] == {"dev-3": "conflict"}
    assert AttendanceRecord.objects.get(enrolment=w.e_jabar).status == "late"
    # Sending everything again changes nothing.
    before = list(AttendanceRecord.objects.order_by("pk").values_list("status", "version"))
    again = client.post(url, json.dumps(payload), content_type="application/json").json()
    assert set(again["outcomes"].values()) == {"duplicate"}
    assert list(AttendanceRecord.objects.order_by("pk").values_list("status", "version")) == before
    page = client.get(reverse("attendance:conflicts", args=[w.session.pk])).content.decode()
    assert w.jabar.full_name in page
    conflict = w.session.conflicts.get()
    client.post(
        reverse("attendance:conflicts", args=[w.session.pk]),
        {"conflict": conflict.pk, "keep": "offline"},
    )
    assert AttendanceRecord.objects.get(enrolment=w.e_jabar).status == "absent"
    assert events_for(w.session).filter(action="attendance.conflict_resolved").exists()
    # Staff of another region may not sync.
    client.force_login(w.staff_jabar)
    assert client.post(url, json.dumps(payload), content_type="application/json").status_code == 403


# --- Panels -----------------------------------------------------------------------------------


def test_home_panels(client, world):
    w = world
    services.roll_call_save(
        actor=w.facilitator, session=w.session, marks={w.e_jabar.pk: MarkInput("present")}
    )
    client.force_login(w.facilitator)
    page = client.get(reverse("portal:my-home")).content.decode()
    assert reverse("attendance:roll-call", args=[w.session.pk]) in page
    client.force_login(w.jabar)
    page = client.get(reverse("portal:my-home")).content.decode()
    assert "Kehadiran 100%" in page
