import json

import django_filters
from django.apps import apps
from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db.models import F as models_F
from django.db.models import Value
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import Button, ButtonWithDropdown, HeaderButton
from wagtail.users.views import users as wagtail_users
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from lms.actions import action_label, actor_label
from lms.forms import ServiceModelForm
from lms.models import AuditEvent
from lms.viewsets import (
    LocalDateColumn,
    ScopedEditView,
    ScopedIndexView,
    ScopedInspectView,
    ScopedModelViewSet,
    ZonedDateTimeColumn,
)
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


class ParticipantIndexView(ScopedIndexView):
    """The participants list leads to bulk creation (header button) for staff who may add."""

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.add_url:
            buttons.append(
                HeaderButton(
                    _("Buat akun sekaligus"),
                    url=reverse("participants:bulk_create"),
                    icon_name="group",
                )
            )
        return buttons


class ParticipantEditView(ScopedEditView):
    """A participant's page offers a new one-time sign-in code (for those without e-mail)."""

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        buttons.append(
            Button(
                _("Kode masuk baru"),
                url=reverse("participants:code_issue", args=[self.object.pk]),
                icon_name="key",
                priority=5,
            )
        )
        return buttons


class ParticipantViewSet(ScopedModelViewSet):
    """Trainees, for programme staff: only those of their region, in lists, search and forms."""

    model = Participant
    icon = "user"
    menu_label = _("Peserta")
    index_view_class = ParticipantIndexView
    edit_view_class = ParticipantEditView
    list_display = [
        Column("full_name", label=_("Nama"), sort_key="full_name"),
        "username",
        "participant_kind",
        Column("organisation", label=_("Organisasi")),
        Column("province_name", label=_("Provinsi")),
        LocalDateColumn(
            "date_joined", label=_("Dibuat"), sort_key="date_joined", zone_accessor="shown_zone"
        ),
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
            province_name=models_F("organisation__province__name"),
            shown_zone=Value(permissions.staff_time_zone(request.user)),
        )

    def delete_instance(self, *, actor, instance):
        services.participant_delete(actor=actor, participant=instance)

    def _sheet(self, request, issued, organisation):
        """The print sheet of one-time codes: shown once, never cached, never stored."""
        province = getattr(organisation, "province", None)
        response = render(
            request,
            "accounts/admin/sign_in_sheet.html",
            {
                "issued": issued,
                "organisation": organisation,
                "time_zone": getattr(province, "time_zone", "") or None,
                "login_url": request.build_absolute_uri(reverse("accounts:code_login")),
                "back_url": self.menu_url,
            },
        )
        add_never_cache_headers(response)
        patch_cache_control(response, no_store=True)
        return response

    def bulk_create_view(self, request):
        if not self.permission_policy.user_has_permission(request.user, "add"):
            raise PermissionDenied
        form = ParticipantBulkForm(request.POST or None, user=request.user)
        if request.method == "POST" and form.is_valid():
            organisation = form.cleaned_data["organisation"]
            try:
                issued = services.participants_bulk_create(
                    actor=request.user,
                    full_names=form.cleaned_data["names"],
                    organisation=organisation,
                    participant_kind=form.cleaned_data["participant_kind"],
                )
            except PermissionDenied:
                form.add_error("organisation", _("Organisasi ini di luar wilayah Anda."))
            else:
                return self._sheet(request, issued, organisation)
        return render(
            request,
            "accounts/admin/participant_bulk_create.html",
            {"form": form, "index_url": self.menu_url},
        )

    def code_issue_view(self, request, pk):
        """A new one-time code for one participant (staff's "reset" for those without e-mail):
        asks first, then shows the code once on its print sheet."""
        participant = get_object_or_404(
            permissions.participants_visible_to(request.user), pk=_int_or_404(pk)
        )
        if not permissions.can_change_participant(request.user, participant):
            return TemplateResponse(
                request,
                "lms/admin/forbidden.html",
                {
                    "message": _(
                        "Peserta ini di luar wilayah Anda: Anda tidak boleh memberinya kode."
                    ),
                    "index_url": self.menu_url,
                },
                status=403,
            )
        if request.method == "POST":
            try:
                issued = services.sign_in_code_issue(actor=request.user, participant=participant)
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                return self._sheet(request, [issued], participant.organisation)
        return render(
            request,
            "accounts/admin/code_issue.html",
            {
                "participant": participant,
                "edit_url": reverse(self.get_url_name("edit"), args=[participant.pk]),
            },
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("bulk/", self.bulk_create_view, name="bulk_create"),
            path("code/<str:pk>/", self.code_issue_view, name="code_issue"),
        ]


def _int_or_404(value):
    if not str(value).isdigit():
        raise Http404
    return int(value)


class AuditEventIndexView(ScopedIndexView):
    def get_list_buttons(self, instance):
        """The row's menu is named in words ("Akun dibuat · Siti"), not by the action code."""
        buttons = super().get_list_buttons(instance)
        title = f"{action_label(instance.action)} · {instance.target_repr}"
        for button in buttons:
            if isinstance(button, ButtonWithDropdown):
                button.attrs["aria-label"] = _("Pilihan lain untuk '%(title)s'") % {"title": title}
        return buttons


class AuditEventInspectView(ScopedInspectView):
    """Before and after as a table of the fields that changed, in words."""

    template_name = "accounts/admin/audit_inspect.html"

    def get_page_subtitle(self):
        return f"{action_label(self.object.action)} · {self.object.target_repr}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["changes"] = audit_changes(self.object)
        context["action_label"] = action_label(self.object.action)
        context["time_zone"] = permissions.staff_time_zone(self.request.user)
        return context


def audit_changes(event) -> list[dict]:
    """Rows of (field label, before, after) for an audit event, reading the target model's
    field names and choices where it still exists; foreign keys show the record's name."""
    before, after = event.before or {}, event.after or {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return [{"label": _("Data"), "before": before, "after": after}]
    try:
        model = apps.get_model(event.target_type)
    except (LookupError, ValueError):
        model = None
    rows = []
    for name in list(dict.fromkeys([*before, *after])):
        rows.append(
            {
                "label": _field_label(model, name),
                "before": _field_value(model, name, before.get(name)),
                "after": _field_value(model, name, after.get(name)),
            }
        )
    return rows


def _field(model, name):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _field_label(model, name):
    field = _field(model, name)
    label = getattr(field, "verbose_name", None) or name.replace("_", " ")
    return capfirst(str(label))


def _field_value(model, name, value):
    if value is None or value == "":
        return "—"
    field = _field(model, name)
    if field is not None and getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if field is not None and field.is_relation and field.related_model is not None:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else f"#{value}"
    if isinstance(value, bool):
        return _("ya") if value else _("tidak")
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


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
    index_view_class = AuditEventIndexView
    inspect_view_class = AuditEventInspectView
    list_display = [
        # In the staff's own zone (their region's; WIB for national staff), with its label.
        ZonedDateTimeColumn(
            "created_at", label=_("Waktu"), sort_key="created_at", zone_accessor="shown_zone"
        ),
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
    inspect_view_fields = []

    def scoped_queryset(self, request):
        return self.visible(request).annotate(
            shown_zone=Value(permissions.staff_time_zone(request.user))
        )


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
