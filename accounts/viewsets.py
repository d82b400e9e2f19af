import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import F as models_F
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.users.views import users as wagtail_users
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from lms.actions import action_label, actor_label
from lms.forms import ServiceModelForm
from lms.models import AuditEvent
from lms.viewsets import ScopedModelViewSet
from organisations.api import Organisation, Province

from . import permissions, services
from .choosers import organisation_chooser_viewset
from .constants import ParticipantKind
from .forms import AdminUserCreationForm, AdminUserEditForm, ParticipantBulkForm, ParticipantForm
from .models import Participant


class _ActorFormMixin:
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "for_user": self.request.user}


class UserCreateView(_ActorFormMixin, wagtail_users.CreateView):
    pass


class UserEditView(_ActorFormMixin, wagtail_users.EditView):
    pass


class UserDeleteView(wagtail_users.DeleteView):
    def delete_action(self):
        services.user_delete(actor=self.request.user, user=self.object)


class UserViewSet(WagtailUserViewSet):
    """Administrators' user management (Settings → Users), with our user fields, saved and
    deleted through accounts.services."""

    add_view_class = UserCreateView
    edit_view_class = UserEditView
    delete_view_class = UserDeleteView

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
        return self.visible(request).annotate(
            province_name=models_F("organisation__province__name")
        )

    def delete_instance(self, *, actor, instance):
        services.participant_delete(actor=actor, participant=instance)

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
        Column("actor_name", label=_("Pelaku"), accessor=actor_label),
        Column("action", label=_("Tindakan"), accessor=lambda e: action_label(e.action)),
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
        "actor_name",
        "action",
        "target_type",
        "target_id",
        "target_repr",
        "before",
        "after",
        "reason",
    ]

    def scoped_queryset(self, request):
        return self.visible(request)


# --- Organisations (scoped by accounts.permissions) -------------------------------------


class OrganisationForm(ServiceModelForm):
    """Regional staff create and move organisations only within their own region."""

    scoped_fields = {"parent": permissions.organisations_visible_to}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if "parent" in self.fields:
            self.fields["parent"].widget = organisation_chooser_viewset.widget_class()
            self.fields["parent"].widget.choices = self.fields["parent"].choices
        scope = permissions.scope_of(user) if user is not None else None
        if scope is not None and scope.province_id and not scope.national:
            self.fields["province"].queryset = Province.objects.filter(pk=scope.province_id)

    def create(self, changes):
        return services.organisation_create(actor=self.for_user, **changes)

    def update(self, instance, changes):
        return services.organisation_update(actor=self.for_user, organisation=instance, **changes)


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

    def delete_instance(self, *, actor, instance):
        services.organisation_delete(actor=actor, organisation=instance)


class ProvinceViewSet(ScopedModelViewSet):
    """Provinces are reference data: read-only in the admin (accounts.permissions)."""

    model = Province
    icon = "site"
    menu_label = _("Provinsi")
    add_to_admin_menu = False
    list_display = ["code", "name", "time_zone"]
    search_fields = ["name", "code"]
    list_per_page = 50
    form_fields = ["code", "name", "time_zone"]
