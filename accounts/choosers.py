"""Choosers for the admin's large lists (people, organisations): searchable, paginated, and
limited to the user's scope. Forms use their widgets instead of a <select> of every row."""

from django.utils.translation import gettext_lazy as _

from lms.viewsets import ScopedChooserViewSet, search_filter_form
from organisations.api import Organisation

from . import permissions
from .constants import Role
from .models import User


class ParticipantChooserViewSet(ScopedChooserViewSet):
    model = User
    icon = "user"
    choose_one_text = _("Pilih peserta")
    choose_another_text = _("Pilih peserta lain")
    filter_form_class = search_filter_form("full_name", "username", "organisation__name")
    register_widget = False

    def scoped_queryset(self, request):
        return permissions.participants_visible_to(request.user).order_by("full_name")


participant_chooser_viewset = ParticipantChooserViewSet("participant_chooser")


class FacilitatorChooserViewSet(ScopedChooserViewSet):
    model = User
    icon = "user"
    choose_one_text = _("Pilih fasilitator")
    choose_another_text = _("Pilih fasilitator lain")
    filter_form_class = search_filter_form("full_name", "username")
    register_widget = False

    def scoped_queryset(self, request):
        if not (permissions.is_admin(request.user) or permissions.is_programme_staff(request.user)):
            return User.objects.none()
        return User.objects.filter(role=Role.FACILITATOR, is_active=True).order_by("full_name")


facilitator_chooser_viewset = FacilitatorChooserViewSet("facilitator_chooser")


class OrganisationChooserViewSet(ScopedChooserViewSet):
    register_widget = False
    model = Organisation
    icon = "group"
    choose_one_text = _("Pilih organisasi")
    choose_another_text = _("Pilih organisasi lain")
    filter_form_class = search_filter_form("name", "regency", "province__name")

    def scoped_queryset(self, request):
        return permissions.organisations_visible_to(request.user).order_by("name")


organisation_chooser_viewset = OrganisationChooserViewSet("organisation_chooser")
