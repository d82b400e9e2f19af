from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .viewsets import CurriculumEntryViewSet, TrackViewSet

register_snippet(TrackViewSet)


@hooks.register("register_admin_viewset")
def register_curriculum_admin():
    return CurriculumEntryViewSet("curriculum")
