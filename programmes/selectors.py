"""Reads that pages share. Each returns a queryset with what its page needs joined in."""

from django.db.models import Count, Q, QuerySet

from .constants import SEAT_STATUSES, EnrolmentStatus
from .models import Enrolment, Wave
from .permissions import waves_visible_to


def participant_enrolments(*, participant) -> QuerySet[Enrolment]:
    """A trainee's own enrolments, newest wave first (withdrawn ones last)."""
    return (
        Enrolment.objects.filter(participant=participant)
        .exclude(status=EnrolmentStatus.WITHDRAWN)
        .select_related("wave", "wave__programme", "wave__host_site")
        .order_by("-wave__starts_on")
    )


def facilitator_waves(*, facilitator) -> QuerySet[Wave]:
    """The waves a facilitator is assigned to, with their head counts computed in SQL."""
    return (
        waves_visible_to(facilitator)
        .select_related("programme", "host_site")
        .annotate(
            seats_taken=Count("enrolments", filter=Q(enrolments__status__in=SEAT_STATUSES)),
            active_count=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.ACTIVE)),
        )
        .order_by("-starts_on", "number")
    )
