from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from . import permissions, routing, selectors
from .models import CurriculumEntry, ProtectedContentMixin
from .viewsets import CurriculumEntryViewSet, TrackViewSet

register_snippet(TrackViewSet)
hooks.register("route_below_home", routing.route_course_content)
register_permission_policy(CurriculumEntry, permissions.curriculum_entry_policy)


@hooks.register("register_admin_viewset")
def register_curriculum_admin():
    return CurriculumEntryViewSet("curriculum")


@hooks.register("before_serve_page")
def require_course_access(page, request, serve_args, serve_kwargs):
    """Modules and lessons are for the course's learners (``courses.permissions``): anonymous
    visitors are sent to log in, others without access get 403."""
    if not isinstance(page, ProtectedContentMixin):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    permissions.require_can_view_course_content(request.user, page.get_course())
    return None


@hooks.register("before_serve_document")
def require_lesson_access_for_document(document, request):
    """A document used by lessons is served only to someone who may open one of them."""
    courses = selectors.courses_using_document(document=document)
    if courses is None:
        return None  # used by no lesson: Wagtail's own rules (collection privacy) apply
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.is_content_staff(request.user) and not any(
        permissions.can_view_course_content(request.user, course) for course in courses
    ):
        raise PermissionDenied
    return None
