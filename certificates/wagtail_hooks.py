from wagtail.permissions import register_permission_policy

from . import permissions
from .models import Certificate, CertificateSettings

register_permission_policy(Certificate, permissions.certificate_policy)
register_permission_policy(CertificateSettings, permissions.settings_policy)
