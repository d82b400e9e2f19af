"""The admin: certificates (a scoped list with links to revoke and reissue) and each programme's
certificate settings (issuer, signatories, logos, serial pattern, completion rule)."""

from __future__ import annotations

import django_filters
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSetGroup

from lms.forms import ServiceModelForm
from lms.viewsets import ScopedModelViewSet
from programmes import api as programmes

from . import services
from .constants import CertificateStatus
from .models import Certificate, CertificateSettings


class ActionsColumn(Column):
    def get_value(self, instance):
        if instance.status != CertificateStatus.VALID:
            return ""
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("certificates_admin_revoke", args=[instance.pk]),
            _("Cabut"),
            reverse("certificates_admin_reissue", args=[instance.pk]),
            _("Terbitkan ulang"),
        )

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["value"] = self.get_value(instance)
        return context


class CertificateFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CertificateStatus.choices)

    class Meta:
        model = Certificate
        fields = ["status"]


class CertificateViewSet(ScopedModelViewSet):
    model = Certificate
    icon = "doc-full"
    menu_label = _("Sertifikat")
    url_prefix = "sertifikat"
    url_namespace = "certificates_admin"
    list_display = [
        "serial",
        Column("participant", label=_("Peserta")),
        Column("wave", label=_("Gelombang")),
        Column("get_status_display", label=_("Status")),
        DateColumn("issued_at", label=_("Diterbitkan")),
        ActionsColumn("actions", label=_("Tindakan")),
    ]
    inspect_view_fields = [
        "serial",
        "participant",
        "wave",
        "issuer",
        "status",
        "version",
        "supersedes",
        "issued_at",
        "revoked_at",
        "revoked_reason",
        "verification_code",
    ]
    filterset_class = CertificateFilterSet
    form_fields = ["revoked_reason"]  # never used: the policy grants no add or change
    search_fields = ["serial", "participant__full_name"]
    list_per_page = 50
    ordering = ["-issued_at"]

    def scoped_queryset(self, request):
        return self.visible(request).select_related("participant", "wave__programme")


class SettingsForm(ServiceModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "programme" in self.fields:
            user = getattr(self, "for_user", None)
            if self.instance.pk:
                self.fields["programme"].disabled = True
            else:
                self.fields["programme"].queryset = (
                    programmes.programmes_changeable_by(user).filter(
                        certificate_settings__isnull=True
                    )
                    if user is not None
                    else self.fields["programme"].queryset.none()
                )

    def _signatories(self):
        return [
            {name: row.get(name) for name in services.SIGNATORY_FIELDS}
            for row in self.formset_rows("signatories")
        ]

    def create(self, changes):
        programme = changes.pop("programme")
        return services.settings_save(
            actor=self.for_user, programme=programme, signatories=self._signatories(), **changes
        )

    def update(self, instance, changes):
        changes.pop("programme", None)
        return services.settings_save(
            actor=self.for_user,
            programme=instance.programme,
            signatories=self._signatories(),
            **changes,
        )


SETTINGS_PANELS = [
    FieldPanel("programme"),
    FieldPanel("issuer"),
    FieldPanel("title"),
    FieldPanel("programme_name"),
    FieldPanel("competencies"),
    FieldRowPanel([FieldPanel("code"), FieldPanel("serial_pattern")], heading=_("Nomor seri")),
    FieldRowPanel([FieldPanel("logo"), FieldPanel("second_logo")], heading=_("Logo")),
    FieldRowPanel(
        [
            FieldPanel("attendance_basis"),
            FieldPanel("min_logbook_hours"),
            FieldPanel("require_courses_completed"),
        ],
        heading=_("Syarat kelulusan (selain kehadiran minimal dan tugas wajib pada program)"),
    ),
    InlinePanel(
        "signatories",
        heading=_("Penanda tangan"),
        label=_("Penanda tangan"),
        panels=[FieldPanel("name"), FieldPanel("position"), FieldPanel("signature")],
    ),
]


class CertificateSettingsViewSet(ScopedModelViewSet):
    model = CertificateSettings
    icon = "cogs"
    menu_label = _("Pengaturan sertifikat")
    url_prefix = "sertifikat-pengaturan"
    url_namespace = "certificate_settings"
    list_display = ["programme", "issuer", "code", "serial_pattern"]
    list_per_page = 50
    ordering = ["programme__title"]
    edit_handler = ObjectList(SETTINGS_PANELS, base_form_class=SettingsForm)

    def scoped_queryset(self, request):
        return self.visible(request).select_related("programme", "issuer")


class CertificateAdminGroup(ModelViewSetGroup):
    menu_label = _("Sertifikat")
    menu_icon = "doc-full"
    menu_order = 260
    items = (CertificateViewSet, CertificateSettingsViewSet)


def issue_menu_item():
    return MenuItem(
        _("Terbitkan per gelombang"),
        reverse("certificates_admin_waves"),
        icon_name="doc-full-inverse",
        order=250,
    )
