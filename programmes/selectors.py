"""Reads that pages share. Each returns a queryset with what its page needs joined in."""

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from .constants import SEAT_STATUSES, EnrolmentStatus
from .models import Enrolment, Wave
from .permissions import waves_visible_to


def participant_enrolments(*, participant) -> QuerySet[Enrolment]:
    """A trainee's own enrolments, newest wave first (withdrawn ones left out)."""
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
        .annotate(seats_taken=seats_taken())
        .order_by("-starts_on", "number")
    )


def _count(queryset: QuerySet, group_by: str, counted: str = "pk", distinct: bool = False):
    """A correlated COUNT for a list: the database computes it for the rows of the page shown,
    not for every row before paginating (a GROUP BY over the whole table would)."""
    subquery = (
        queryset.order_by()
        .values(group_by)
        .annotate(n=Count(counted, distinct=distinct))
        .values("n")
    )
    return Coalesce(Subquery(subquery, output_field=IntegerField()), 0)


def seats_taken() -> Coalesce:
    """Annotation for waves: enrolments holding a seat."""
    return _count(Enrolment.objects.filter(wave=OuterRef("pk"), status__in=SEAT_STATUSES), "wave")


def programme_counts(*, enrolment_scope: Q | None = None) -> dict:
    """Annotations for programmes: waves, and participants holding a seat (within
    ``enrolment_scope``, a Q on Enrolment, when the viewer sees one region only)."""
    enrolments = Enrolment.objects.filter(wave__programme=OuterRef("pk"), status__in=SEAT_STATUSES)
    if enrolment_scope is not None:
        enrolments = enrolments.filter(enrolment_scope)
    return {
        "wave_count": _count(Wave.objects.filter(programme=OuterRef("pk")), "programme"),
        "participant_count": _count(
            enrolments, "wave__programme", counted="participant", distinct=True
        ),
    }
