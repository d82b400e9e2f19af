"""Cohort tracking pages in the Wagtail admin (programme staff): the programmes, one programme's
waves side by side with each figure linking to the list behind it, the province view with its
map, and their Excel/CSV exports (the same figures as the page). All scoped: regional
staff see only their region's people; a programme or wave outside their sight is a 404."""

from __future__ import annotations

import base64

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from accounts import api as accounts
from lms import files, spreadsheets
from organisations import api as organisations
from programmes import api as programmes

from . import charts, exports, imports, selectors, services, tasks
from .models import ExportJob, ImportJob

PROGRAMMES_PER_PAGE = 25
WAVES_PER_PAGE = 8
PEOPLE_PER_PAGE = 50


def _staff_only(request):
    if not accounts.scope_of(request.user).staff:
        raise PermissionDenied


def _export_format(request) -> str | None:
    fmt = request.GET.get("format", "")
    return fmt if fmt in spreadsheets.FORMATS else None


def _rate_text(value) -> str:
    return "–" if value is None else f"{value:.1f} %".replace(".", ",")


def figure_labels() -> dict[str, str]:
    return {
        "enrolled": _("Terdaftar"),
        "active": _("Aktif"),
        "withdrawn": _("Mengundurkan diri"),
        "attendance_rate": _("Tingkat kehadiran"),
        "submitted": _("Tugas dikumpulkan"),
        "passed": _("Tugas lulus"),
        "backlog": _("Menunggu dinilai"),
        "backlog_age": _("Umur antrean terlama (hari)"),
        "logbook_hours": _("Jam logbook terverifikasi"),
        "eligible": _("Memenuhi syarat sertifikat"),
        "certified": _("Sertifikat terbit"),
    }


# --- Programmes --------------------------------------------------------------------------------


def dashboard(request):
    """The programmes the viewer may see, each with its waves and participants in scope."""
    _staff_only(request)
    scoped = selectors.scoped_enrolments(request.user)
    qs = (
        programmes.programmes_visible_to(request.user)
        .annotate(
            wave_count=Count(
                "waves",
                filter=Q(waves__in=programmes.waves_visible_to(request.user)),
                distinct=True,
            ),
        )
        .order_by("title", "pk")
    )
    page = Paginator(qs, PROGRAMMES_PER_PAGE).get_page(request.GET.get("p"))
    counts = dict(
        scoped.filter(
            wave__programme__in=[p.pk for p in page.object_list],
            status__in=programmes.SEAT_STATUSES,
        )
        .order_by()
        .values_list("wave__programme_id")
        .annotate(n=Count("pk"))
    )
    rows = [(p, counts.get(p.pk, 0)) for p in page.object_list]
    return TemplateResponse(
        request,
        "reporting/admin/dashboard.html",
        {"title": _("Pemantauan program"), "page_obj": page, "rows": rows},
    )


def _figure_rows(figures, labels, now):
    """The table: one row per figure, one column per wave (values as on the page)."""
    out = []
    for key in (
        "enrolled",
        "active",
        "withdrawn",
        "attendance_rate",
        "submitted",
        "passed",
        "backlog",
        "backlog_age",
        "logbook_hours",
        "eligible",
        "certified",
    ):
        cells = []
        for f in figures:
            if key == "attendance_rate":
                value = None if f.attendance_rate is None else round(f.attendance_rate, 1)
                link = reverse("reporting_at_risk") + f"?wave={f.wave.pk}"
            elif key == "backlog_age":
                value, link = f.backlog_age_days(now), None
            elif key == "eligible":
                value = f.eligible
                link = reverse("certificates_admin_wave", args=[f.wave.pk])
            else:
                value = getattr(f, key)
                link = reverse("reporting_figure", args=[f.wave.pk, key])
            cells.append({"value": value, "link": link, "key": key})
        out.append({"key": key, "label": labels[key], "cells": cells})
    return out


