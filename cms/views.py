"""The site shell's own views: the language switch and the error pages.

The language switch is a plain link per language (``/bahasa/<code>/?next=<path>``), so it
works without JavaScript and costs nothing when a page is rendered: the other page is looked
up only when someone follows the link.

- A Wagtail page goes to its translation in the other language (``get_translation_or_none``).
  Where it has none, to the nearest ancestor that has one, with a short note saying so; where
  no ancestor has one either, the visitor stays on the page, with the same note. Never a 404.
- Any other address under the language prefix (``/beranda-saya/``, ``/akun/…``) goes to the
  same address under the other prefix (Django's ``translate_url``).

Error pages render in the site's layout and the language of the address (the locale
middleware has chosen it before the view runs). The 500 page reads neither the database nor
the session: it is the page shown when one of them fails.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect, HttpResponseServerError
from django.template import loader
from django.templatetags.static import static
from django.urls import NoReverseMatch, Resolver404, resolve, reverse, translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET
from wagtail.models import Locale, Page, Site

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


def _safe_next(request) -> str:
    target = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return "/"
    return target


def _page_at(request, path: str, language: str) -> Page | None:
    """The live Wagtail page served at ``path`` (an address in ``language``), or None."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.url_name != "wagtail_serve":
        return None
    site = Site.find_for_request(request)
    if site is None:
        return None
    path_in_site = match.args[0] if match.args else match.kwargs.get("path", "")
    components = [part for part in path_in_site.split("/") if part]
    try:
        with translation.override(language):
            result = site.root_page.localized.specific.route(request, components)
    except Http404:
        return None
    page = result[0] if result is not None else None
    return page if page is not None and page.live else None


def _live_translation(page: Page, locale: Locale) -> Page | None:
    translated = page.get_translation_or_none(locale)
    return translated if translated is not None and translated.live else None


def _page_target(request, page: Page, language: str) -> tuple[Page, bool]:
    """The page to land on in ``language`` and whether it is the page itself (or its copy)."""
    locale = Locale.objects.filter(language_code=language).first()
    if page.locale_id == getattr(locale, "pk", None):
        return page, True
    if locale is not None:
        translated = _live_translation(page, locale)
        if translated is not None:
            return translated, True
        for ancestor in page.get_ancestors().filter(depth__gt=1).order_by("-depth"):
            translated = _live_translation(ancestor, locale)
            if translated is not None:
                return translated, False
    return page, False


@require_GET
def switch_language(request, language: str):
    """Follow the link "English" / "Bahasa Indonesia": the same page in the other language."""
    if language not in LANGUAGE_CODES:
        raise Http404
    target = _safe_next(request)
    parts = urlsplit(target)
    source = translation.get_language_from_path(parts.path) or settings.LANGUAGE_CODE
    with translation.override(source):
        page = _page_at(request, parts.path, source)
        if page is None:
            destination = translate_url(target, language)
    if page is not None:
        landing, same = _page_target(request, page, language)
        with translation.override(language):
            destination = landing.get_url(request) or "/"
            if not same:
                messages.info(
                    request,
                    gettext(
                        "Halaman itu belum tersedia dalam bahasa ini; Anda dibawa ke halaman "
                        "terdekat yang sudah tersedia."
                    ),
                )
        if parts.query and same:
            destination = f"{destination}?{parts.query}"
    response = HttpResponseRedirect(destination)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


# Error pages -------------------------------------------------------------------------------


def _error(request, template_name: str, status: int, context: dict | None = None):
    body = loader.get_template(template_name).render(context or {}, request)
    return HttpResponse(body, status=status)


@requires_csrf_token
def bad_request(request, exception=None):
    return _error(request, "400.html", 400)


@requires_csrf_token
def permission_denied(request, exception=None):
    return _error(request, "403.html", 403)


@requires_csrf_token
def page_not_found(request, exception=None):
    return _error(request, "404.html", 404)


def csrf_failure(request, reason=""):
    return _error(request, "403_csrf.html", 403)


def server_error(request):
    """No request context: the context processors read the session, the user and the site
    settings, any of which may be what failed. The template gets the language and the home
    address, both worked out without the database."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    try:
        home = reverse("wagtail_serve", args=[""])
    except NoReverseMatch:
        home = "/"
    body = loader.get_template("500.html").render({"LANGUAGE_CODE": language, "home_url": home})
    return HttpResponseServerError(body)


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says: send them to the static icon."""
    return HttpResponseRedirect(static("cms/favicon.ico"))
