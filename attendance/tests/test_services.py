import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from attendance import services
from attendance.models import AttendanceRecord
from attendance.services import MarkInput
from lms.audit import events_for
from programmes import services as programme_services
from programmes.constants import EnrolmentStatus

pytestmark = pytest.mark.django_db


def _marks(w):
    return {w.e_local.pk: MarkInput("present"), w.e_jabar.pk: MarkInput("absent", "sakit")}


def test_facilitator_saves_a_roll_call_with_one_audit_row(world):
    w = world
    result = services.roll_call_save(actor=w.facilitator, session=w.session, marks=_marks(w))
    assert result == {"created": 2, "changed": 0}
    rows = dict(AttendanceRecord.objects.values_list("enrolment_id", "status"))
    assert rows == {w.e_local.pk: "present", w.e_jabar.pk: "absent"}
    events = list(events_for(w.session))
    assert len(events) == 1
    assert events[0].after[str(w.e_jabar.pk)] == {"status": "absent", "note": "sakit"}


def test_resaving_changes_only_what_changed(world):
    w = world
    services.roll_call_save(actor=w.facilitator, session=w.session, marks=_marks(w))
    marks = {
        w.e_local.pk: MarkInput("present", "", "present", ""),
        w.e_jabar.pk: MarkInput("excused", "sakit", "absent", "sakit"),
    }
    result = services.roll_call_save(actor=w.facilitator, session=w.session, marks=marks)
    assert result == {"created": 0, "changed": 1}
    last = events_for(w.session).order_by("-pk").first()
    assert last.before == {str(w.e_jabar.pk): {"status": "absent", "note": "sakit"}}
    assert last.after == {str(w.e_jabar.pk): {"status": "excused", "note": "sakit"}}
    assert AttendanceRecord.objects.get(enrolment=w.e_jabar).version == 2
    # Nothing changed: no write, no audit row.
    count = events_for(w.session).count()
    services.roll_call_save(actor=w.facilitator, session=w.session, marks=marks)
    assert events_for(w.session).count() == count


def test_later_save_wins_field_by_field_and_the_earlier_is_in_the_audit_trail(world):
    w = world
    services.roll_call_save(actor=w.facilitator, session=w.session, marks=_marks(w))
    # Two people opened the page when it said "absent, sakit".
    services.roll_call_save(
        actor=w.admin,
        session=w.session,
        marks={w.e_jabar.pk: MarkInput("absent", "sakit demam", "absent", "sakit")},
    )
    services.roll_call_save(
        actor=w.facilitator,
        session=w.session,
        marks={w.e_jabar.pk: MarkInput("late", "sakit", "absent", "sakit")},
    )
    record = AttendanceRecord.objects.get(enrolment=w.e_jabar)
    # The status the facilitator changed wins; the note they did not touch keeps the admin's.
    assert (record.status, record.note) == ("late", "sakit demam")
    notes = [e.after[str(w.e_jabar.pk)]["note"] for e in events_for(w.session).order_by("pk")]
    assert "sakit demam" in notes


def test_withdrawn_participant_cannot_be_marked(world):
    w = world
    programme_services.enrolment_change(
        actor=w.admin, enrolment=w.e_jabar, status=EnrolmentStatus.WITHDRAWN, reason="Pindah"
    )
    with pytest.raises(ValidationError) as error:
        services.roll_call_save(actor=w.facilitator, session=w.session, marks=_marks(w))
    assert error.value.code == "withdrawn"
    assert not AttendanceRecord.objects.exists()


@pytest.mark.parametrize("who", ["other_facilitator", "staff_jabar", "local"])
def test_only_the_waves_facilitators_and_staff_who_may_change_it_mark(world, who):
    w = world
    with pytest.raises(PermissionDenied):
        services.roll_call_save(actor=getattr(w, who), session=w.session, marks=_marks(w))
    assert not AttendanceRecord.objects.exists()


def test_staff_who_may_change_the_wave_mark(world):
    w = world
    services.roll_call_save(actor=w.staff_sulteng, session=w.session, marks=_marks(w))
    assert AttendanceRecord.objects.count() == 2


def test_the_database_keeps_one_record_per_session_and_participant(world):
    from django.db import IntegrityError, transaction
    from django.utils import timezone

    w = world
    services.roll_call_save(actor=w.facilitator, session=w.session, marks=_marks(w))
    with pytest.raises(IntegrityError), transaction.atomic():
        AttendanceRecord.objects.create(
            session=w.session,
            enrolment=w.e_local,
            status="absent",
            source="roll_call",
            recorded_at=timezone.now(),
        )


def test_schedule_is_built_only_by_staff_who_may_change_the_wave(world):
    import datetime as dt

    w = world
    for actor in (w.staff_jabar, w.facilitator):
        with pytest.raises(PermissionDenied):
            services.add_week(
                actor=actor,
                wave=w.wave,
                first_day=dt.date(2026, 12, 1),
                start_time=dt.time(8),
                end_time=dt.time(12),
                kind="on_the_job",
                title="Praktik",
            )
    created = services.add_week(
        actor=w.staff_sulteng,
        wave=w.wave,
        first_day=dt.date(2026, 12, 1),
        start_time=dt.time(8),
        end_time=dt.time(12),
        kind="on_the_job",
        title="Praktik",
        days=5,
    )
    assert len(created) == 5
    # 08:00 WITA is 00:00 UTC.
    assert created[0].starts_at.astimezone(dt.UTC).hour == 0
    assert created[4].starts_at.date() == dt.date(2026, 12, 5)


def test_copy_schedule_keeps_local_times_in_the_target_zone(world, admin):
    import datetime as dt

    from organisations.factories import OrganisationFactory, province
    from programmes.factories import WaveFactory

    w = world
    services.add_week(
        actor=admin,
        wave=w.wave,
        first_day=w.wave.starts_on,
        start_time=dt.time(8),
        end_time=dt.time(10),
        kind="lecture",
        title="Kelas",
        days=2,
    )
    papua = WaveFactory(
        host_site=OrganisationFactory(province=province("91")), time_zone="Asia/Jayapura"
    )
    copied = services.schedule_copy(actor=admin, source_wave=w.wave, target_wave=papua)
    assert len(copied) == 3  # the world's session and the two added
    # the two added at 08:00 (the world's own session starts whenever the test runs)
    first = min((s for s in copied if s.title.startswith("Kelas")), key=lambda s: s.starts_at)
    local = first.starts_at.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Jayapura"))
    assert local.time() == dt.time(8) and local.date() == papua.starts_on
