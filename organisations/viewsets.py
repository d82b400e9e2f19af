from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet

from accounts import permissions
from lms.viewsets import ScopedChooserViewSet, ScopedModelViewSet, search_filter_form

from .models import Organisation, Province


class OrganisationForm(WagtailAdminModelForm):
    """Regional staff create and move organisations only within their own region."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
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


class OrganisationChooserViewSet(ScopedChooserViewSet):
    model = Organisation
    icon = "group"
    choose_one_text = _("Pilih organisasi")
    choose_another_text = _("Pilih organisasi lain")
    filter_form_class = search_filter_form("name", "regency", "province__name")

    def scoped_queryset(self, request):
        return permissions.organisations_visible_to(request.user).order_by("name")


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
