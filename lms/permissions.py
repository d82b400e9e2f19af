"""The base every app's permission policy builds on: see, change and delete are three questions.

Django's model permissions (through the role's groups) decide whether a user may use a kind of
record in the admin at all; an app's rules then decide *which* rows: the ones the user may see,
change and delete, each a queryset. Wagtail asks a policy through its ``PermissionPolicy`` API
(lists, action buttons, edit, delete, inspect, usage, choosers, the admin URL finder), so one
policy per model, registered once, makes every admin view agree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from wagtail.permission_policies.base import ModelPermissionPolicy

RowRule = Callable[[object], QuerySet]

READ_ACTIONS = frozenset({"view"})
CHANGE_ACTIONS = frozenset({"add", "change"})


class ScopedPermissionPolicy(ModelPermissionPolicy):
    """A model permission policy refined per row by three querysets.

    ``visible(user)``, ``changeable(user)`` and ``deletable(user)`` come from the app's
    permissions module. ``changeable`` defaults to nothing and ``deletable`` to ``changeable``:
    a rule must be written down to grant a write. Model-level permissions still apply on top,
    so a role without ``delete_wave`` deletes no wave whatever the row rules say.
    """

    def __init__(
        self,
        model,
        *,
        visible: RowRule,
        changeable: RowRule | None = None,
        deletable: RowRule | None = None,
        addable: Callable[[object], bool] | None = None,
    ):
        super().__init__(model)
        self._visible = visible
        self._changeable = changeable
        self._deletable = deletable or changeable
        self._addable = addable

    # Rows -----------------------------------------------------------------------------------

    def visible(self, user) -> QuerySet:
        return self._visible(user)

    def changeable(self, user) -> QuerySet:
        if self._changeable is None:
            return self.model._default_manager.none()
        return self._changeable(user)

    def deletable(self, user) -> QuerySet:
        if self._deletable is None:
            return self.model._default_manager.none()
        return self._deletable(user)

    def _rows(self, user, action: str) -> QuerySet:
        if action in READ_ACTIONS:
            return self.visible(user)
        if action == "delete":
            return self.deletable(user)
        return self.changeable(user)

    # Wagtail's PermissionPolicy API ---------------------------------------------------------

    def user_has_permission(self, user, action):
        if not (user.is_authenticated and user.is_active):
            return False
        if action == "add" and self._addable is not None and not self._addable(user):
            return False
        if action in CHANGE_ACTIONS | {"delete"} and not self._grants(action):
            return False
        return super().user_has_permission(user, action)

    def _grants(self, action: str) -> bool:
        if action == "delete":
            return self._deletable is not None
        return self._changeable is not None

    def instances_user_has_any_permission_for(self, user, actions: Iterable[str]):
        condition = None
        for action in actions:
            if not self.user_has_permission(user, action):
                continue
            rows = Q(pk__in=self._rows(user, action).order_by().values("pk"))
            condition = rows if condition is None else condition | rows
        if condition is None:
            return self.model._default_manager.none()
        return self.model._default_manager.filter(condition)

    def instances_user_has_permission_for(self, user, action):
        if not self.user_has_permission(user, action):
            return self.model._default_manager.none()
        return self._rows(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        if instance is None or instance.pk is None:
            return self.user_has_permission(user, action)
        return self.instances_user_has_permission_for(user, action).filter(pk=instance.pk).exists()

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, a, instance) for a in actions)

    # For services -----------------------------------------------------------------------------

    def require(self, user, action: str, instance: Model, message: str = "") -> None:
        """Raise PermissionDenied unless ``user`` may ``action`` this record."""
        if not self.user_has_permission_for_instance(user, action, instance):
            raise PermissionDenied(message or f"You may not {action} this record.")
