import pytest
from wagtail.models import Site

from cms.models import SiteSettings

pytestmark = pytest.mark.django_db


def test_an_edit_of_the_cached_site_settings_shows_on_the_next_page(client):
    client.get("/")
    site = Site.objects.get(is_default_site=True)
    settings = SiteSettings.for_site(site)
    settings.footer_text = "Kanwil Ditjenpas Jawa Barat"
    settings.save()
    assert "Kanwil Ditjenpas Jawa Barat" in client.get("/").content.decode()
