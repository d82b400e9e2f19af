"""What other apps (courses, assessments, attendance, certificates, portal) use of programmes."""

from .constants import SEAT_STATUSES, EnrolmentStatus
from .models import Enrolment, FacilitatorAssignment, Programme, Wave
from .permissions import (
    can_change_programme,
    can_change_wave,
    enrolments_visible_to,
    programmes_changeable_by,
    programmes_visible_to,
    waves_changeable_by,
    waves_visible_to,
)
from .selectors import facilitator_waves, participant_enrolments
from .services import enrolment_create

__all__ = [
    "SEAT_STATUSES",
    "Enrolment",
    "EnrolmentStatus",
    "FacilitatorAssignment",
    "Programme",
    "Wave",
    "can_change_programme",
    "can_change_wave",
    "enrolment_create",
    "enrolments_visible_to",
    "facilitator_waves",
    "participant_enrolments",
    "programmes_changeable_by",
    "programmes_visible_to",
    "waves_changeable_by",
    "waves_visible_to",
]
