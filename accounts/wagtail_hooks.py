from wagtail import hooks
from wagtail.permissions import register_permission_policy

from lms.models import AuditEvent

from .choosers import (
    facilitator_chooser_viewset,
    organisation_chooser_viewset,
    participant_chooser_viewset,
)
from .models import Participant
from .viewsets import ReadOnlyPolicy

register_permission_policy(AuditEvent, ReadOnlyPolicy(AuditEvent))


@hooks.register("register_admin_viewset")
def register_choosers():
    return [
        participant_chooser_viewset,
        facilitator_chooser_viewset,
        organisation_chooser_viewset,
    ]


# Staff manage trainees through the Participant proxy's own permissions, never auth's user
# permissions, which would open the administrators' user management.
register_permission_policy(Participant, exact_class=True)
