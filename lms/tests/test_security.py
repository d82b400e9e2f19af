"""Headers and cookie flags every response carries (private caching for signed-in users, the
Content-Security-Policy, SameSite on every cookie), and uploaded images stored re-encoded."""

import io

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.test import RequestFactory
from django.utils import translation
from django.views.decorators.cache import never_cache
from PIL import Image as PILImage
from PIL.PngImagePlugin import PngInfo
from wagtail.images import get_image_model

from accounts.factories import PASSWORD, AdminFactory, TraineeFactory
from lms.middleware import PrivateCacheMiddleware

LOGIN = "/akun/masuk/"


def _home_url():
    """Where a signed-in user lands, in the site's first language whatever a test left active."""
    with translation.override(settings.LANGUAGE_CODE):
        return resolve_url(settings.LOGIN_REDIRECT_URL)


def _directives(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part}


@pytest.mark.django_db
def test_pages_for_a_signed_in_user_are_private_and_vary_on_cookie(client):
    client.force_login(TraineeFactory())
    response = client.get(_home_url())
    assert response.status_code == 200
    assert "private" in _directives(response)
    assert "public" not in _directives(response)
    assert "Cookie" in response["Vary"]


class _User:
    is_authenticated = True


def _through_middleware(view, user):
    request = RequestFactory().get("/")
    request.user = user
    return PrivateCacheMiddleware(view)(request)


def test_a_public_cache_header_becomes_private_for_a_signed_in_user():
    def view(request):
        response = HttpResponse("ok")
        response["Cache-Control"] = "public, max-age=300"
        return response

    response = _through_middleware(view, _User())
    assert _directives(response) == {"private", "max-age=300"}


def test_a_view_that_says_no_store_keeps_its_header():
    view = never_cache(lambda request: HttpResponse("ok"))
    expected = view(RequestFactory().get("/"))["Cache-Control"]
    assert _through_middleware(view, _User())["Cache-Control"] == expected


def test_anonymous_pages_are_left_to_the_view():
    def view(request):
        response = HttpResponse("ok")
        response["Cache-Control"] = "public, max-age=300"
        return response

    response = _through_middleware(view, AnonymousUser())
    assert _directives(response) == {"public", "max-age=300"}
    assert not response.has_header("Vary")


def _policy(response):
    policy = response["Content-Security-Policy"]
    return policy, {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


@pytest.mark.django_db
def test_every_page_has_a_content_security_policy_of_our_own_origin(client):
    policy, directives = _policy(client.get(LOGIN))
    assert directives["default-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:"]
    assert directives["frame-ancestors"] == ["'self'"]
    assert "script-src" not in directives  # scripts fall back to 'self': no inline, no CDN
    assert "style-src" not in directives
    assert "http" not in policy


@pytest.mark.django_db
def test_only_the_admin_allows_the_inline_scripts_wagtail_needs(client):
    _policy_text, directives = _policy(client.get("/admin/login/"))
    assert directives["script-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["style-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'self'"]


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_samesite_lax(client):
    page = client.get(LOGIN)
    assert page.cookies["csrftoken"]["samesite"] == "Lax"
    user = TraineeFactory()
    response = client.post(LOGIN, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert response.cookies["sessionid"]["samesite"] == "Lax"


@pytest.mark.django_db
def test_the_language_cookie_is_samesite_lax_and_http_only(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie["samesite"] == "Lax"
    assert cookie["httponly"] is True


PAYLOAD = b"<html><body><script>fetch('/x?c='+document.cookie)</script></body></html>"
GPS_IFD = 0x8825


def _jpeg_with_gps_and_html():
    image = PILImage.new("RGB", (64, 48), (200, 30, 30))
    exif = PILImage.Exif()
    exif[0x010F] = "KameraPonsel"
    exif[GPS_IFD] = {1: "S", 2: (6.0, 54.0, 30.0), 3: "E", 4: (106.0, 49.0, 10.0)}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes(), comment=b"<script>c()</script>")
    return buffer.getvalue() + PAYLOAD


def _png_with_html():
    image = PILImage.new("RGBA", (30, 20), (0, 0, 255, 128))
    info = PngInfo()
    info.add_text("Comment", "<script>p()</script>")
    buffer = io.BytesIO()
    image.save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue() + PAYLOAD


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "size"),
    [("foto.jpg", _jpeg_with_gps_and_html(), (64, 48)), ("gambar.png", _png_with_html(), (30, 20))],
)
def test_images_uploaded_through_the_admin_are_stored_without_metadata_or_payload(
    client, name, content, size
):
    original = PILImage.open(io.BytesIO(content))
    assert b"<script" in content and (original.format != "JPEG" or GPS_IFD in original.getexif())
    client.force_login(AdminFactory())
    response = client.post(
        "/admin/images/add/",
        {"title": "Foto kegiatan", "file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    image = get_image_model().objects.get(title="Foto kegiatan")
    with image.file.open("rb") as stored_file:
        stored = stored_file.read()
    assert b"<script" not in stored and b"<html" not in stored
    assert b"KameraPonsel" not in stored
    stored_image = PILImage.open(io.BytesIO(stored))
    assert stored_image.format == original.format
    assert stored_image.size == size == (image.width, image.height)
    assert dict(stored_image.getexif()) == {}


@pytest.mark.django_db
def test_images_uploaded_several_at_once_are_stored_re_encoded_too(client):
    client.force_login(AdminFactory())
    response = client.post(
        "/admin/images/multiple/add/",
        {"files[]": SimpleUploadedFile("foto.jpg", _jpeg_with_gps_and_html())},
    )
    assert response.status_code == 200 and response.json()["success"], response.content[:500]
    image = get_image_model().objects.get(pk=response.json()["image_id"])
    with image.file.open("rb") as stored_file:
        stored = stored_file.read()
    assert b"<script" not in stored and b"KameraPonsel" not in stored
    assert dict(PILImage.open(io.BytesIO(stored)).getexif()) == {}
