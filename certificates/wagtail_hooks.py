from django.urls import path
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from . import admin_views, panels, permissions
from .models import Certificate, CertificateSettings
from .viewsets import CertificateAdminGroup, issue_menu_item

register_permission_policy(Certificate, permissions.certificate_policy)
register_permission_policy(CertificateSettings, permissions.settings_policy)


@hooks.register("register_admin_viewset")
def register_certificate_admin():
    return CertificateAdminGroup()


@hooks.register("register_admin_urls")
def register_certificate_urls():
    return [
        path("sertifikat-terbit/", admin_views.waves, name="certificates_admin_waves"),
        path(
            "sertifikat-terbit/gelombang/<int:wave_id>/",
            admin_views.wave,
            name="certificates_admin_wave",
        ),
        path(
            "sertifikat-terbit/gelombang/<int:wave_id>/semua/",
            admin_views.issue_wave,
            name="certificates_admin_issue_wave",
        ),
        path(
            "sertifikat-terbit/peserta/<int:enrolment_id>/",
            admin_views.issue_one,
            name="certificates_admin_issue_one",
        ),
        path(
            "sertifikat-terbit/proses/<int:batch_id>/",
            admin_views.batch,
            name="certificates_admin_batch",
        ),
        path(
            "sertifikat-terbit/<int:pk>/cabut/",
            admin_views.revoke,
            name="certificates_admin_revoke",
        ),
        path(
            "sertifikat-terbit/<int:pk>/ulang/",
            admin_views.reissue,
            name="certificates_admin_reissue",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_issue_menu_item():
    return issue_menu_item()


@hooks.register("portal_trainee_panels")
def trainee_panel(request):
    return panels.trainee_panel(request)


@hooks.register("portal_facilitator_panels")
def facilitator_panel(request):
    return panels.facilitator_panel(request)
