"""What other apps (certificates, reporting, portal) use of assessments."""

from .constants import LogbookStatus, SubmissionStatus
from .models import Assignment, LogbookEntry, Submission

__all__: list[str] = [
    "Assignment",
    "LogbookEntry",
    "LogbookStatus",
    "Submission",
    "SubmissionStatus",
]
