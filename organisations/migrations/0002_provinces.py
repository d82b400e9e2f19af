from django.db import migrations

from organisations.constants import PROVINCES


def load_provinces(apps, schema_editor):
    Province = apps.get_model("organisations", "Province")
    for code, name, time_zone in PROVINCES:
        Province.objects.update_or_create(code=code, defaults={"name": name, "time_zone": time_zone})


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]

    operations = [migrations.RunPython(load_provinces, migrations.RunPython.noop)]
