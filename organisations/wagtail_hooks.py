from wagtail import hooks

from .viewsets import OrganisationChooserViewSet


@hooks.register("register_admin_viewset")
def register_organisation_chooser():
    return OrganisationChooserViewSet("organisation_chooser")
