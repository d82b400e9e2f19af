from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import get_language, get_language_info
from wagtail.models import Page, Site

from cms.models import SiteSettings
from lms.content_cache import content_version

register = template.Library()

MENU_TIMEOUT = 24 * 3600


@register.simple_tag(takes_context=True)
def site_settings(context):
    """The site's settings from the cache (one database read per hour, not per page)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return SiteSettings()
    return SiteSettings.cached_for_site(site)


def _menu_entries(site: Site, language: str, request) -> list[dict]:
    """The home page's live children marked "show in menus", in the current language (the
    catalogue, once published). Kept under the content version: any page change refreshes it."""
    key = f"cms:menu:{site.pk}:{language}:{content_version()}"
    entries = cache.get(key)
    if entries is None:
        home = site.root_page.localized
        entries = [
            {"title": page.title, "url": page.get_url(request)}
            for page in Page.objects.child_of(home).live().in_menu().order_by("path")
        ]
        cache.set(key, entries, timeout=MENU_TIMEOUT)
    return entries


@register.simple_tag(takes_context=True)
def site_menu(context):
    """The site's main navigation: pages editors mark "show in menus" below the home page."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return []
    path = request.path
    return [
        {**entry, "current": bool(entry["url"]) and path.startswith(entry["url"])}
        for entry in _menu_entries(site, get_language(), request)
        if entry["url"]
    ]


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per language, each to the language switch with this page's address: the switch
    finds the same page in the other language when the link is followed (cms/views.py)."""
    request = context.get("request")
    current = get_language()
    next_path = request.get_full_path() if request is not None else "/"
    links = []
    for code, _name in settings.LANGUAGES:
        links.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "current": code == current,
                "url": reverse("cms:switch-language", args=[code])
                + "?"
                + urlencode({"next": next_path}),
            }
        )
    return links


@register.simple_tag
def page_description(page):
    """The page's meta description: its search description, else its intro or summary."""
    if page is None or page == "":
        return ""
    for field in ("search_description", "intro", "summary"):
        value = getattr(page, field, "")
        if value:
            return Truncator(" ".join(strip_tags(str(value)).split())).chars(200)
    return ""


@register.simple_tag
def localized_url(page):
    """The address of ``page`` in the current language (its translation where one is live)."""
    if not page:
        return ""
    localized = page.localized
    if not localized.live:
        localized = page
    return localized.get_url() if page.live else ""
