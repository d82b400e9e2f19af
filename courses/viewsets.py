"""Admin for the course records that are not pages: tracks (snippets editors extend) and the
curriculum (which programme or wave uses which course)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.views.snippets import SnippetViewSet

from lms.forms import ServiceModelForm
from lms.viewsets import ScopedModelViewSet
from programmes import api as programmes

from . import services
from .models import CurriculumEntry, Track


class TrackViewSet(SnippetViewSet):
    model = Track
    icon = "list-ul"
    menu_label = _("Jalur pelatihan")
    add_to_admin_menu = False
    list_display = ["name", "name_en", "sort_order"]
    search_fields = ["name", "name_en"]


class CurriculumForm(ServiceModelForm):
    """Staff link courses to the programmes they may change (and to the waves of them)."""

    scoped_fields = {
        "programme": programmes.programmes_changeable_by,
        "wave": programmes.waves_visible_to,
    }

    def create(self, changes):
        return services.curriculum_entry_create(actor=self.for_user, **changes)

    def update(self, instance, changes):
        return services.curriculum_entry_update(actor=self.for_user, entry=instance, **changes)


class CurriculumFilterSet(WagtailFilterSet):
    programme = django_filters.ModelChoiceFilter(
        label=_("Program"),
        queryset=lambda request: (
            programmes.programmes_visible_to(request.user)
            if request is not None
            else CurriculumEntry.programme.field.related_model.objects.none()
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
        return self.visible(request).select_related(
            "programme", "wave", "wave__programme", "course"
        )

    def delete_instance(self, *, actor, instance):
        services.curriculum_entry_delete(actor=actor, entry=instance)