def programme(request, programme_id: int):
    _staff_only(request)
    prog = get_object_or_404(programmes.programmes_visible_to(request.user), pk=programme_id)
    waves = (
        programmes.waves_visible_to(request.user)
        .filter(programme=prog)
        .select_related("programme")
        .order_by("number", "pk")
    )
    fmt = _export_format(request)
    now = timezone.now()
    labels = figure_labels()
    page = Paginator(waves, WAVES_PER_PAGE).get_page(request.GET.get("p"))
    figures = selectors.wave_figures(request.user, page.object_list, now=now)
    table = _figure_rows(figures, labels, now)
    if fmt:
        header = [_("Angka")] + [_("Gelombang %(n)s") % {"n": f.wave.number} for f in figures]
        rows = [[r["label"]] + [c["value"] for c in r["cells"]] for r in table]
        return spreadsheets.export_response(
            fmt,
            f"pemantauan-{prog.title}-hal-{page.number}",
            header,
            rows,
            sheet_title=prog.title,
        )
    return TemplateResponse(
        request,
        "reporting/admin/programme.html",
        {
            "title": prog.title,
            "programme": prog,
            "figures": figures,
            "table": table,
            "page_obj": page,
            "funnel": charts.funnel(figures),
        },
    )


def figure(request, wave_id: int, figure: str):
    """The participants behind one figure of one wave."""
    _staff_only(request)
    if figure not in selectors.LIST_FIGURES:
        raise Http404
    wave = get_object_or_404(
        programmes.waves_visible_to(request.user).select_related("programme"), pk=wave_id
    )
    qs = selectors.figure_enrolments(request.user, wave, figure)
    label = figure_labels()[figure]
    fmt = _export_format(request)
    if fmt:
        params = {"wave": wave.pk, "figure": figure}
        return exports.respond(request, "figure", params, fmt, count=qs.count)
    page = Paginator(qs, PEOPLE_PER_PAGE).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "reporting/admin/figure.html",
        {
            "title": f"{label}: {wave}",
            "wave": wave,
            "figure": figure,
            "page_obj": page,
        },
    )


# --- Provinces ---------------------------------------------------------------------------------


def provinces(request):
    _staff_only(request)
    rows = selectors.province_rows(request.user)
    fmt = _export_format(request)
    if fmt:
        return spreadsheets.export_response(
            fmt,
            "pemantauan-per-provinsi",
            [
                _("Provinsi"),
                _("Peserta"),
                _("Selesai"),
                _("Tingkat penyelesaian (%)"),
                _("Sertifikat"),
            ],
            (
                (
                    r.province.name,
                    r.participants,
                    r.completed,
                    None if r.completion_rate is None else round(r.completion_rate, 1),
                    r.certified,
                )
                for r in rows
            ),
            sheet_title=_("Per provinsi"),
        )
    return TemplateResponse(
        request,
        "reporting/admin/provinces.html",
        {
            "title": _("Pemantauan per provinsi"),
            "rows": rows,
            "map": charts.province_map(rows),
        },
    )


def province(request, code: str):
    """One province: its participants per wave (the waves they attend)."""
    _staff_only(request)
    prov = get_object_or_404(organisations.Province, code=code)
    scope = accounts.scope_of(request.user)
    if not scope.national:
        own = scope.province_id or (scope.organisation and scope.organisation.province_id)
        if prov.pk != own:
            raise Http404
    enrolments = selectors.scoped_enrolments(request.user).filter(
        organisation__province=prov, status__in=programmes.SEAT_STATUSES
    )
    qs = (
        enrolments.order_by()
        .values("wave_id", "wave__number", "wave__programme__title", "wave__starts_on")
        .annotate(
            participants=Count("pk"),
            completed=Count("pk", filter=Q(status=programmes.EnrolmentStatus.COMPLETED)),
            certified=Count(
                "certificates",
                filter=Q(certificates__status="valid"),
                distinct=True,
            ),
        )
        .order_by("-wave__starts_on", "wave_id")
    )
    fmt = _export_format(request)
    if fmt:
        return spreadsheets.export_response(
            fmt,
            f"pemantauan-{prov.name}",
            [_("Program"), _("Gelombang"), _("Peserta"), _("Selesai"), _("Sertifikat")],
            (
                (
                    r["wave__programme__title"],
                    r["wave__number"],
                    r["participants"],
                    r["completed"],
                    r["certified"],
                )
                for r in qs
            ),
            sheet_title=prov.name,
        )
    page = Paginator(qs, PEOPLE_PER_PAGE).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "reporting/admin/province.html",
        {"title": prov.name, "province": prov, "page_obj": page},
    )


# --- At risk -----------------------------------------------------------------------------------


