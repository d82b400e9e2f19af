from django.contrib.auth.management import create_permissions
from django.db import migrations

TRACKS = [
    # slug, Indonesian name, English name, description
    ("tata-kelola", "Tata kelola", "Governance", "AD/ART, SOP, RAT dan tugas pengurus."),
    ("keuangan", "Keuangan", "Finance", "Pembukuan koperasi, SHU dan pinjaman."),
    ("pemasaran", "Pemasaran", "Marketing", "Produk anggota, jejaring usaha dan mitra ritel."),
    (
        "transformasi-digital",
        "Transformasi digital",
        "Digital transformation",
        "Pembukuan digital dan penjualan daring.",
    ),
]
GROUP_PERMISSIONS = {
    "Editors": {
        "courses": [
            "add_track", "change_track", "view_track",
            "add_curriculumentry", "change_curriculumentry", "delete_curriculumentry",
            "view_curriculumentry",
        ],
        "simple_translation": ["submit_translation"],
    },
    "Staf program": {
        "courses": [
            "view_track",
            "add_curriculumentry", "change_curriculumentry", "delete_curriculumentry",
            "view_curriculumentry",
        ],
    },
}


def seed(apps, schema_editor):
    Track = apps.get_model("courses", "Track")
    for order, (slug, name, name_en, description) in enumerate(TRACKS, start=1):
        Track.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "name_en": name_en,
                "description": description,
                "sort_order": order,
            },
        )
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, by_app in GROUP_PERMISSIONS.items():
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        for app_label, codenames in by_app.items():
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_label, codename__in=codenames
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0001_initial"),
        ("accounts", "0002_role_groups"),
        ("simple_translation", "0001_initial"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
