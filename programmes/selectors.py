"""Reads that pages share. Each returns a queryset with what its page needs joined in."""

from django.db.models import (
    BooleanField,
    Count,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
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


class _InList(Func):
    """``column IN (subquery)``; on PostgreSQL ``column = ANY(ARRAY(subquery))``.

    Inside a correlated subquery PostgreSQL plans ``IN (subquery)`` as a join, and with fresh
    statistics it picks a hash join that reads the whole enrolment table once per row shown
    (0.9 to 1.3 s for the programmes list at 100,000 participants). An array of ids can only be
    probed through the index, whatever the statistics say."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, column: str, subquery: QuerySet):
        super().__init__(F(column), Subquery(subquery))

    def as_sql(self, compiler, connection, **extra):
        column, subquery = self.get_source_expressions()
        column_sql, column_params = compiler.compile(column)
        subquery_sql, subquery_params = compiler.compile(subquery)
        template = "%s = ANY(ARRAY%s)" if connection.vendor == "postgresql" else "%s IN %s"
        return template % (column_sql, subquery_sql), (*column_params, *subquery_params)


def _count(queryset: QuerySet, counted: str = "pk", distinct: bool = False) -> Coalesce:
    """A correlated COUNT for a list: the database computes it for the rows of the page shown,
    not for every row before paginating (a GROUP BY over the whole table would). The queryset
    holds the rows of one outer row already, so it is counted whole (no GROUP BY)."""
    subquery = (
        queryset.order_by()
        .annotate(_all=Value(1))
        .values("_all")
        .annotate(n=Count(counted, distinct=distinct))
        .values("n")
    )
    return Coalesce(Subquery(subquery, output_field=IntegerField()), 0)


def seats_taken() -> Coalesce:
    """Annotation for waves: enrolments holding a seat."""
    return _count(Enrolment.objects.filter(wave=OuterRef("pk"), status__in=SEAT_STATUSES))


def programme_counts(*, enrolment_scope: Q | None = None) -> dict:
    """Annotations for programmes: waves, and participants holding a seat (within
    ``enrolment_scope``, a Q on Enrolment, when the viewer sees one region only). Someone who
    took two waves of a programme counts once."""
    waves = Wave.objects.filter(programme=OuterRef(OuterRef("pk"))).order_by().values("pk")
    enrolments = Enrolment.objects.filter(_InList("wave_id", waves), status__in=SEAT_STATUSES)
    if enrolment_scope is not None:
        enrolments = enrolments.filter(enrolment_scope)
    return {
        "wave_count": _count(Wave.objects.filter(programme=OuterRef("pk"))),
        "participant_count": _count(enrolments, counted="participant", distinct=True),
    }