def reasons(e) -> list[str]:
    out = []
    if e.at_risk:
        out.append(
            _("kehadiran %(rate)s di bawah %(min)s %%")
            % {"rate": _rate_text(e.rate), "min": e.threshold}
        )
    if e.overdue:
        out.append(_("tugas wajib lewat tenggat"))
    if e.failed:
        out.append(_("tugas wajib belum lulus"))
    if e.logbook_unsigned:
        out.append(_("logbook belum diverifikasi"))
    return out


def at_risk(request):
    _staff_only(request)
    if request.method == "POST":
        try:
            ids = [int(i) for i in request.POST.getlist("enrolment")]
        except ValueError as error:
            raise Http404 from error
        n = services.remind(actor=request.user, enrolment_ids=ids)
        messages.success(request, _("%(n)s pengingat dikirim.") % {"n": n})
        return redirect(request.get_full_path())
    wave = None
    if request.GET.get("wave"):
        try:
            wave_id = int(request.GET["wave"])
        except ValueError as error:
            raise Http404 from error
        wave = get_object_or_404(programmes.waves_visible_to(request.user), pk=wave_id)
    qs = selectors.at_risk(request.user, wave=wave)
    fmt = _export_format(request)
    if fmt:
        params = {"wave": wave.pk if wave else None}
        return exports.respond(request, "at_risk", params, fmt, count=qs.count)
    page = Paginator(qs, PEOPLE_PER_PAGE).get_page(request.GET.get("p"))
    rows = list(page.object_list)
    facilitators = selectors.facilitators_of({e.wave_id for e in rows})
    items = [
        {
            "enrolment": e,
            "reasons": reasons(e),
            "facilitators": facilitators.get(e.wave_id, []),
        }
        for e in rows
    ]
    return TemplateResponse(
        request,
        "reporting/admin/at_risk.html",
        {
            "title": _("Peserta berisiko"),
            "wave": wave,
            "items": items,
            "page_obj": page,
            "query_prefix": f"wave={wave.pk}&" if wave else "",
        },
    )


# --- Participant record ------------------------------------------------------------------------


def participant(request, participant_id: int):
    """One participant's record for staff in scope and the participant's facilitators: only the
    enrolments (and what hangs on them) the viewer may see; a fixed number of queries."""
    record = selectors.participant_record(request.user, participant_id)
    if record is None:
        raise Http404
    return TemplateResponse(
        request,
        "reporting/admin/participant.html",
        {
            "title": record["person"].full_name,
            "zone": accounts.staff_time_zone(request.user),
            **record,
        },
    )


# --- Import ------------------------------------------------------------------------------------

IMPORT_SESSION_KEY = "reporting_import"
IMPORT_MAX_BYTES = 2 * 1024 * 1024


class ImportForm(forms.Form):
    sheet = forms.FileField(label=gettext_lazy("Lembar peserta (Excel .xlsx atau CSV)"))


def _import_wave(request, wave_id):
    _staff_only(request)
    wave = get_object_or_404(
        programmes.waves_visible_to(request.user).select_related("programme"), pk=wave_id
    )
    return wave


def import_template(request, wave_id: int):
    wave = _import_wave(request, wave_id)
    fmt = _export_format(request) or "xlsx"
    data = imports.template_dataset()
    return spreadsheets.export_response(
        fmt, f"templat-peserta-{wave}", data.headers, data, sheet_title="peserta"
    )


