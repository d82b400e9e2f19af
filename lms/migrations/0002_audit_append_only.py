"""Audit rows keep their actor when a user is deleted, and the database refuses to change them.

PostgreSQL: a row-level trigger raises on UPDATE and DELETE of lms_auditevent, whoever sends the
SQL. Row-level, so TRUNCATE (the test runner's flush) still empties the table.
SQLite (development and quick tests only): a trigger refuses UPDATE; DELETE stays allowed
because Django flushes SQLite between transactional tests with DELETE FROM, which a DELETE
trigger would break.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

PG_FORWARD = """
CREATE OR REPLACE FUNCTION lms_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Audit events are append-only (% refused).', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS lms_auditevent_append_only ON lms_auditevent;
CREATE TRIGGER lms_auditevent_append_only
    BEFORE UPDATE OR DELETE ON lms_auditevent
    FOR EACH ROW EXECUTE FUNCTION lms_auditevent_append_only();
"""
PG_BACKWARD = """
DROP TRIGGER IF EXISTS lms_auditevent_append_only ON lms_auditevent;
DROP FUNCTION IF EXISTS lms_auditevent_append_only();
"""
SQLITE_FORWARD = """
CREATE TRIGGER IF NOT EXISTS lms_auditevent_no_update
    BEFORE UPDATE ON lms_auditevent
    BEGIN SELECT RAISE(ABORT, 'Audit events are append-only (UPDATE refused).'); END;
"""
SQLITE_BACKWARD = "DROP TRIGGER IF EXISTS lms_auditevent_no_update;"


def _label(user):
    name = user.full_name
    return (f"{name} ({user.username})" if name and name != user.username else user.username)[:255]


def fill_actor_names(apps, schema_editor):
    AuditEvent = apps.get_model("lms", "AuditEvent")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    actor_ids = AuditEvent.objects.filter(actor__isnull=False).values_list("actor_id", flat=True)
    for user in User.objects.filter(pk__in=actor_ids.distinct()):
        AuditEvent.objects.filter(actor_id=user.pk).update(actor_name=_label(user))


def _run(sql_by_vendor):
    def run(apps, schema_editor):
        sql = sql_by_vendor.get(schema_editor.connection.vendor)
        if sql:
            with schema_editor.connection.cursor() as cursor:
                cursor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("lms", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="actor_name",
            field=models.CharField(blank=True, max_length=255, verbose_name="nama pelaku"),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="pelaku",
            ),
        ),
        migrations.AlterModelOptions(
            name="auditevent",
            options={
                "base_manager_name": "objects",
                "ordering": ["-created_at", "-id"],
                "verbose_name": "jejak audit",
                "verbose_name_plural": "jejak audit",
            },
        ),
        migrations.RunPython(fill_actor_names, migrations.RunPython.noop),
        migrations.RunPython(
            _run({"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
    ]
