from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from accounts import api as accounts

from . import admin_views


@hooks.register("register_admin_urls")
def register_reporting_urls():
    return [
        path("pemantauan/", admin_views.dashboard, name="reporting_dashboard"),
        path(
            "pemantauan/program/<int:programme_id>/",
            admin_views.programme,
            name="reporting_programme",
        ),
        path(
            "pemantauan/gelombang/<int:wave_id>/angka/<str:figure>/",
            admin_views.figure,
            name="reporting_figure",
        ),
        path("pemantauan/provinsi/", admin_views.provinces, name="reporting_provinces"),
        path("pemantauan/provinsi/<str:code>/", admin_views.province, name="reporting_province"),
        path(
            "pemantauan/gelombang/<int:wave_id>/impor/",
            admin_views.import_sheet,
            name="reporting_import",
        ),
        path(
            "pemantauan/gelombang/<int:wave_id>/impor/templat/",
            admin_views.import_template,
            name="reporting_import_template",
        ),
        path("pemantauan/ekspor/<int:job_id>/", admin_views.export_job, name="reporting_export"),
        path("pemantauan/impor/<int:job_id>/", admin_views.import_job, name="reporting_import_job"),
        path(
            "pemantauan/impor/<int:job_id>/setujui/",
            admin_views.import_job_confirm,
            name="reporting_import_job_confirm",
        ),
        path("pemantauan/berisiko/", admin_views.at_risk, name="reporting_at_risk"),
        path(
            "pemantauan/peserta/<int:participant_id>/",
            admin_views.participant,
            name="reporting_participant",
        ),
    ]


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return accounts.scope_of(request.user).staff


@hooks.register("register_admin_menu_item")
def register_reporting_menu_item():
    return StaffMenuItem(
        _("Pemantauan"), reverse("reporting_dashboard"), icon_name="view", order=240
    )


class ReportingPanel(Component):
    """Links to the cohort pages on the staff's admin home (no query: the figures live on the
    pages themselves)."""

    order = 60
    template_name = "reporting/dashboard/panel.html"


@hooks.register("construct_homepage_panels")
def add_reporting_panel(request, panels):
    if accounts.scope_of(request.user).staff:
        panels.append(ReportingPanel())


class FacilitatorAtRiskPanel(Component):
    """The facilitator's home: participants of their waves on the at-risk list, with the
    reasons, each linking to the participant's record."""

    order = 70
    template_name = "reporting/panels/facilitator.html"

    def __init__(self, items):
        self.items = items

    def get_context_data(self, parent_context=None):
        return {"items": self.items}


MAX_PANEL_ROWS = 10


@hooks.register("portal_facilitator_panels")
def facilitator_at_risk_panel(request):
    from . import selectors

    user = request.user
    if getattr(user, "role", "") != accounts.Role.FACILITATOR:
        return None
    rows = list(selectors.at_risk(user)[:MAX_PANEL_ROWS])
    if not rows:
        return None
    return FacilitatorAtRiskPanel([(e, admin_views.reasons(e)) for e in rows])
