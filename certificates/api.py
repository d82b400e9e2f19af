"""What other apps (reporting, portal) use of certificates."""

from .constants import CertificateStatus
from .models import Certificate
from .permissions import certificates_visible_to

__all__ = ["Certificate", "CertificateStatus", "certificates_visible_to"]
