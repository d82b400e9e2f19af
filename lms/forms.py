"""Admin forms that save through services, choose only within the user's scope, and never print a
record the user may not see.

- ``ScopedFieldsMixin``: a form names, per field, the rule giving the records the user may pick
  (``scoped_fields``); the field's queryset (and so validation) and the chooser widget's display
  both use it. Without a user, nothing can be picked.
- ``ServiceModelForm``: ``save()`` calls the form's ``create`` or ``update``, which call the
  app's service; the form itself never writes.
- ``ScopedInlinePanel``: an InlinePanel whose child forms get the user and scoped fields too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import Model, QuerySet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import InlinePanel
from wagtail.admin.widgets.chooser import BaseChooser

ScopeRule = Callable[[Any], QuerySet]


class ScopedChooser(BaseChooser):
    """A chooser widget that shows a chosen record only when it is among the field's choices
    (the user's scope), and treats a malformed id as no choice instead of failing."""

    def get_instance(self, value):
        if value is None or value == "":
            return None
        if isinstance(value, self.model_class):
            return value
        choices = getattr(self, "choices", None)
        queryset = getattr(choices, "queryset", None)
        if queryset is None:
            return None
        try:
            return queryset.get(pk=value)
        except (ObjectDoesNotExist, ValueError, TypeError, ValidationError, OverflowError):
            return None


class ScopedFieldsMixin:
    scoped_fields: Mapping[str, ScopeRule] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self, "for_user", None)
        for name, rule in self.scoped_fields.items():
            field = self.fields.get(name)
            if field is None:
                continue
            field.queryset = rule(user) if user is not None else field.queryset.none()


class ScopedChildForm(ScopedFieldsMixin, WagtailAdminModelForm):
    """Base for inline child forms: ``scoped_fields`` is set per panel."""


class ScopedInlinePanel(InlinePanel):
    """An InlinePanel whose rows pick related records within the user's scope."""

    def __init__(self, relation_name, *args, scoped_fields: Mapping[str, ScopeRule] = (), **kw):
        super().__init__(relation_name, *args, **kw)
        self.scoped_fields = dict(scoped_fields)

    def clone_kwargs(self):
        kwargs = super().clone_kwargs()
        kwargs["scoped_fields"] = self.scoped_fields
        return kwargs

    def get_form_options(self):
        options = super().get_form_options()
        formset = options["formsets"][self.relation_name]
        formset["inherit_kwargs"] = ["for_user"]
        base = formset.get("form", ScopedChildForm)
        if not issubclass(base, ScopedChildForm):
            base = type("ScopedChildForm", (ScopedChildForm, base), {})
        formset["form"] = type(
            f"{self.relation_name.title()}ChildForm", (base,), {"scoped_fields": self.scoped_fields}
        )
        return options


class ServiceModelForm(ScopedFieldsMixin, WagtailAdminModelForm):
    """A model form whose ``save()`` goes through a service. Subclasses implement ``create``
    and ``update``; ``changes`` holds the model fields the form edits, cleaned."""

    def model_changes(self) -> dict[str, Any]:
        model_fields = {f.name for f in self._meta.model._meta.get_fields()}
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name in model_fields and name in self.fields
        }

    def formset_rows(self, relation_name: str) -> list[dict[str, Any]]:
        """The rows an inline formset will hold after saving (deleted and empty rows left out)."""
        formset = self.formsets[relation_name]
        rows = []
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get(forms.formsets.DELETION_FIELD_NAME):
                continue
            rows.append(data)
        return rows

    def create(self, changes: dict[str, Any]) -> Model:
        raise NotImplementedError

    def update(self, instance: Model, changes: dict[str, Any]) -> Model:
        raise NotImplementedError

    def save(self, commit=True):
        changes = self.model_changes()
        if self.instance.pk is None:
            self.instance = self.create(changes)
        else:
            original = type(self.instance)._default_manager.get(pk=self.instance.pk)
            self.instance = self.update(original, changes)
        return self.instance

    def save_m2m(self):
        """Related rows are the service's to write."""
