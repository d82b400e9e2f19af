from django.urls import path
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from . import admin_views, panels, permissions
from .models import AttendanceSettings, Session
from .viewsets import AttendanceAdminGroup

register_permission_policy(Session, permissions.session_policy)
register_permission_policy(AttendanceSettings, permissions.settings_policy)


@hooks.register("register_admin_viewset")
def register_attendance_admin():
    return AttendanceAdminGroup()


@hooks.register("register_admin_urls")
def register_schedule_urls():
    return [
        path("jadwal/salin/", admin_views.schedule_copy, name="attendance_schedule_copy"),
        path("jadwal/sepekan/", admin_views.add_week, name="attendance_add_week"),
    ]


@hooks.register("portal_facilitator_panels")
def facilitator_panel(request):
    return panels.facilitator_panel(request)


@hooks.register("portal_trainee_panels")
def trainee_panel(request):
    return panels.trainee_panel(request)
