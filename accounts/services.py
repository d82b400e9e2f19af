"""Every write to people and organisations goes through here: atomic, validated,
permission-checked, with one audit row holding the before and after of what changed."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lms import audit
from lms.changes import apply_changes, delete_recorded
from organisations.api import Organisation, Province

from . import codes, permissions
from .constants import ROLE_GROUPS, ParticipantKind, Role
from .models import SignInCode, User

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
) -> list[IssuedCode]:
    """Create trainee accounts for a list of names in one go, with generated usernames, each
    with a one-time sign-in code (returned once, to be printed and handed over; only its hash
    is kept) and no kata sandi yet: the participant sets one when first signing in with the
    code. Inmates rarely have e-mail or a phone: no contact data is asked for.

    No password hashing happens here, and a fixed number of queries whatever the number of
    names, so a hundred names answer in well under a second."""
    permissions.require_can_manage_organisation(actor, organisation)
    names = [" ".join(n.split())[:150] for n in full_names if n and n.strip()]
    if participant_kind not in ParticipantKind.values:
        raise ValueError("Unknown participant kind.")
    users = []
    for name, username in zip(names, usernames_generate(names), strict=True):
        user = User(
            username=username,
            full_name=name,
            role=Role.TRAINEE,
            participant_kind=participant_kind,
            organisation=organisation,
        )
        user.set_unusable_password()
        # The organisation was checked above, the usernames are new and there is no e-mail:
        # validating those per row would query per row.
        user.full_clean(
            exclude=["password", "organisation"],
            validate_unique=False,
            validate_constraints=False,
        )
        users.append(user)
    User.objects.bulk_create(users, batch_size=500)
    if any(u.pk is None for u in users):  # a backend that returns no ids on bulk insert
        by_username = dict(
            User.objects.filter(username__in=[u.username for u in users]).values_list(
                "username", "pk"
            )
        )
        for user in users:
            user.pk = user.id = by_username[user.username]
    issued = _codes_issue(actor=actor, users=users)
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
                    "sign_in_code": _("diterbitkan"),
                },
                "province_code": organisation.province.code,
                "organisation_id": organisation.pk,
            }
            for user in users
        ],
    )
    return issued


# --- One-time sign-in codes -------------------------------------------------------------


@dataclass(frozen=True)
class IssuedCode:
    """A code as issued: shown (printed) once, then only its hash remains."""

    user: User
    code: str
    expires_at: datetime.datetime


def _codes_issue(*, actor: User | None, users: list[User]) -> list[IssuedCode]:
    """New codes for these accounts (replacing their unused ones): two queries for any number."""
    now = timezone.now()
    expires_at = now + datetime.timedelta(days=codes.valid_days())
    SignInCode.objects.filter(user__in=users, used_at__isnull=True).delete()
    issued = [IssuedCode(user, codes.generate(), expires_at) for user in users]
    SignInCode.objects.bulk_create(
        [
            SignInCode(
                user_id=item.user.pk,
                code_hash=codes.digest(item.user.pk, item.code),
                expires_at=expires_at,
                issued_by=actor if getattr(actor, "pk", None) else None,
            )
            for item in issued
        ]
    )
    return issued


@transaction.atomic
def sign_in_code_issue(*, actor: User, participant: User) -> IssuedCode:
    """A new one-time sign-in code for a participant who has no e-mail to reset a kata sandi
    with (staff's "reset"): staff whose scope holds the participant. The unused code before it
    stops working; the current kata sandi stays until the participant sets a new one with the
    code. The audit row says a code was issued and until when, never the code."""
    participant = User.objects.select_for_update().get(pk=participant.pk)
    permissions.require_can_change_participant(actor, participant)
    if not participant.is_active:
        raise ValidationError(_("Akun ini tidak aktif; aktifkan dulu sebelum memberi kode."))
    issued = _codes_issue(actor=actor, users=[participant])[0]
    audit.record(
        actor=actor,
        action="user.code_issue",
        target=participant,
        after={"sign_in_code": _("diterbitkan"), "expires_at": issued.expires_at.isoformat()},
        **_person_scope(participant),
    )
    return issued


def sign_in_code_find(username: str, typed_code: str) -> SignInCode | None:
    """The unused, unexpired code matching what a person typed, for an active account, or None.
    One indexed lookup by hash; the comparison is the database's equality on a keyed hash, so
    it tells nothing about how close a guess was."""
    username = (username or "").strip()
    if not username or not codes.normalise(typed_code):
        return None
    user = User.objects.filter(username=username, is_active=True).only("pk").first()
    if user is None:
        return None
    return (
        SignInCode.objects.select_related("user")
        .filter(
            user=user,
            code_hash=codes.digest(user.pk, typed_code),
            used_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .first()
    )


@transaction.atomic
def sign_in_code_redeem(*, code_id: int, password: str) -> User:
    """The participant signed in with a code and chose a kata sandi: set it (validated by the
    password validators) and spend the code, both or neither. A code already spent or expired
    meanwhile is refused (ValidationError). One audit row, the participant as actor."""
    code = (
        SignInCode.objects.select_for_update(of=("self", "user"))
        .select_related("user", "user__organisation__province")
        .filter(pk=code_id, used_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if code is None or not code.user.is_active:
        raise ValidationError(_("Kode ini sudah dipakai atau kedaluwarsa. Minta kode baru."))
    user = code.user
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    code.used_at = timezone.now()
    code.save(update_fields=["used_at"])
    audit.record(
        actor=user,
        action="user.code_redeem",
        target=user,
        before={"password": ""},
        after={"password": _("diganti")},
        **_person_scope(user),
    )
    return user


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


PASSWORD_ACTIONS = ("user.password_change", "user.password_reset")


@transaction.atomic
def password_set(*, user: User, password: str, action: str) -> User:
    """The person sets their own kata sandi: changed while signed in, or through the e-mailed
    reset link ("lupa kata sandi"). Validated by the password validators; one audit row, the
    person as actor, saying it was set, never what it is."""
    if action not in PASSWORD_ACTIONS:
        raise ValueError("Unknown password action.")
    # Lock the account's row only: its organisation is on the nullable side of a join.
    user = (
        User.objects.select_for_update(of=("self",))
        .select_related("organisation__province")
        .get(pk=user.pk)
    )
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.record(
        actor=user,
        action=action,
        target=user,
        before={"password": ""},
        after={"password": _("diganti")},
        **_person_scope(user),
    )
    return user
