"""Public pages: verification of a certificate (no login) by QR, code or serial; its Open
Badges credential; the issuer's status list and keys. And the holder's (or staff's) download.

What the public sees is the certificate's frozen content: name, programme, wave, dates, issuer,
status. Never the venue, host, cooperative or unit. A wrong code or serial answers a plain
"not found" that tells nothing, and one address may try only so many (``throttle``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from lms import files

from . import badges, permissions, throttle
from .models import Certificate
from .rendering import date_range


def _find(text: str) -> Certificate | None:
    text = (text or "").strip()
    if not text or len(text) > 100:
        return None
    code = text.upper().replace(" ", "").replace("-", "")
    return (
        Certificate.objects.filter(verification_code=code).first()
        or Certificate.objects.filter(serial=text).first()
    )


def _not_found(request, status=404):
    return render(request, "certificates/not_found.html", status=status)


@never_cache
def lookup(request):
    """Type a serial or a code."""
    query = request.GET.get("q", "")
    if query:
        if not throttle.allow(request):
            return render(request, "certificates/throttled.html", status=429)
        found = _find(query)
        if found is None:
            throttle.failed(request)
            return _not_found(request)
        return redirect("certificates:verify", code=found.verification_code)
    return render(request, "certificates/lookup.html")


@never_cache
def verify(request, code: str):
    if not throttle.allow(request):
        return render(request, "certificates/throttled.html", status=429)
    certificate = (
        Certificate.objects.filter(verification_code=code).select_related("superseded_by").first()
        if len(code) <= 32
        else None
    )
    if certificate is None:
        throttle.failed(request)
        return _not_found(request)
    content = certificate.content
    newer = getattr(certificate, "superseded_by", None)
    return render(
        request,
        "certificates/verify.html",
        {
            "certificate": certificate,
            "content": content,
            "dates": date_range(content["starts_on"], content["ends_on"]),
            "newer": newer,
        },
    )


@require_GET
def badge(request, code: str):
    if not throttle.allow(request):
        return HttpResponse(status=429)
    certificate = Certificate.objects.filter(verification_code=code).first()
    if certificate is None:
        throttle.failed(request)
        raise Http404
    if request.GET.get("format") == "json":
        response = JsonResponse(badges.credential(certificate), json_dumps_params={"indent": 2})
    else:
        response = HttpResponse(badges.vc_jwt(certificate), content_type="application/vc+jwt")
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def status_list(request, issuer_id: int):
    if request.GET.get("format") == "json":
        response = JsonResponse(badges.status_list(issuer_id))
    else:
        response = HttpResponse(
            badges.status_list_jwt(issuer_id), content_type="application/vc+jwt"
        )
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_GET
def issuer_profile(request, issuer_id: int):
    profile = badges.issuer_profile(issuer_id)
    if profile is None:
        raise Http404
    response = JsonResponse(profile)
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def jwks(request):
    response = JsonResponse(badges.jwks())
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=300"
    return response


@login_required
def download(request, pk: int):
    certificate = get_object_or_404(permissions.certificates_visible_to(request.user), pk=pk)
    if not certificate.pdf:
        raise Http404
    return files.serve(
        request,
        certificate.pdf,
        filename=f"sertifikat-{certificate.serial.replace('/', '-')}.pdf",
        content_type="application/pdf",
    )


@login_required
def wave_eligibility(request, wave_id: int):
    """A wave's participants with the completion rule's answer: the same words the trainee
    sees, for the wave's facilitators and staff in scope (read-only; staff issue in the admin)."""
    from django.core.paginator import Paginator

    from accounts import api as accounts
    from programmes import api as programmes

    from . import selectors

    user = request.user
    scope = accounts.scope_of(user)
    if not (scope.staff or user.role == accounts.Role.FACILITATOR):
        raise Http404
    wave = get_object_or_404(
        programmes.waves_visible_to(user).select_related("programme"), pk=wave_id
    )
    enrolments = (
        programmes.enrolments_visible_to(user)
        .filter(wave=wave, status__in=programmes.SEAT_STATUSES)
        .order_by("participant__full_name", "pk")
    )
    page = Paginator(enrolments, 50).get_page(request.GET.get("page"))
    rows = selectors.wave_rows(wave, enrolments.filter(pk__in=[e.pk for e in page.object_list]))
    return render(
        request,
        "certificates/wave_eligibility.html",
        {"wave": wave, "rows": rows, "page_obj": page},
    )
