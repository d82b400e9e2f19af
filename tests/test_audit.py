import pytest

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
