"""What other apps use of accounts: roles, the user's regional scope and the rules on people and
organisations that follow from it, and the admin pieces (viewsets, choosers) other apps' menus
and forms reuse. Foreign keys point at settings.AUTH_USER_MODEL."""

from .constants import ADMIN_ROLES, ParticipantKind, Role
from .models import User
from .permissions import (
    Scope,
    audit_events_visible_to,
    can_manage_organisation,
    is_admin,
    is_national,
    is_programme_staff,
    organisations_visible_to,
    participants_visible_to,
    region_q,
    require_can_manage_organisation,
    scope_filter,
    scope_of,
    staff_time_zone,
)
from .services import user_create

# Admin viewsets and choosers are loaded on first use, not with this module: models and
# permissions of other apps import accounts.api while the app registry is still loading, and
# Wagtail's admin forms may not be imported that early.
_ADMIN = {
    "AuditEventViewSet": "viewsets",
    "OrganisationViewSet": "viewsets",
    "ParticipantViewSet": "viewsets",
    "ProvinceViewSet": "viewsets",
    "facilitator_chooser_viewset": "choosers",
    "organisation_chooser_viewset": "choosers",
    "participant_chooser_viewset": "choosers",
}


def __getattr__(name):
    if _ADMIN.get(name) == "viewsets":
        from . import viewsets

        return getattr(viewsets, name)
    if _ADMIN.get(name) == "choosers":
        from . import choosers

        return getattr(choosers, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ADMIN_ROLES",
    "ParticipantKind",
    "Role",
    "Scope",
    "audit_events_visible_to",
    "User",
    "can_manage_organisation",
    "is_admin",
    "is_national",
    "is_programme_staff",
    "organisations_visible_to",
    "participants_visible_to",
    "region_q",
    "require_can_manage_organisation",
    "scope_filter",
    "scope_of",
    "staff_time_zone",
    "user_create",
    *_ADMIN,
]
