"""Admin pages that must follow the user's regional scope but come from Wagtail unscoped.

Wagtail's site-history report (and its CSV/XLSX export) lists edits to every record type the
user has any permission on, nationwide. Staff with a regional scope read their region's audit
trail instead (``audit:index``); the report is for national staff, editors and administrators.
These patterns sit in front of Wagtail's own (``lms/urls.py``)."""

from functools import wraps

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.account import LoginView
from wagtail.admin.views.reports.audit_logging import LogEntriesView

from .permissions import scope_of


def national_only(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        scope = scope_of(request.user)
        if scope.staff and not scope.national:
            return TemplateResponse(
                request,
                "lms/admin/forbidden.html",
                {
                    "message": _(
                        "Riwayat situs memuat perubahan dari seluruh wilayah. Lihat jejak audit "
                        "wilayah Anda."
                    ),
                    "index_url": reverse("audit:index"),
                },
                status=403,
            )
        return view(request, *args, **kwargs)

    return require_admin_access(wrapped)


def admin_login(request, *args, **kwargs):
    """Trainees and facilitators who open the admin are sent to their own home with a word,
    not to Wagtail's second login form with an English "no permission" box. Wagtail sends a
    signed-in user without admin access here (``wagtail.admin.auth.reject_request``)."""
    user = request.user
    if user.is_authenticated and not user.may_use_admin:
        list(messages.get_messages(request))  # drop Wagtail's English "no permission" note
        messages.info(
            request,
            _(
                "Halaman admin hanya untuk staf program dan editor. Ini beranda Anda: semua "
                "yang Anda perlukan ada di sini."
            ),
        )
        return redirect("portal:my-home")
    return LoginView.as_view()(request, *args, **kwargs)


urlpatterns = [
    path("login/", admin_login, name="lms_admin_login"),
    path("reports/site-history/", national_only(LogEntriesView.as_view())),
    path(
        "reports/site-history/results/",
        national_only(LogEntriesView.as_view(results_only=True)),
    ),
]
