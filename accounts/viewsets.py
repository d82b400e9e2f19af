import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import F as models_F
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from lms.models import AuditEvent
from lms.viewsets import ScopedModelViewSet
from organisations.models import Organisation, Province

from . import permissions, services
from .choosers import organisation_chooser_viewset
from .constants import ParticipantKind
from .forms import AdminUserCreationForm, AdminUserEditForm, ParticipantBulkForm, ParticipantForm
from .models import Participant


class UserViewSet(WagtailUserViewSet):
    """Administrators' user management (Settings → Users), with our user fields."""

    def get_form_class(self, for_update=False):
        return AdminUserEditForm if for_update else AdminUserCreationForm


class ParticipantFilterSet(WagtailFilterSet):
    participant_kind = django_filters.ChoiceFilter(
        label=_("Jenis peserta"), choices=ParticipantKind.choices
    )
    province = django_filters.ModelChoiceFilter(
        label=_("Provinsi"), field_name="organisation__province", queryset=Province.objects.all()
    )

    class Meta:
        model = Participant
        fields = ["participant_kind", "province"]


class ParticipantViewSet(ScopedModelViewSet):
    """Trainees, for programme staff: only those of their region, in lists, search and forms."""

    model = Participant
    icon = "user"
    menu_label = _("Peserta")
    list_display = [
        Column("full_name", label=_("Nama"), sort_key="full_name"),
        "username",
        "participant_kind",
        Column("organisation", label=_("Organisasi")),
        Column("province_name", label=_("Provinsi")),
        DateColumn("date_joined", label=_("Dibuat"), sort_key="date_joined"),
    ]
    filterset_class = ParticipantFilterSet
    search_fields = ["full_name", "username", "organisation__name"]
    list_per_page = 50
    ordering = ["full_name"]
    list_export = ["full_name", "username", "participant_kind", "organisation"]

    def get_form_class(self, for_update=False):
        return ParticipantForm

    def scoped_queryset(self, request):
        return permissions.participants_visible_to(request.user).annotate(
            province_name=models_F("organisation__province__name")
        )

    def bulk_create_view(self, request):
        if not self.permission_policy.user_has_permission(request.user, "add"):
            raise PermissionDenied
        created = []
        if request.method == "POST":
            form = ParticipantBulkForm(request.POST, user=request.user)
            if form.is_valid():
                created = services.participants_bulk_create(
                    actor=request.user,
                    full_names=form.cleaned_data["names"],
                    organisation=form.cleaned_data["organisation"],
                    participant_kind=form.cleaned_data["participant_kind"],
                    with_passwords=form.cleaned_data["with_passwords"],
                )
                messages.success(
                    request,
                    ngettext(
                        "%(n)s akun peserta dibuat.", "%(n)s akun peserta dibuat.", len(created)
                    )
                    % {"n": len(created)},
                )
                form = ParticipantBulkForm(user=request.user)
        else:
            form = ParticipantBulkForm(user=request.user)
        return render(
            request,
            "accounts/admin/participant_bulk_create.html",
            {"form": form, "created": created, "index_url": self.menu_url},
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("bulk/", self.bulk_create_view, name="bulk_create"),
        ]


class ReadOnlyPolicy(ModelPermissionPolicy):
    """The audit trail is append-only: nobody adds, changes or deletes rows in the admin."""

    def user_has_permission(self, user, action):
        if action != "view":
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, a) for a in actions)


class AuditEventFilterSet(WagtailFilterSet):
    action = django_filters.CharFilter(label=_("Tindakan"), lookup_expr="startswith")
    created_at = django_filters.DateFromToRangeFilter(label=_("Waktu"))

    class Meta:
        model = AuditEvent
        fields = ["action", "created_at"]


class AuditEventViewSet(ScopedModelViewSet):
    model = AuditEvent
    icon = "history"
    menu_label = _("Jejak audit")
    list_display = [
        DateColumn("created_at", label=_("Waktu"), sort_key="created_at"),
        "actor",
        "action",
        "target_repr",
        "reason",
    ]
    filterset_class = AuditEventFilterSet
    search_fields = ["target_repr", "action", "reason"]
    list_per_page = 50
    ordering = ["-created_at"]
    form_fields = []
    inspect_view_fields = [
        "created_at",
        "actor",
        "action",
        "target_type",
        "target_id",
        "target_repr",
        "before",
        "after",
        "reason",
    ]

    def scoped_queryset(self, request):
        return permissions.audit_events_visible_to(request.user)


# --- Organisations (scoped by accounts.permissions) -------------------------------------


class OrganisationForm(WagtailAdminModelForm):
    """Regional staff create and move organisations only within their own region."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if "parent" in self.fields:
            self.fields["parent"].widget = organisation_chooser_viewset.widget_class()
        if user is not None and "parent" in self.fields:
            self.fields["parent"].queryset = permissions.organisations_visible_to(user)
            if user.scope_province_id and not permissions.is_national(user):
                self.fields["province"].queryset = Province.objects.filter(
                    pk=user.scope_province_id
                )


class OrganisationViewSet(ScopedModelViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisasi")
    add_to_admin_menu = False
    list_display = ["name", "kind", Column("province", label=_("Provinsi")), "parent"]
    list_filter = ["kind", "province"]
    search_fields = ["name", "regency"]
    list_per_page = 50
    ordering = ["name"]
    edit_handler = ObjectList(
        [FieldPanel(f) for f in ["name", "kind", "province", "regency", "parent"]],
        base_form_class=OrganisationForm,
    )
    list_export = ["name", "kind", "province", "regency", "parent"]

    def scoped_queryset(self, request):
        return permissions.organisations_visible_to(request.user)


class ProvinceViewSet(ModelViewSet):
    """Provinces are reference data: read-only in the admin."""

    model = Province
    icon = "site"
    menu_label = _("Provinsi")
    add_to_admin_menu = False
    list_display = ["code", "name", "time_zone"]
    search_fields = ["name", "code"]
    search_backend_name = None
    list_per_page = 50
    inspect_view_enabled = True
    form_fields = ["code", "name", "time_zone"]
