from django.contrib.auth.management import create_permissions
from django.db import migrations

STAFF_GROUP = "Staf program"
STAFF_PERMISSIONS = {
    "wagtailadmin": ["access_admin"],
    "programmes": [
        "add_programme", "change_programme", "view_programme",
        "add_wave", "change_wave", "view_wave",
        "add_enrolment", "change_enrolment", "view_enrolment",
        "add_partneragreement", "change_partneragreement", "delete_partneragreement",
        "view_partneragreement",
        "add_facilitatorassignment", "change_facilitatorassignment",
        "delete_facilitatorassignment", "view_facilitatorassignment",
    ],
    "organisations": ["add_organisation", "change_organisation", "view_organisation", "view_province"],
    "accounts": ["add_participant", "change_participant", "view_participant"],
    "lms": ["view_auditevent"],
}


def create_staff_group(apps, schema_editor):
    # Permissions are normally made after migrating; make them now so the group can hold them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=STAFF_GROUP)
    for app_label, codenames in STAFF_PERMISSIONS.items():
        perms = Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        missing = set(codenames) - set(perms.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Missing permissions for {app_label}: {sorted(missing)}")
        group.permissions.add(*perms)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("programmes", "0001_initial"),
        ("organisations", "0002_provinces"),
        ("lms", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(create_staff_group, migrations.RunPython.noop)]
