"""Staff's certificate actions in the admin: a wave's participants with their eligibility, issue
one or every eligible participant (progress on a page that refreshes itself, no script needed),
revoke and reissue with a reason. Every write is a service call; the services check scope."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts import api as accounts
from programmes import api as programmes

from . import permissions, selectors, services
from .models import Certificate, IssueBatch

PER_PAGE = 50


def _staff_only(request):
    if not accounts.scope_of(request.user).staff:
        raise PermissionDenied


def _forbidden(request, message=None):
    return TemplateResponse(
        request,
        "lms/admin/forbidden.html",
        {"message": message or _("Anda tidak memiliki izin untuk tindakan ini pada data ini.")},
        status=403,
    )


def waves(request):
    """Waves the user may see, newest first, each linking to its certificate page."""
    _staff_only(request)
    qs = (
        programmes.waves_visible_to(request.user)
        .select_related("programme")
        .order_by("-starts_on", "pk")
    )
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "certificates/admin/waves.html",
        {"title": _("Terbitkan sertifikat"), "page_obj": page},
    )


def wave(request, wave_id: int):
    _staff_only(request)
    wave = get_object_or_404(
        programmes.waves_visible_to(request.user).select_related("programme"), pk=wave_id
    )
    enrolments = accounts.scope_filter(
        request.user,
        programmes.Enrolment.objects.filter(wave=wave, status__in=programmes.SEAT_STATUSES),
        "organisation",
    ).order_by("participant__full_name", "pk")
    page = Paginator(enrolments, PER_PAGE).get_page(request.GET.get("p"))
    rows = selectors.wave_rows(wave, enrolments.filter(pk__in=[e.pk for e in page.object_list]))
    return TemplateResponse(
        request,
        "certificates/admin/wave.html",
        {
            "title": _("Sertifikat: %(wave)s") % {"wave": wave},
            "wave": wave,
            "rows": rows,
            "page_obj": page,
            "eligible_count": sum(
                1 for r in rows if r.eligibility.eligible and r.certificate is None
            ),
            "latest_batch": IssueBatch.objects.filter(wave=wave).first(),
        },
    )


@require_POST
def issue_wave(request, wave_id: int):
    _staff_only(request)
    wave = get_object_or_404(programmes.waves_visible_to(request.user), pk=wave_id)
    try:
        batch = services.issue_wave(actor=request.user, wave=wave)
    except PermissionDenied:
        return _forbidden(request)
    if not batch.total:
        messages.info(request, _("Tidak ada peserta memenuhi syarat yang belum bersertifikat."))
        return redirect("certificates_admin_wave", wave_id=wave.pk)
    return redirect("certificates_admin_batch", batch_id=batch.pk)


@require_POST
def issue_one(request, enrolment_id: int):
    _staff_only(request)
    enrolment = get_object_or_404(
        programmes.enrolments_visible_to(request.user).select_related("wave"), pk=enrolment_id
    )
    try:
        certificate = services.issue(actor=request.user, enrolment=enrolment)
    except PermissionDenied:
        return _forbidden(request)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("Sertifikat %(serial)s diterbitkan.") % {"serial": certificate.serial}
        )
    return redirect("certificates_admin_wave", wave_id=enrolment.wave_id)


def batch(request, batch_id: int):
    _staff_only(request)
    batch = get_object_or_404(IssueBatch.objects.select_related("wave__programme"), pk=batch_id)
    if not programmes.waves_visible_to(request.user).filter(pk=batch.wave_id).exists():
        raise Http404
    done, total = selectors.batch_progress(batch)
    return TemplateResponse(
        request,
        "certificates/admin/batch.html",
        {
            "title": _("Penerbitan sertifikat"),
            "batch": batch,
            "done": done,
            "total": total,
            "percent": round(100 * done / total) if total else 100,
            "finished": done >= total,
        },
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Alasan"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000
    )


def _certificate_action(request, pk: int, *, action, title, done_message):
    _staff_only(request)
    certificate = get_object_or_404(
        permissions.certificates_visible_to(request.user).select_related("enrolment"), pk=pk
    )
    if not permissions.can_issue_for(request.user, certificate.enrolment):
        return _forbidden(request)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = action(
                actor=request.user, certificate=certificate, reason=form.cleaned_data["reason"]
            )
        except PermissionDenied:
            return _forbidden(request)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, done_message % {"serial": result.serial})
            return redirect(reverse("certificates_admin:index") + f"?q={result.serial}")
    return TemplateResponse(
        request,
        "certificates/admin/reason_form.html",
        {"title": title, "form": form, "certificate": certificate},
    )


def revoke(request, pk: int):
    return _certificate_action(
        request,
        pk,
        action=services.revoke,
        title=_("Cabut sertifikat"),
        done_message=_("Sertifikat %(serial)s dicabut."),
    )


def reissue(request, pk: int):
    return _certificate_action(
        request,
        pk,
        action=services.reissue,
        title=_("Terbitkan ulang (perbaikan)"),
        done_message=_("Versi baru %(serial)s diterbitkan."),
    )


__all__ = ["Certificate"]
