"""Who may see, change and delete which people and organisations, and where a user's regional
scope reaches. Every view, export and API endpoint asks here; nothing re-derives these rules.

A user's scope is worked out once per request (``scope_of``): administrators and staff without
a regional scope are national; staff scoped to a province reach records whose organisation sits
in it; staff scoped to an organisation reach it and the units under it; everyone else reaches
nothing through these helpers (their own records are decided by each app's permissions).

- People (trainees): staff see, change and delete those whose organisation is in their scope.
- Organisations: staff see, change and delete those in their scope.
- The audit trail: staff see the events of their region; nobody changes or deletes it.
- Provinces: reference data, read by staff, changed by nobody in the admin.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from lms.models import AuditEvent
from lms.permissions import ScopedPermissionPolicy
from lms.timezones import DEFAULT_ZONE
from organisations.api import Organisation, Province, subtree_q

from .constants import Role
from .models import Participant, User

__all__ = ["PermissionDenied", "Scope", "scope_of"]


@dataclass(frozen=True)
class Scope:
    """Where a user's rights over people, organisations and the records under them reach."""

    staff: bool  # administrators and programme staff: the people who manage records
    national: bool
    province_id: int | None = None
    province_code: str = ""
    organisation: Organisation | None = None

    def q(self, org_path: str) -> Q | None:
        """A Q restricting ``org_path`` (a lookup path to an Organisation, "" for the
        organisation itself) to this scope; None means no restriction."""
        if self.national:
            return None
        prefix = f"{org_path}__" if org_path else ""
        if self.staff and self.province_id:
            return Q(**{f"{prefix}province_id": self.province_id})
        if self.staff and self.organisation is not None:
            return subtree_q(self.organisation, prefix=prefix)
        return Q(pk__in=[])

    def filter(self, queryset: QuerySet, org_path: str) -> QuerySet:
        q = self.q(org_path)
        return queryset if q is None else queryset.filter(q)

    def holds(self, organisation: Organisation | None) -> bool:
        """Is ``organisation`` inside this scope? A record with no organisation is national."""
        if organisation is None:
            return self.national
        if not self.staff:
            return False
        if self.national:
            return True
        if self.province_id:
            return organisation.province_id == self.province_id
        return Organisation.objects.filter(pk=organisation.pk).filter(self.q("")).exists()


NOBODY = Scope(staff=False, national=False)


def scope_of(user) -> Scope:
    """The user's scope, computed once per user object (one request)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOBODY
    cached = getattr(user, "_lms_scope", None)
    if cached is not None:
        return cached
    admin = user.is_superuser or user.role == Role.ADMIN
    staff = admin or user.role == Role.STAFF
    if admin or (staff and not (user.scope_province_id or user.scope_organisation_id)):
        scope = Scope(staff=True, national=True)
    elif staff and user.scope_province_id:
        scope = Scope(
            staff=True,
            national=False,
            province_id=user.scope_province_id,
            province_code=user.scope_province.code,
        )
    elif staff:
        scope = Scope(staff=True, national=False, organisation=user.scope_organisation)
    else:
        scope = NOBODY
    user._lms_scope = scope
    return scope


def staff_time_zone(user) -> str:
    """The zone staff read times in: their region's (its province's zone), else WIB
    (``lms.timezones.DEFAULT_ZONE``) for national staff, editors and administrators."""
    province = getattr(user, "scope_province", None)
    if province is None and getattr(user, "scope_organisation", None) is not None:
        province = user.scope_organisation.province
    return (getattr(province, "time_zone", "") or "") or DEFAULT_ZONE


def is_admin(user) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.role == Role.ADMIN))


def is_programme_staff(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role == Role.STAFF)


def is_national(user) -> bool:
    """Administrators and staff without a regional scope see every region."""
    return scope_of(user).national


def region_q(user, org_path: str) -> Q | None:
    return scope_of(user).q(org_path)


def scope_filter(user, queryset: QuerySet, org_path: str) -> QuerySet:
    return scope_of(user).filter(queryset, org_path)


# --- Organisations --------------------------------------------------------------------------


def organisations_visible_to(user) -> QuerySet[Organisation]:
    scope = scope_of(user)
    qs = Organisation.objects.select_related("province", "parent")
    if not scope.staff:
        return qs.none()
    return scope.filter(qs, "")


def organisations_changeable_by(user) -> QuerySet[Organisation]:
    return organisations_visible_to(user)


def can_manage_organisation(user, organisation: Organisation | None) -> bool:
    """May this user create or change people and records in this organisation?"""
    return scope_of(user).holds(organisation)


def require_can_manage_organisation(user, organisation: Organisation | None) -> None:
    if not can_manage_organisation(user, organisation):
        raise PermissionDenied("This organisation is outside your scope.")


# --- People ---------------------------------------------------------------------------------


def participants_visible_to(user) -> QuerySet:
    scope = scope_of(user)
    qs = Participant.objects.participants().select_related("organisation", "organisation__province")
    if not scope.staff:
        return qs.none()
    return scope.filter(qs, "organisation")


def participants_changeable_by(user) -> QuerySet:
    return participants_visible_to(user)


def can_change_participant(user, participant: User) -> bool:
    return (
        participant.role == Role.TRAINEE
        and scope_of(user).staff
        and can_manage_organisation(user, participant.organisation)
    )


def require_can_change_participant(user, participant: User) -> None:
    if not can_change_participant(user, participant):
        raise PermissionDenied("This participant is outside your scope.")


def require_is_admin(user) -> None:
    if not is_admin(user):
        raise PermissionDenied("Only administrators manage staff, editors and administrators.")


# --- Audit trail ----------------------------------------------------------------------------


def audit_events_visible_to(user) -> QuerySet[AuditEvent]:
    scope = scope_of(user)
    qs = AuditEvent.objects.select_related("actor")
    if scope.national:
        return qs
    if scope.staff and scope.province_id:
        return qs.filter(province_code=scope.province_code)
    if scope.staff and scope.organisation is not None:
        ids = Organisation.objects.filter(subtree_q(scope.organisation)).values("pk")
        return qs.filter(organisation_id__in=ids)
    return qs.none()


# --- Policies: the admin asks these -----------------------------------------------------------

participant_policy = ScopedPermissionPolicy(
    Participant,
    visible=participants_visible_to,
    changeable=participants_changeable_by,
)
organisation_policy = ScopedPermissionPolicy(
    Organisation,
    visible=organisations_visible_to,
    changeable=organisations_changeable_by,
)
audit_event_policy = ScopedPermissionPolicy(AuditEvent, visible=audit_events_visible_to)
province_policy = ScopedPermissionPolicy(
    Province,
    visible=lambda user: (
        Province.objects.all() if scope_of(user).staff else Province.objects.none()
    ),
)
