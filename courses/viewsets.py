"""Admin for the course records that are not pages: tracks (snippets editors extend) and the
curriculum (which programme or wave uses which course)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.views.snippets import SnippetViewSet

from lms.viewsets import ScopedModelViewSet
from programmes import api as programmes
from programmes.models import Programme
from programmes.viewsets import wave_chooser_viewset

from .models import CurriculumEntry, Track


class TrackViewSet(SnippetViewSet):
    model = Track
    icon = "list-ul"
    menu_label = _("Jalur pelatihan")
    add_to_admin_menu = False
    list_display = ["name", "name_en", "sort_order"]
    search_fields = ["name", "name_en"]


class CurriculumForm(WagtailAdminModelForm):
    """Staff link only the programmes and waves they can see; a wave must be of the programme."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wave"].widget = wave_chooser_viewset.widget_class()
        if self.for_user is not None:
            self.fields["programme"].queryset = programmes.programmes_visible_to(self.for_user)
            self.fields["wave"].queryset = programmes.waves_visible_to(self.for_user)


class CurriculumFilterSet(WagtailFilterSet):
    programme = django_filters.ModelChoiceFilter(
        label=_("Program"),
        queryset=lambda request: (
            programmes.programmes_visible_to(request.user)
            if request is not None
            else Programme.objects.none()
        ),
    )

    class Meta:
        model = CurriculumEntry
        fields = ["programme"]


class CurriculumEntryViewSet(ScopedModelViewSet):
    model = CurriculumEntry
    icon = "list-ol"
    menu_label = _("Kurikulum")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["programme", "wave", "course", "sort_order"]
    filterset_class = CurriculumFilterSet
    search_fields = ["programme__title", "course__title"]
    list_per_page = 50
    edit_handler = ObjectList(
        [
            FieldPanel("programme"),
            FieldPanel("wave"),
            FieldPanel("course"),
            FieldPanel("sort_order"),
        ],
        base_form_class=CurriculumForm,
    )

    def scoped_queryset(self, request):
        visible = programmes.programmes_visible_to(request.user)
        return CurriculumEntry.objects.filter(programme__in=visible).select_related(
            "programme", "wave", "wave__programme", "course"
        )
