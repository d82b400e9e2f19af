from wagtail import hooks
from wagtail.permissions import register_permission_policy

from . import panels, permissions
from .models import Assignment, Rubric

register_permission_policy(Assignment, permissions.assignment_policy)
register_permission_policy(Rubric, permissions.rubric_policy)


@hooks.register("portal_trainee_panels")
def trainee_panel(request):
    return panels.trainee_panel(request)


@hooks.register("portal_facilitator_panels")
def facilitator_panel(request):
    return panels.facilitator_panel(request)


@hooks.register("register_admin_viewset")
def register_assessment_admin():
    from .viewsets import AssessmentAdminGroup

    return AssessmentAdminGroup()
