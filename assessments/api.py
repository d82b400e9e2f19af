"""What other apps (certificates, reporting, portal) use of assessments."""

from .constants import LogbookStatus, Mode, SubmissionStatus
from .models import Assignment, Grade, LogbookEntry, LogbookPlan, Submission
from .permissions import assignments_visible_to, submissions_visible_to
from .selectors import at_risk_flags, required_assignment_results, verified_logbook_hours
from .services import notify

__all__ = [
    "Assignment",
    "Grade",
    "LogbookEntry",
    "LogbookPlan",
    "LogbookStatus",
    "Mode",
    "Submission",
    "SubmissionStatus",
    "assignments_visible_to",
    "at_risk_flags",
    "notify",
    "required_assignment_results",
    "submissions_visible_to",
    "verified_logbook_hours",
]
