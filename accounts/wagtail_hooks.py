from wagtail import hooks
from wagtail.permissions import register_permission_policy

from lms.models import AuditEvent
from organisations.api import Organisation, Province

from . import permissions
from .choosers import (
    facilitator_chooser_viewset,
    organisation_chooser_viewset,
    participant_chooser_viewset,
)
from .models import Participant

# Staff manage trainees through the Participant proxy's own permissions, never auth's user
# permissions, which would open the administrators' user management.
register_permission_policy(Participant, permissions.participant_policy, exact_class=True)
register_permission_policy(Organisation, permissions.organisation_policy)
register_permission_policy(Province, permissions.province_policy)
register_permission_policy(AuditEvent, permissions.audit_event_policy)


@hooks.register("register_admin_viewset")
def register_choosers():
    return [
        participant_chooser_viewset,
        facilitator_chooser_viewset,
        organisation_chooser_viewset,
    ]


@hooks.register("construct_reports_menu")
def hide_site_history_from_regional_staff(request, menu_items):
    """Regional staff read their region's audit trail; the site history is nationwide."""
    scope = permissions.scope_of(request.user)
    if scope.staff and not scope.national:
        menu_items[:] = [item for item in menu_items if item.name != "site-history"]
