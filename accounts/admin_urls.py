"""Admin pages that must follow the user's regional scope but come from Wagtail unscoped.

Wagtail's site-history report (and its CSV/XLSX export) lists edits to every record type the
user has any permission on, nationwide. Staff with a regional scope read their region's audit
trail instead (``audit:index``); the report is for national staff, editors and administrators.
These patterns sit in front of Wagtail's own (``lms/urls.py``)."""

from functools import wraps

from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.auth import require_admin_access
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


urlpatterns = [
    path("reports/site-history/", national_only(LogEntriesView.as_view())),
    path(
        "reports/site-history/results/",
        national_only(LogEntriesView.as_view(results_only=True)),
    ),
]
