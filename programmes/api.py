"""What other apps (courses, assessments, cms) use of programmes."""

from .constants import SEAT_STATUSES
from .permissions import enrolments_visible_to, programmes_visible_to, waves_visible_to
from .selectors import facilitator_waves, participant_enrolments

__all__ = [
    "SEAT_STATUSES",
    "enrolments_visible_to",
    "facilitator_waves",
    "participant_enrolments",
    "programmes_visible_to",
    "waves_visible_to",
]
