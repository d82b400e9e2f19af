import pytest
from django.db import DatabaseError, connection, transaction

from accounts.factories import StaffFactory
from lms import audit
from lms.models import AuditEvent
from organisations.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_audit_rows_record_who_what_before_after_and_why():
    org = OrganisationFactory(name="Koperasi Uji")
    event = audit.record(
        actor=None,
        action="organisation.rename",
        target=org,
        before={"name": "Lama"},
        after={"name": "Koperasi Uji"},
        reason="Salah ketik",
        province_code="32",
    )
    assert (event.target_type, event.target_id, event.target_repr) == (
        "organisations.organisation",
        str(org.pk),
        "Koperasi Uji",
    )
    assert event.before == {"name": "Lama"} and event.reason == "Salah ketik"
    assert list(audit.events_for(org)) == [event]


def test_audit_rows_cannot_be_changed_or_deleted():
    event = audit.record(actor=None, action="x", target=OrganisationFactory())
    event.reason = "rewritten"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.update(reason="rewritten")
    assert AuditEvent.objects.get().reason == ""


def test_snapshot_keeps_foreign_keys_as_ids_and_dates_as_text():
    org = OrganisationFactory()
    data = audit.snapshot(org, ["name", "province", "created_at"])
    assert data["province"] == org.province_id
    assert isinstance(data["created_at"], str)


def test_audit_rows_cannot_be_changed_through_the_base_manager_or_bulk_paths():
    event = audit.record(actor=None, action="x", target=OrganisationFactory())
    event.reason = "rewritten"
    with pytest.raises(TypeError):
        AuditEvent.objects.bulk_update([event], ["reason"])
    with pytest.raises(TypeError):
        AuditEvent._base_manager.filter(pk=event.pk).update(reason="rewritten")
    with pytest.raises(TypeError):
        AuditEvent._base_manager.all().delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.all()._raw_delete(AuditEvent.objects.db)
    assert AuditEvent.objects.get().reason == ""


def test_the_database_refuses_to_update_audit_rows():
    event = audit.record(actor=None, action="x", target=OrganisationFactory())
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE lms_auditevent SET reason = 'rewritten' WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get().reason == ""


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite keeps DELETE open: Django flushes SQLite between transactional tests with "
    "DELETE FROM, which a DELETE trigger would break (see lms/migrations/0002).",
)
def test_the_database_refuses_to_delete_audit_rows():
    audit.record(actor=None, action="x", target=OrganisationFactory())
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM lms_auditevent")
    assert AuditEvent.objects.count() == 1


def test_audit_rows_name_the_actor_as_they_were_when_written():
    actor = StaffFactory(full_name="Sari Wulandari", username="sari")
    org = OrganisationFactory()
    one = audit.record(actor=actor, action="x", target=org)
    [many] = audit.record_many(actor=actor, action="y", entries=[{"target": org}])
    assert one.actor_name == many.actor_name == "Sari Wulandari (sari)"


def test_deleting_a_user_keeps_the_actor_on_their_audit_rows():
    actor = StaffFactory(full_name="Sari Wulandari", username="sari")
    actor_id = actor.pk
    event = audit.record(actor=actor, action="x", target=OrganisationFactory())
    actor.delete()
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor_id == actor_id
    assert stored.actor_name == "Sari Wulandari (sari)"
