"""Admin viewsets that ask the model's permission policy (``lms.permissions``) three questions:
which rows the user may see (every list, search, filter, export, inspect, history and usage
page reads only those), which they may change (edit, and the list's edit links) and which they
may delete. A record one may see but not change opens read-only: the list links it to its
inspect page, and its edit and delete URLs answer 403, GET or POST. Out-of-scope and malformed
ids answer 404. Writes go through the app's services: forms call them (``lms.forms``) and the
delete view calls the viewset's ``delete_service``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.views.generic import history, usage
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.coreutils import multigetattr
from wagtail.permissions import policy_registry

from . import timezones
from .forms import ScopedChooser


def _policy(model):
    return policy_registry.get_by_type(model)


def _pk_or_404(value):
    if value in (None, ""):
        raise Http404
    return value


class ScopedIndexMixin:
    scoped_queryset = None

    def get_base_queryset(self):
        return self.scoped_queryset(self.request)


class ScopedObjectMixin:
    """Objects come from the visible queryset only; a malformed or out-of-scope id is a 404.
    ``object_action`` (change, delete) must also be allowed on the object, or 403."""

    scoped_queryset = None
    object_action = "view"

    def get_object(self, queryset=None):
        if getattr(self, "object", None) is not None:
            return self.object
        pk = self.kwargs.get(self.pk_url_kwarg, self.args[0] if self.args else None)
        pk = unquote(str(_pk_or_404(pk)))
        try:
            obj = self.scoped_queryset(self.request).get(pk=pk)
        except (ObjectDoesNotExist, ValueError, TypeError, ValidationError, OverflowError) as e:
            raise Http404 from e
        policy = _policy(type(obj))
        if self.object_action != "view" and not policy.user_has_permission_for_instance(
            self.request.user, self.object_action, obj
        ):
            self.object = obj  # the refusal page links to its read-only view
            raise PermissionDenied
        return obj


class ForbiddenMixin:
    """A refused action answers 403 with a page that says why (in the user's language) and
    leads back, instead of Wagtail's redirect to the dashboard. It also covers refusals raised
    while the view is set up (Wagtail's delete view loads its object there)."""

    forbidden_message = _("Anda tidak memiliki izin untuk tindakan ini pada data ini.")

    def setup(self, request, *args, **kwargs):
        try:
            super().setup(request, *args, **kwargs)
        except PermissionDenied:
            self._denied = True

    def dispatch(self, request, *args, **kwargs):
        if getattr(self, "_denied", False):
            return self.forbidden()
        try:
            return super().dispatch(request, *args, **kwargs)
        except PermissionDenied:
            return self.forbidden()

    def forbidden(self):
        obj = getattr(self, "object", None)
        inspect_url = None
        if obj is not None and getattr(self, "inspect_url_name", None):
            inspect_url = reverse(self.inspect_url_name, args=[quote(obj.pk)])
        index_url_name = getattr(self, "index_url_name", None)
        return TemplateResponse(
            self.request,
            "lms/admin/forbidden.html",
            {
                "message": self.forbidden_message,
                "inspect_url": inspect_url,
                "index_url": reverse(index_url_name) if index_url_name else None,
            },
            status=403,
        )


class RowPermissionsMixin:
    """Edit and delete links only on rows the user may change or delete, worked out for the
    shown page in one query each (never one per row)."""

    def paginate_queryset(self, queryset, page_size):
        result = super().paginate_queryset(queryset, page_size)
        page_rows = list(result[2])
        self._page_pks = [row.pk for row in page_rows]
        return result

    def _allowed_pks(self, action: str) -> set:
        cache = self.__dict__.setdefault("_allowed", {})
        if action not in cache:
            policy = _policy(self.model)
            pks = getattr(self, "_page_pks", [])
            cache[action] = (
                set(
                    policy.instances_user_has_permission_for(self.request.user, action)
                    .filter(pk__in=pks)
                    .values_list("pk", flat=True)
                )
                if pks and policy.user_has_permission(self.request.user, action)
                else set()
            )
        return cache[action]

    def get_edit_url(self, instance):
        if instance.pk in self._allowed_pks("change"):
            return super().get_edit_url(instance)
        return None

    def get_delete_url(self, instance):
        if instance.pk in self._allowed_pks("delete"):
            return super().get_delete_url(instance)
        return None

    @cached_property
    def columns(self):
        """The first column links each row: to its edit page where the user may change it,
        else to its read-only inspect page. Whatever the first column is (a name, a date, a
        time), its text becomes the link; a column that is already a title column keeps its
        own link only where it has one."""
        columns = list(super().columns)
        first = columns[0] if columns else None
        if first is None:
            return columns
        if isinstance(first, TitleColumn):
            own = first._get_url_func

            def link(row, own=own, first=first):
                url = own(row) if own else None
                if url is None and first.url_name:
                    url = reverse(first.url_name, args=(quote(row.pk),))
                return url or self.get_edit_url(row) or self.get_inspect_url(row)

            first._get_url_func = link
        elif isinstance(first, Column):
            columns[0] = self._get_title_column_class(TitleColumn)(
                first.name,
                label=first.label,
                accessor=first.get_value,
                sort_key=first.sort_key,
                get_url=lambda row: self.get_edit_url(row) or self.get_inspect_url(row),
            )
        return columns


class LocalDateColumn(Column):
    """A date as a date ("13 Des 2025"), not Wagtail's relative "11 bulan yang lalu". A
    datetime is first converted to the zone named by ``zone_accessor`` on the row (WIB when
    none), so the day is the local day."""

    def __init__(self, name, zone_accessor=None, **kwargs):
        super().__init__(name, **kwargs)
        self.zone_accessor = zone_accessor

    def _zone(self, row):
        if self.zone_accessor is None:
            return None
        if callable(self.zone_accessor):
            return self.zone_accessor(row)
        return multigetattr(row, self.zone_accessor) if row is not None else None

    def get_value(self, instance):
        value = super().get_value(instance)
        if value is None or value == "":
            return ""
        if isinstance(value, dt.datetime):
            value = timezones.in_zone(value, self._zone(instance))
        return formats.date_format(value, "j M Y")


class ZonedDateTimeColumn(LocalDateColumn):
    """A time with its zone's label: "13 Des 2025 08:00 WITA"."""

    def get_value(self, instance):
        value = Column.get_value(self, instance)
        if not isinstance(value, dt.datetime):
            return ""
        return timezones.format_in_zone(value, self._zone(instance))


class ServiceFormMixin:
    """Create and edit views that save through a service: a ValidationError the service raises
    (a full wave, a clash of dates) is shown on the form, and nothing is written."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


class InstanceButtonsMixin:
    """Edit and delete buttons on an object's pages only where the user may use them."""

    def _may(self, action: str) -> bool:
        return _policy(self.model).user_has_permission_for_instance(
            self.request.user, action, self.object
        )

    def get_edit_url(self):
        if self._may("change"):
            return super().get_edit_url()
        return None

    def get_delete_url(self):
        if self._may("delete"):
            return super().get_delete_url()
        return None


class ScopedIndexView(ForbiddenMixin, RowPermissionsMixin, ScopedIndexMixin, generic.IndexView):
    pass


class ScopedEditView(ForbiddenMixin, ServiceFormMixin, ScopedObjectMixin, generic.EditView):
    object_action = "change"
    forbidden_message = _(
        "Anda boleh melihat data ini, tetapi tidak boleh mengubahnya: data ini di luar "
        "wilayah kewenangan Anda."
    )

    @cached_property
    def can_delete(self):
        return _policy(self.model).user_has_permission_for_instance(
            self.request.user, "delete", self.object
        )


class ScopedCreateView(ForbiddenMixin, ServiceFormMixin, generic.CreateView):
    pass


class ScopedDeleteView(ForbiddenMixin, ScopedObjectMixin, generic.DeleteView):
    """Deletes through the viewset's ``delete_service(actor=, instance=)``; a record still in
    use is refused with the service's message, and nothing is deleted."""

    object_action = "delete"
    delete_service: Callable | None = None
    forbidden_message = _("Anda tidak boleh menghapus data ini.")

    def delete_action(self):
        if self.delete_service is None:
            raise PermissionDenied
        self.delete_service(actor=self.request.user, instance=self.object)

    def form_valid(self, form):
        """The service decides whether a record still in use may go (the database protects
        it too), and says why not; Wagtail's own usage check would only answer 403."""
        success_url = self.get_success_url()
        try:
            self.delete_action()
        except ValidationError as error:
            for message in error.messages:
                messages.error(self.request, message)
            return HttpResponseRedirect(self.request.get_full_path())
        messages.success(self.request, self.get_success_message())
        hook_response = self.run_after_hook()
        if hook_response is not None:
            return hook_response
        return HttpResponseRedirect(success_url)


class ScopedInspectView(
    ForbiddenMixin, InstanceButtonsMixin, ScopedObjectMixin, generic.InspectView
):
    def get_object(self, queryset=None):
        return ScopedObjectMixin.get_object(self, queryset)


class ScopedHistoryView(ScopedObjectMixin, history.HistoryView):
    pass


class ScopedUsageView(ScopedObjectMixin, usage.UsageView):
    """Lists what refers to a record; rows outside the user's scope show as "(private)"
    because Wagtail's URL finder asks each row's policy."""

    permission_required = "view"

    def get_object(self):
        return ScopedObjectMixin.get_object(self)

    def get_edit_url(self, instance):
        policy = _policy(type(instance))
        if policy is not None and not policy.user_has_permission_for_instance(
            self.request.user, "change", instance
        ):
            return None
        return super().get_edit_url(instance)


class ScopedModelViewSet(ModelViewSet):
    """A model viewset ruled by the model's registered ``ScopedPermissionPolicy``.

    Subclasses may override ``scoped_queryset`` to join and annotate what their list shows,
    starting from ``self.visible(request)``; and define ``delete_instance(*, actor, instance)``
    (calling the app's delete service) to allow deleting at all."""

    index_view_class = ScopedIndexView
    add_view_class = ScopedCreateView
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    inspect_view_class = ScopedInspectView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    copy_view_enabled = False
    inspect_view_enabled = True
    search_backend_name = None  # ORM search over ``search_fields``: scoping stays in SQL
    delete_instance: Callable | None = None

    def visible(self, request):
        return _policy(self.model).instances_user_has_permission_for(request.user, "view")

    def scoped_queryset(self, request):
        return self.visible(request)

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            scoped_queryset=self.scoped_queryset, delete_service=self.delete_instance, **kwargs
        )


class ScopedChooseMixin:
    scoped_queryset = None

    def get_object_list(self):
        return self.scoped_queryset(self.request)


class ScopedChooseView(ScopedChooseMixin, chooser_views.ChooseView):
    pass


class ScopedChooseResultsView(ScopedChooseMixin, chooser_views.ChooseResultsView):
    pass


class ScopedChosenView(chooser_views.ChosenView):
    scoped_queryset = None

    def get_object(self, pk):
        try:
            return self.scoped_queryset(self.request).get(pk=pk)
        except (ObjectDoesNotExist, ValueError, TypeError, ValidationError, OverflowError) as e:
            raise Http404 from e


class ScopedChosenMultipleView(chooser_views.ChosenMultipleView):
    scoped_queryset = None

    def get_objects(self, pks):
        clean = [pk for pk in pks if str(pk).isdigit()]
        return self.scoped_queryset(self.request).filter(pk__in=clean)


class ScopedChooserCreateView(chooser_views.CreateView):
    scoped_queryset = None


def search_filter_form(*fields: str) -> type[BaseFilterForm]:
    """A chooser filter form searching the given fields with the ORM (case-insensitive)."""

    class SearchFilterForm(BaseFilterForm):
        q = forms.CharField(
            label=_("Cari"),
            widget=forms.TextInput(attrs={"placeholder": _("Cari")}),
            required=False,
        )

        def filter(self, objects):
            query = (self.cleaned_data.get("q") or "").strip()
            if query:
                condition = Q()
                for field in fields:
                    condition |= Q(**{f"{field}__icontains": query})
                objects = objects.filter(condition)
                self.is_searching = True
                self.search_query = query
            return objects

    return SearchFilterForm


class ScopedChooserViewSet(ChooserViewSet):
    """A chooser (for large lists such as participants and waves) that lists, searches and
    returns only records in the user's scope; its widget shows a chosen record only when it is
    in the form field's (scoped) choices."""

    choose_view_class = ScopedChooseView
    choose_results_view_class = ScopedChooseResultsView
    chosen_view_class = ScopedChosenView
    chosen_multiple_view_class = ScopedChosenMultipleView
    create_view_class = ScopedChooserCreateView
    base_widget_class = ScopedChooser
    per_page = 20

    def scoped_queryset(self, request):
        raise NotImplementedError

    filter_form_class = None

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(scoped_queryset=self.scoped_queryset, **kwargs)

    def construct_view(self, view_class, **kwargs):
        """Wagtail's chooser views read ``filter_form_class`` but its viewset does not pass it
        on; without it a model outside the search index has no search box in the chooser."""
        if self.filter_form_class is not None and hasattr(view_class, "filter_form_class"):
            kwargs.setdefault("filter_form_class", self.filter_form_class)
        return super().construct_view(view_class, **kwargs)
