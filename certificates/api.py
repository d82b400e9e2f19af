"""What other apps (reporting, portal) use of certificates."""

from .constants import CertificateStatus
from .models import Certificate
from .permissions import certificates_visible_to
from .sources import wave_eligibility

__all__ = ["Certificate", "CertificateStatus", "certificates_visible_to", "wave_eligibility"]
