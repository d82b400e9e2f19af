"""Admin viewsets whose every view (list, search, filters, export, edit, inspect, history,
delete) sees only the records the user's scope allows. A viewset names that scope once, in
``scoped_queryset``, from its app's permissions module."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.views import generic
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.views.generic import history, usage
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.viewsets.model import ModelViewSet


class ScopedIndexMixin:
    scoped_queryset = None

    def get_base_queryset(self):
        return self.scoped_queryset(self.request)


class ScopedObjectMixin:
    scoped_queryset = None

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if not self.scoped_queryset(self.request).filter(pk=obj.pk).exists():
            raise Http404
        return obj


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


class ScopedIndexView(ScopedIndexMixin, generic.IndexView):
    pass


class ScopedEditView(ServiceFormMixin, ScopedObjectMixin, generic.EditView):
    pass


class ScopedCreateView(ServiceFormMixin, generic.CreateView):
    pass


class ScopedDeleteView(ScopedObjectMixin, generic.DeleteView):
    pass


class ScopedInspectView(ScopedObjectMixin, generic.InspectView):
    pass


class ScopedHistoryView(ScopedObjectMixin, history.HistoryView):
    pass


class ScopedUsageView(ScopedObjectMixin, usage.UsageView):
    pass


class ScopedModelViewSet(ModelViewSet):
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

    def scoped_queryset(self, request):
        raise NotImplementedError

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(scoped_queryset=self.scoped_queryset, **kwargs)


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
        return self.scoped_queryset(self.request).get(pk=pk)


class ScopedChosenMultipleView(chooser_views.ChosenMultipleView):
    scoped_queryset = None

    def get_objects(self, pks):
        return self.scoped_queryset(self.request).filter(pk__in=pks)


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
    returns only records in the user's scope."""

    choose_view_class = ScopedChooseView
    choose_results_view_class = ScopedChooseResultsView
    chosen_view_class = ScopedChosenView
    chosen_multiple_view_class = ScopedChosenMultipleView
    create_view_class = ScopedChooserCreateView
    per_page = 20

    def scoped_queryset(self, request):
        raise NotImplementedError

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(scoped_queryset=self.scoped_queryset, **kwargs)
