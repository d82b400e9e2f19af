"""Every write to people and organisations goes through here: atomic, validated,
permission-checked, with one audit row holding the before and after of what changed."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lms import audit
from lms.changes import apply_changes, delete_recorded
from organisations.api import Organisation, Province

from . import permissions
from .constants import ROLE_GROUPS, ParticipantKind, Role
from .models import User

USERNAME_MAX = 150


def username_base(full_name: str) -> str:
    """'Siti Nurhaliza' -> 'siti.nurhaliza'; a mononym stays one word."""
    slug = slugify(full_name).replace("-", ".")
    slug = re.sub(r"[^a-z0-9.]", "", slug).strip(".")
    return (slug or "peserta")[:40]


def usernames_generate(full_names: Iterable[str]) -> list[str]:
    """Unique usernames for new accounts, numbered where a name is taken: one query for all."""
    names = list(full_names)
    bases = [username_base(n) for n in names]
    prefix_q = set(bases)
    taken = (
        set(
            User.objects.filter(
                username__regex=r"^(" + "|".join(re.escape(b) for b in prefix_q) + r")(\d*)$"
            ).values_list("username", flat=True)
        )
        if prefix_q
        else set()
    )
    result = []
    for base in bases:
        candidate, n = base, 1
        while candidate in taken:
            n += 1
            candidate = f"{base}{n}"
        taken.add(candidate)
        result.append(candidate)
    return result


def user_sync_role_groups(*, user: User) -> None:
    """A role's permissions come from its Django groups; keep them in step with the role."""
    managed = {name for names in ROLE_GROUPS.values() for name in names}
    wanted = set(ROLE_GROUPS.get(user.role, ()))
    keep = [g for g in user.groups.all() if g.name not in managed]
    groups = list(Group.objects.filter(name__in=wanted))
    user.groups.set(keep + groups)
    if user.role == Role.ADMIN and not user.is_superuser:
        user.is_superuser = True
        user.save(update_fields=["is_superuser"])


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    full_name: str,
    role: str,
    username: str = "",
    email: str = "",
    phone: str = "",
    password: str | None = None,
    organisation: Organisation | None = None,
    participant_kind: str = "",
    scope_province: Province | None = None,
    scope_organisation: Organisation | None = None,
) -> User:
    """Create one account. Staff may create trainees only within their own region; only
    administrators (or the system, actor None) create staff, editors and administrators."""
    if actor is not None:
        if role != Role.TRAINEE and not permissions.is_admin(actor):
            raise permissions.PermissionDenied("Only administrators create non-trainee accounts.")
        if role == Role.TRAINEE:
            permissions.require_can_manage_organisation(actor, organisation)
    user = User(
        username=username or usernames_generate([full_name])[0],
        full_name=full_name.strip(),
        email=email,
        phone=phone,
        role=role,
        organisation=organisation,
        participant_kind=participant_kind,
        scope_province=scope_province,
        scope_organisation=scope_organisation,
        is_superuser=role == Role.ADMIN,
        is_staff=role == Role.ADMIN,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    user_sync_role_groups(user=user)
    audit.record(
        actor=actor,
        action="user.create",
        target=user,
        after=audit.snapshot(user, ["username", "role", "organisation", "participant_kind"]),
        province_code=organisation.province.code if organisation else "",
        organisation_id=organisation.pk if organisation else None,
    )
    return user


@transaction.atomic
def participants_bulk_create(
    *,
    actor: User,
    full_names: Iterable[str],
    organisation: Organisation,
    participant_kind: str,
    with_passwords: bool = False,
) -> list[tuple[User, str]]:
    """Create trainee accounts for a list of names in one go, with generated usernames.

    Inmates rarely have e-mail or a phone: no contact data is asked for. Without passwords the
    accounts cannot log in and facilitators record on their behalf; with passwords, each new
    password is returned once, to be printed and handed over, and is never stored in clear.
    """
    permissions.require_can_manage_organisation(actor, organisation)
    names = [" ".join(n.split()) for n in full_names if n and n.strip()]
    if participant_kind not in ParticipantKind.values:
        raise ValueError("Unknown participant kind.")
    usernames = usernames_generate(names)
    users: list[tuple[User, str]] = []
    for name, username in zip(names, usernames, strict=True):
        user = User(
            username=username,
            full_name=name[:150],
            role=Role.TRAINEE,
            participant_kind=participant_kind,
            organisation=organisation,
        )
        password = ""
        if with_passwords:
            password = "-".join(secrets.token_hex(2) for _ in range(3))
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_clean(exclude=["password"], validate_unique=False)
        users.append((user, password))
    User.objects.bulk_create([u for u, _ in users], batch_size=500)
    audit.record_many(
        actor=actor,
        action="user.create",
        entries=[
            {
                "target": user,
                "after": {
                    "username": user.username,
                    "role": Role.TRAINEE,
                    "organisation": organisation.pk,
                },
                "province_code": organisation.province.code,
                "organisation_id": organisation.pk,
            }
            for user, _password in users
        ],
    )
    return users


PARTICIPANT_FIELDS = [
    "full_name",
    "username",
    "participant_kind",
    "organisation",
    "email",
    "phone",
    "is_active",
]
USER_FIELDS = [
    "username",
    "full_name",
    "email",
    "phone",
    "role",
    "organisation",
    "participant_kind",
    "scope_province",
    "scope_organisation",
    "is_active",
    "is_superuser",
]
ORGANISATION_FIELDS = ["name", "kind", "province", "regency", "parent"]
ACCOUNT_IN_USE = gettext_lazy("Akun ini masih dipakai (misalnya pendaftaran); nonaktifkan saja.")


def _person_scope(user: User) -> dict:
    organisation = user.organisation
    return {
        "province_code": organisation.province.code if organisation else "",
        "organisation_id": organisation.pk if organisation else None,
    }


@transaction.atomic
def participant_update(*, actor: User, participant: User, **changes: Any) -> User:
    """Change a trainee's name, kind, organisation or contact data: staff whose scope holds
    the participant's organisation, and the new organisation too. Contact changes are audited
    like any other: an e-mail address decides where password-reset mail goes."""
    participant = User.objects.select_for_update().get(pk=participant.pk)
    permissions.require_can_change_participant(actor, participant)
    if "email" in changes:
        changes["email"] = (changes["email"] or "").strip().lower()
    before, after = apply_changes(participant, changes, PARTICIPANT_FIELDS)
    if "organisation" in after:
        permissions.require_can_manage_organisation(actor, participant.organisation)
    if not after:
        return participant
    participant.full_clean(exclude=["password"])
    participant.save()
    audit.record(
        actor=actor,
        action="participant.update",
        target=participant,
        before=before,
        after=after,
        **_person_scope(participant),
    )
    return participant


@transaction.atomic
def user_update(*, actor: User, user: User, password: str | None = None, **changes: Any) -> User:
    """Administrators change any account: its role (and so its groups), regional scope,
    organisation, contact data and activity. The audit row says a password was set, never
    what it is."""
    permissions.require_is_admin(actor)
    user = User.objects.select_for_update().get(pk=user.pk)
    if "email" in changes:
        changes["email"] = (changes["email"] or "").strip().lower()
    if changes.get("role") == Role.ADMIN:
        changes["is_superuser"] = True
    before, after = apply_changes(user, changes, USER_FIELDS)
    if password:
        user.set_password(password)
        before["password"], after["password"] = "", _("diganti")
    if not after:
        return user
    user.full_clean(exclude=["password"])
    user.save()
    if "role" in after:
        user_sync_role_groups(user=user)
    audit.record(
        actor=actor,
        action="user.update",
        target=user,
        before=before,
        after=after,
        **_person_scope(user),
    )
    return user


@transaction.atomic
def participant_delete(*, actor: User, participant: User) -> None:
    """Delete a trainee account that holds nothing yet (no enrolment, no progress)."""
    participant = User.objects.select_for_update().get(pk=participant.pk)
    permissions.require_can_change_participant(actor, participant)
    delete_recorded(
        actor=actor,
        instance=participant,
        action="participant.delete",
        fields=["username", "full_name", "organisation"],
        in_use_message=ACCOUNT_IN_USE,
        **_person_scope(participant),
    )


@transaction.atomic
def organisation_create(
    *,
    actor: User,
    name: str,
    kind: str,
    province: Province,
    regency: str = "",
    parent: Organisation | None = None,
) -> Organisation:
    """Create an organisation inside the actor's region (under a parent in it, if any)."""
    organisation = Organisation(
        name=name, kind=kind, province=province, regency=regency, parent=parent
    )
    if parent is not None:
        permissions.require_can_manage_organisation(actor, parent)
    if not (permissions.scope_of(actor).national or _new_in_scope(actor, organisation)):
        raise permissions.PermissionDenied("This organisation would be outside your scope.")
    organisation.full_clean()
    organisation.save()
    audit.record(
        actor=actor,
        action="organisation.create",
        target=organisation,
        after=audit.snapshot(organisation, ORGANISATION_FIELDS),
        province_code=province.code,
        organisation_id=organisation.pk,
    )
    return organisation


def _new_in_scope(actor: User, organisation: Organisation) -> bool:
    """A new organisation is in a province scope when it sits in that province, and in an
    organisation scope when it sits under an organisation of that subtree."""
    scope = permissions.scope_of(actor)
    if not scope.staff:
        return False
    if scope.province_id:
        return organisation.province_id == scope.province_id
    return organisation.parent is not None and scope.holds(organisation.parent)


@transaction.atomic
def organisation_update(*, actor: User, organisation: Organisation, **changes: Any) -> Organisation:
    """Rename, re-kind or move an organisation: staff whose scope holds it, before and after
    the move. Depth and cycles are the model's rules (``Organisation.clean``)."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    permissions.require_can_manage_organisation(actor, organisation)
    before, after = apply_changes(organisation, changes, ORGANISATION_FIELDS)
    if not after:
        return organisation
    if ("province" in after or "parent" in after) and not (
        permissions.scope_of(actor).national or _new_in_scope(actor, organisation)
    ):
        raise permissions.PermissionDenied("This organisation would leave your scope.")
    organisation.full_clean()
    organisation.save()
    audit.record(
        actor=actor,
        action="organisation.update",
        target=organisation,
        before=before,
        after=after,
        province_code=organisation.province.code,
        organisation_id=organisation.pk,
    )
    return organisation


@transaction.atomic
def organisation_delete(*, actor: User, organisation: Organisation) -> None:
    """Delete an organisation nobody refers to (no people, waves, programmes or units)."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    permissions.require_can_manage_organisation(actor, organisation)
    delete_recorded(
        actor=actor,
        instance=organisation,
        action="organisation.delete",
        fields=ORGANISATION_FIELDS,
        in_use_message=_("Organisasi ini masih dipakai oleh data lain dan tidak dapat dihapus."),
        province_code=organisation.province.code,
        organisation_id=organisation.pk,
    )


@transaction.atomic
def user_delete(*, actor: User, user: User) -> None:
    """Administrators delete an account that holds no records (enrolments, assignments); the
    audit rows it wrote keep its name (``AuditEvent.actor_name``)."""
    permissions.require_is_admin(actor)
    user = User.objects.select_for_update().get(pk=user.pk)
    delete_recorded(
        actor=actor,
        instance=user,
        action="user.delete",
        fields=["username", "full_name", "role", "organisation"],
        in_use_message=ACCOUNT_IN_USE,
        **_person_scope(user),
    )
