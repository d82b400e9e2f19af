from django import template
from wagtail.models import Site

from cms.models import SiteSettings

register = template.Library()


@register.simple_tag(takes_context=True)
def site_settings(context):
    """The site's settings from the cache (one database read per hour, not per page)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return SiteSettings()
    return SiteSettings.cached_for_site(site)
