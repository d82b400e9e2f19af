"""Every write to accounts goes through here."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.text import slugify

from lms import audit
from organisations.models import Organisation, Province

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
