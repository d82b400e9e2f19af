from wagtail import hooks
from wagtail.permissions import register_permission_policy

from . import permissions
from .models import Enrolment, Programme, Wave
from .viewsets import ProgrammeAdminGroup, wave_chooser_viewset

register_permission_policy(Programme, permissions.programme_policy)
register_permission_policy(Wave, permissions.wave_policy)
register_permission_policy(Enrolment, permissions.enrolment_policy)


@hooks.register("register_admin_viewset")
def register_programme_admin():
    return [ProgrammeAdminGroup(), wave_chooser_viewset]


@hooks.register("construct_homepage_panels")
def add_programme_panels(request, panels):
    """The staff's admin home: waves running and starting soon, latest enrolment changes."""
    from .dashboard import staff_panels

    panels.extend(staff_panels(request))
