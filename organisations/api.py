"""What other apps use of organisations: provinces and organisations, their kinds, and the filter
for an organisation's subtree. Foreign keys point at "organisations.Organisation" by string."""

from .constants import (
    COOPERATIVE_KINDS,
    CORRECTIONAL_KINDS,
    SENSITIVE_KINDS,
    OrganisationKind,
    TimeZone,
)
from .models import Organisation, Province, subtree_q

__all__ = [
    "COOPERATIVE_KINDS",
    "CORRECTIONAL_KINDS",
    "SENSITIVE_KINDS",
    "Organisation",
    "OrganisationKind",
    "Province",
    "TimeZone",
    "subtree_q",
]
