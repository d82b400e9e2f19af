from django.db import migrations


def create_home_page(apps, schema_editor):
    """Replace Wagtail's welcome page with our Indonesian home page as the site root."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Locale = apps.get_model("wagtailcore", "Locale")
    HomePage = apps.get_model("cms", "HomePage")

    locale, _created = Locale.objects.get_or_create(language_code="id")
    Page.objects.filter(depth=2, slug="home", content_type__model="page").delete()
    content_type, _created = ContentType.objects.get_or_create(model="homepage", app_label="cms")
    if HomePage.objects.exists():
        return
    home = HomePage.objects.create(
        title="Pelatihan Pengurus Koperasi",
        draft_title="Pelatihan Pengurus Koperasi",
        slug="beranda",
        content_type=content_type,
        path="00010002",
        depth=2,
        numchild=0,
        url_path="/beranda/",
        locale=locale,
        intro=(
            "Magang dan bimbingan teknis bagi pengurus Koperasi Desa/Kelurahan Merah Putih "
            "dan Koperasi Merah Putih Warga Binaan."
        ),
    )
    Page.objects.filter(depth=1).update(numchild=1)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "LMS Koperasi"},
    )


class Migration(migrations.Migration):
    dependencies = [("cms", "0001_initial"), ("wagtailcore", "0002_initial_data")]

    operations = [migrations.RunPython(create_home_page, migrations.RunPython.noop)]
