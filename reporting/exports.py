"""The exports of the lists (the people behind a figure, the at-risk list): small ones answer at
once; one over ``REPORTING_ASYNC_EXPORT_ROWS`` rows is made by a Celery worker (``tasks``) as the
person who asked (same scope, same rows) and offered for download on a page that refreshes
itself until the file is ready. Both paths build the file with the same function and
``lms.spreadsheets``, so the figures are the same."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from lms import spreadsheets
from programmes import api as programmes

from . import selectors
from .models import ExportJob

DEFAULT_ASYNC_ROWS = 5000


def threshold() -> int:
    return getattr(settings, "REPORTING_ASYNC_EXPORT_ROWS", DEFAULT_ASYNC_ROWS)


def _wave(user, wave_id):
    if wave_id is None:
        return None
    wave = programmes.waves_visible_to(user).select_related("programme").filter(pk=wave_id).first()
    if wave is None:
        raise Http404
    return wave


def build(user, kind: str, params: dict, fmt: str):
    """The export as a response (``lms.spreadsheets``), for ``user``'s scope."""
    from .admin_views import figure_labels, reasons

    if kind == "figure":
        wave = _wave(user, params["wave"])
        label = figure_labels()[params["figure"]]
        qs = selectors.figure_enrolments(user, wave, params["figure"])
        rows = (
            (
                e.participant.full_name,
                e.organisation.name,
                e.organisation.province.name,
                e.get_status_display(),
            )
            for e in qs.iterator(chunk_size=2000)
        )
        return spreadsheets.export_response(
            fmt,
            f"{label}-{wave}",
            [_("Nama"), _("Koperasi / unit"), _("Provinsi"), _("Status")],
            rows,
            sheet_title=label,
        )
    if kind == "at_risk":
        wave = _wave(user, params.get("wave"))
        people = list(selectors.at_risk(user, wave=wave))
        facilitators = selectors.facilitators_of({e.wave_id for e in people})
        return spreadsheets.export_response(
            fmt,
            "peserta-berisiko",
            [
                _("Nama"),
                _("Koperasi / unit"),
                _("Provinsi"),
                _("Program"),
                _("Gelombang"),
                _("Kehadiran (%)"),
                _("Alasan"),
                _("Fasilitator"),
            ],
            (
                (
                    e.participant.full_name,
                    e.organisation.name,
                    e.organisation.province.name,
                    e.wave.programme.title,
                    e.wave.number,
                    None if e.rate is None else round(e.rate, 1),
                    "; ".join(reasons(e)),
                    ", ".join(facilitators.get(e.wave_id, [])),
                )
                for e in people
            ),
            sheet_title=_("Peserta berisiko"),
        )
    raise ValueError(kind)


def content_of(response) -> bytes:
    if getattr(response, "streaming", False):
        parts = response.streaming_content
        return b"".join(p if isinstance(p, bytes) else p.encode() for p in parts)
    return response.content


def respond(request, kind: str, params: dict, fmt: str, *, count):
    """The file now, or (over the threshold) a job for a worker and its progress page."""
    if count() <= threshold():
        return build(request.user, kind, params, fmt)
    from . import tasks

    job = ExportJob.objects.create(owner=request.user, kind=kind, params=params, fmt=fmt)
    transaction.on_commit(lambda: tasks.make_export.delay(job.pk))
    return redirect("reporting_export", job_id=job.pk)
