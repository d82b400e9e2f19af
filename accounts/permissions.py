"""Who may see and change which people and organisations. Every view, export and API endpoint
asks here; nothing re-derives these rules inline.

Regional scope is one rule applied to a path that leads to an organisation: national staff and
administrators see everything, staff scoped to a province see records whose organisation sits
in that province, staff scoped to an organisation see it and the units under it, everyone else
sees nothing through these helpers (their own records are decided by each app's permissions).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from lms.models import AuditEvent
from organisations.models import Organisation, subtree_q

from .constants import Role
from .models import User


def is_admin(user) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.role == Role.ADMIN))


def is_programme_staff(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role == Role.STAFF)


def is_national(user) -> bool:
    """Administrators and staff without a regional scope see every region."""
    if is_admin(user):
        return True
    return is_programme_staff(user) and not (user.scope_province_id or user.scope_organisation_id)


def region_q(user, org_path: str) -> Q | None:
    """A Q restricting ``org_path`` (a lookup path to an Organisation, "" for the organisation
    itself) to the user's region; None means no restriction. Callers use ``scope_filter``."""
    if is_national(user):
        return None
    prefix = f"{org_path}__" if org_path else ""
    if is_programme_staff(user) and user.scope_province_id:
        return Q(**{f"{prefix}province_id": user.scope_province_id})
    if is_programme_staff(user) and user.scope_organisation_id:
        return subtree_q(user.scope_organisation, prefix=prefix)
    return Q(pk__in=[])


def scope_filter(user, queryset: QuerySet, org_path: str) -> QuerySet:
    q = region_q(user, org_path)
    return queryset if q is None else queryset.filter(q)


def organisations_visible_to(user) -> QuerySet[Organisation]:
    return scope_filter(user, Organisation.objects.select_related("province", "parent"), "")


def can_manage_organisation(user, organisation: Organisation | None) -> bool:
    """May this user create or change people in this organisation?"""
    if organisation is None:
        return is_national(user)
    if not (is_admin(user) or is_programme_staff(user)):
        return False
    return organisations_visible_to(user).filter(pk=organisation.pk).exists()


def require_can_manage_organisation(user, organisation: Organisation | None) -> None:
    if not can_manage_organisation(user, organisation):
        raise PermissionDenied("This organisation is outside your scope.")


def participants_visible_to(user) -> QuerySet:
    qs = User.objects.participants().select_related("organisation", "organisation__province")
    if not (is_admin(user) or is_programme_staff(user)):
        return qs.none()
    return scope_filter(user, qs, "organisation")


def audit_events_visible_to(user) -> QuerySet[AuditEvent]:
    qs = AuditEvent.objects.select_related("actor")
    if is_national(user):
        return qs
    if is_programme_staff(user) and user.scope_province_id:
        return qs.filter(province_code=user.scope_province.code)
    if is_programme_staff(user) and user.scope_organisation_id:
        ids = Organisation.objects.filter(subtree_q(user.scope_organisation)).values("pk")
        return qs.filter(organisation_id__in=ids)
    return qs.none()