def import_sheet(request, wave_id: int):
    """Upload, preview (nothing written), then confirm: all rows or none. A sheet of more than
    ``imports.threshold()`` rows goes to a worker (``import_job``)."""
    wave = _import_wave(request, wave_id)
    form = ImportForm()
    result = None
    if request.method == "POST" and request.POST.get("action") == "confirm":
        stored = request.session.get(IMPORT_SESSION_KEY) or {}
        if stored.get("wave") != wave.pk:
            messages.error(request, _("Unggah lembarnya lagi."))
            return redirect("reporting_import", wave_id=wave.pk)
        content = base64.b64decode(stored["content"])
        try:
            created = imports.run(request.user, wave, content, stored["kind"])
        except PermissionDenied:
            return TemplateResponse(
                request,
                "lms/admin/forbidden.html",
                {"message": _("Anda tidak memiliki izin untuk tindakan ini pada data ini.")},
                status=403,
            )
        except imports.ImportRefused as refused:
            result = refused.preview
        except ValidationError as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
            return redirect("reporting_import", wave_id=wave.pk)
        else:
            request.session.pop(IMPORT_SESSION_KEY, None)
            messages.success(request, _("%(n)s peserta didaftarkan.") % {"n": len(created)})
            return redirect("reporting_figure", wave_id=wave.pk, figure="enrolled")
    elif request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                checked = files.check_upload(
                    form.cleaned_data["sheet"], kinds=("xlsx", "txt"), max_bytes=IMPORT_MAX_BYTES
                )
            except ValidationError as error:
                form.add_error("sheet", error)
            else:
                kind = "xlsx" if checked.kind == "xlsx" else "csv"
                if imports.count_rows(checked.content, kind) > imports.threshold():
                    job = services.import_job_start(
                        actor=request.user,
                        wave=wave,
                        content=checked.content,
                        kind=kind,
                        filename=files.clean_filename(form.cleaned_data["sheet"].name),
                        language=get_language() or "",
                    )
                    return redirect("reporting_import_job", job_id=job.pk)
                result = imports.preview(request.user, wave, checked.content, kind)
                if result.ok:
                    request.session[IMPORT_SESSION_KEY] = {
                        "wave": wave.pk,
                        "kind": kind,
                        "content": base64.b64encode(checked.content).decode(),
                    }
    return TemplateResponse(
        request,
        "reporting/admin/import.html",
        {
            "title": _("Impor peserta"),
            "wave": wave,
            "form": form,
            "preview": result,
            "async_rows": imports.threshold(),
        },
    )


IMPORT_ROWS_PER_PAGE = 100


def _own_import_job(request, job_id: int) -> ImportJob:
    """Only the job's owner sees it; to anyone else it does not exist."""
    _staff_only(request)
    return get_object_or_404(
        ImportJob.objects.select_related("wave__programme"), pk=job_id, owner=request.user
    )


def import_job(request, job_id: int):
    """A large import's page: refreshes itself while a worker checks or writes the sheet; shows
    the preview (problem rows, or every row of a clean sheet, paginated) and the confirm
    button; then the result."""
    job = _own_import_job(request, job_id)
    allowed = imports.may_import(request.user, job.wave)
    rows = imports.rows_from_json(job.rows)
    problem_rows = [r for r in rows if not r.ok]
    shown = problem_rows if job.problem_count else rows
    page = Paginator(shown, IMPORT_ROWS_PER_PAGE).get_page(request.GET.get("p"))
    if job.status == ImportJob.Status.IMPORTING:
        done, total = tasks.import_written_so_far(job), len(rows)
    else:
        done, total = job.rows_checked, job.rows_read
    return TemplateResponse(
        request,
        "reporting/admin/import_job.html",
        {
            "title": _("Impor peserta"),
            "job": job,
            "wave": job.wave,
            "allowed": allowed,
            "refused_message": imports.refused_message(),
            "row_count": len(rows),
            "page_obj": page,
            "done": done,
            "total": total,
            "percent": round(100 * done / total) if total else 0,
        },
    )


def import_job_confirm(request, job_id: int):
    """POST only: start the import of a clean preview, once (a second confirm changes nothing)."""
    job = _own_import_job(request, job_id)
    if request.method != "POST":
        return redirect("reporting_import_job", job_id=job.pk)
    try:
        started = services.import_job_confirm(actor=request.user, job=job)
    except PermissionDenied:
        return TemplateResponse(
            request, "lms/admin/forbidden.html", {"message": imports.refused_message()}, status=403
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if not started:
            messages.info(request, _("Impor ini sudah disetujui."))
    return redirect("reporting_import_job", job_id=job.pk)


# --- Large exports -----------------------------------------------------------------------------


def export_job(request, job_id: int):
    """A large export's page: refreshes itself until ready, then links the file (owner only)."""
    _staff_only(request)
    job = get_object_or_404(ExportJob, pk=job_id, owner=request.user)
    if request.GET.get("unduh") and job.status == ExportJob.Status.DONE:
        return files.serve(request, job.file, filename=job.filename, content_type=job.content_type)
    return TemplateResponse(
        request,
        "reporting/admin/export.html",
        {"title": _("Ekspor"), "job": job, "pending": job.status == ExportJob.Status.PENDING},
    )
