"""Admin for the course records that are not pages: tracks (snippets editors extend) and the
curriculum (which programme or wave uses which course)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import CurriculumEntry, Track


class TrackViewSet(SnippetViewSet):
    model = Track
    icon = "list-ul"
    menu_label = _("Jalur pelatihan")
    add_to_admin_menu = False
    list_display = ["name", "name_en", "sort_order"]
    search_fields = ["name", "name_en"]


class CurriculumEntryViewSet(ModelViewSet):
    model = CurriculumEntry
    icon = "list-ol"
    menu_label = _("Kurikulum")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["programme", "wave", "course", "sort_order"]
    list_filter = ["programme"]
    panels = [
        FieldPanel("programme"),
        FieldPanel("wave"),
        FieldPanel("course"),
        FieldPanel("sort_order"),
    ]

    def get_queryset(self, request):
        return CurriculumEntry.objects.select_related("programme", "wave", "course")
