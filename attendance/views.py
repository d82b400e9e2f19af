"""Front-end pages: roll call, the QR screen and check-in, agendas, the attendance report and
its exports, the sign-in sheet, signed-sheet evidence, offline sync and conflicts, calendar
feeds. Every page asks attendance.permissions; out-of-scope records answer 404, records one may
see but not mark answer 403 to a write."""

from __future__ import annotations

import datetime as dt
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import api as accounts
from lms import qr, timezones
from programmes import api as programmes

from . import checkin, permissions, selectors, services
from .constants import ATTENDING, Mark
from .models import AttendanceConflict, CalendarFeed, Session, SessionEvidence

PER_PAGE = 50
PENDING_KEY = "attendance_pending_checkin"
PENDING_MAX_AGE = dt.timedelta(minutes=15)


def _session_for(user, pk) -> Session:
    try:
        return (
            permissions.sessions_visible_to(user)
            .select_related("wave__programme", "wave__host_site__province", "unit")
            .get(pk=pk)
        )
    except Session.DoesNotExist as error:
        raise Http404 from error


def _wave_for(user, pk):
    try:
        return (
            programmes.waves_visible_to(user)
            .select_related("programme", "host_site__province")
            .get(pk=pk)
        )
    except programmes.Wave.DoesNotExist as error:
        raise Http404 from error


# --- Roll call ------------------------------------------------------------------------------


def _marks_from_post(post) -> dict[int, services.MarkInput]:
    marks = {}
    for key, status in post.items():
        if not key.startswith("s-"):
            continue
        try:
            pk = int(key[2:])
        except ValueError:
            continue
        if not status:
            continue
        marks[pk] = services.MarkInput(
            status=status,
            note=post.get(f"n-{pk}", ""),
            seen_status=post.get(f"ss-{pk}") if f"ss-{pk}" in post else None,
            seen_note=post.get(f"sn-{pk}") if f"sn-{pk}" in post else None,
        )
    return marks


@login_required
def roll_call(request, pk):
    session = _session_for(request.user, pk)
    may_mark = permissions.can_mark(request.user, session)
    if request.method == "POST":
        if not may_mark:
            raise PermissionDenied
        marks = _marks_from_post(request.POST)
        try:
            result = services.roll_call_save(actor=request.user, session=session, marks=marks)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Presensi disimpan: %(created)s baru, %(changed)s diubah.") % result,
            )
        return redirect(request.path)
    rows = list(selectors.roster(session.wave, session=session))
    records = selectors.records_by_enrolment(session)
    all_present = request.GET.get("semua") == "hadir"
    for row in rows:
        row.record = records.get(row.pk)
        row.checked = row.record.status if row.record else (Mark.PRESENT if all_present else "")
    counts = dict.fromkeys(Mark.values, 0)
    for record in records.values():
        counts[record.status] = counts.get(record.status, 0) + 1
    return render(
        request,
        "attendance/roll_call.html",
        {
            "session": session,
            "wave": session.wave,
            "rows": rows,
            "marks": Mark.choices,
            "may_mark": may_mark,
            "tally": [(label, counts.get(value, 0)) for value, label in Mark.choices],
            "unmarked": len(rows) - len(records),
            "conflicts": services.conflicts_open(session).count() if may_mark else 0,
            "evidence": list(session.evidence.all()[:5]),
        },
    )


# --- QR screen and check-in ---------------------------------------------------------------


def _qr_state(request, session):
    step = checkin.current_step()
    url = request.build_absolute_uri(
        reverse(
            "attendance:check-in",
            args=[session.pk, step, checkin.signature(session.pk, step)],
        )
    )
    present = session.records.filter(status__in=ATTENDING).count()
    expected = selectors.roster(session.wave, session=session).count()
    return {
        "svg": qr.svg(url, scale=8, border=2, title=_("Kode QR presensi")),
        "code": checkin.code(session.pk, step),
        "present": present,
        "expected": expected,
        "step_seconds": checkin.STEP,
    }


@login_required
@never_cache
def qr_screen(request, pk):
    session = _session_for(request.user, pk)
    if not permissions.can_mark(request.user, session):
        raise PermissionDenied
    state = _qr_state(request, session)
    state["svg"] = mark_safe(state["svg"])  # noqa: S308 - drawn by lms.qr from our own URL
    return render(request, "attendance/qr_screen.html", {"session": session, **state})


@login_required
@never_cache
def qr_status(request, pk):
    session = _session_for(request.user, pk)
    if not permissions.can_mark(request.user, session):
        raise PermissionDenied
    return JsonResponse(_qr_state(request, session))


def _refused(request, error: checkin.CheckInRefused, session=None, status=400):
    return render(
        request,
        "attendance/check_in_result.html",
        {"ok": False, "message": error.message, "reason": error.reason, "session": session},
        status=status,
    )


def _done(request, record, session):
    return render(
        request,
        "attendance/check_in_result.html",
        {
            "ok": True,
            "record": record,
            "session": session,
            "time": timezones.format_in_zone(record.recorded_at, session.wave.time_zone),
        },
    )


@never_cache
def check_in(request, pk, step, sig):
    """The QR code's address. Not signed in: the scan is remembered, the trainee signs in and
    comes back here without scanning again. Signed in: a one-tap confirmation (POST)."""
    session = get_object_or_404(Session.objects.select_related("wave"), pk=pk)
    try:
        checkin.verify(session, step, sig)
    except checkin.CheckInRefused as error:
        return _refused(request, error, session)
    if not request.user.is_authenticated:
        request.session[PENDING_KEY] = {
            "session": session.pk,
            "at": timezone.now().isoformat(),
        }
        login = reverse("accounts:login")
        return redirect(f"{login}?next={reverse('attendance:check-in-resume')}")
    if request.method == "POST":
        try:
            record = services.check_in(user=request.user, session=session)
        except checkin.CheckInRefused as error:
            return _refused(request, error, session)
        return _done(request, record, session)
    return render(request, "attendance/check_in_confirm.html", {"session": session})


@login_required
@never_cache
def check_in_resume(request):
    pending = request.session.get(PENDING_KEY)
    if not pending:
        return redirect("attendance:check-in-code")
    scanned = dt.datetime.fromisoformat(pending["at"])
    session = Session.objects.select_related("wave").filter(pk=pending["session"]).first()
    if session is None or timezone.now() - scanned > PENDING_MAX_AGE:
        request.session.pop(PENDING_KEY, None)
        return _refused(request, checkin.CheckInRefused("expired"))
    if request.method == "POST":
        request.session.pop(PENDING_KEY, None)
        try:
            record = services.check_in(user=request.user, session=session, at=scanned)
        except checkin.CheckInRefused as error:
            return _refused(request, error, session)
        return _done(request, record, session)
    return render(
        request,
        "attendance/check_in_confirm.html",
        {"session": session, "action": reverse("attendance:check-in-resume")},
    )


@login_required
@never_cache
def check_in_code(request):
    """Type the six-character code shown under the QR (a phone without a camera)."""
    if request.method == "POST":
        now = timezone.now()
        open_now = Session.objects.select_related("wave").filter(
            starts_at__lte=now + checkin.OPEN_BEFORE, ends_at__gte=now
        )
        found = checkin.match_code(open_now, request.POST.get("code", ""), now)
        if found is None:
            return _refused(request, checkin.CheckInRefused("unknown_code"))
        session, _step = found
        try:
            record = services.check_in(user=request.user, session=session, at=now)
        except checkin.CheckInRefused as error:
            return _refused(request, error, session)
        return _done(request, record, session)
    return render(request, "attendance/check_in_code.html")


# --- Agenda, report, exports ------------------------------------------------------------------


@login_required
def agenda(request, pk):
    wave = _wave_for(request.user, pk)
    sessions = selectors.agenda(wave)
    if request.user.role == accounts.Role.TRAINEE:
        sessions = sessions.filter(
            Q(unit__isnull=True)
            | Q(
                unit__in=programmes.Enrolment.objects.filter(
                    wave=wave, participant=request.user
                ).values("organisation")
            )
        )
    page = Paginator(sessions, PER_PAGE).get_page(request.GET.get("page"))
    markable = set()
    if request.user.role != accounts.Role.TRAINEE:
        markable = set(
            permissions.sessions_markable_by(request.user)
            .filter(wave=wave)
            .values_list("pk", flat=True)
        )
    return render(
        request,
        "attendance/agenda.html",
        {
            "wave": wave,
            "page_obj": page,
            "markable": markable,
            "zone": timezones.zone_label(wave.time_zone),
        },
    )


def _report_rows(wave):
    return selectors.wave_rates(wave)


def _may_see_report(user, wave) -> bool:
    return user.role != accounts.Role.TRAINEE


@login_required
def report(request, pk):
    wave = _wave_for(request.user, pk)
    if not _may_see_report(request.user, wave):
        raise PermissionDenied
    fmt = request.GET.get("format")
    if fmt in ("xlsx", "csv"):
        from .exports import wave_export

        return wave_export(wave, fmt)
    rows = Paginator(_report_rows(wave), PER_PAGE).get_page(request.GET.get("page"))
    total = selectors.wave_total(wave)
    at_risk = [row for row in rows if row.at_risk]
    missed = selectors.missed_sessions(at_risk)
    for row in at_risk:
        row.missed = missed.get(row.pk, [])
    settings_row = services.programme_settings(wave.programme)
    return render(
        request,
        "attendance/report.html",
        {
            "wave": wave,
            "page_obj": rows,
            "total": total,
            "at_risk": at_risk,
            "rule": settings_row.get_excused_rule_display(),
            "threshold": wave.programme.min_attendance_percent,
            "sessions": selectors.sessions_with_counts(selectors.agenda(wave))[:60],
        },
    )


# --- Paper: sign-in sheet and signed-sheet evidence -----------------------------------------


@login_required
def sign_in_sheet(request, pk):
    session = _session_for(request.user, pk)
    if not permissions.can_mark(request.user, session):
        raise PermissionDenied
    from .sheets import sign_in_sheet_pdf

    url = request.build_absolute_uri(reverse("attendance:roll-call", args=[session.pk]))
    response = HttpResponse(sign_in_sheet_pdf(session, url), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="lembar-hadir-{session.code}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def evidence_upload(request, pk):
    session = _session_for(request.user, pk)
    if not permissions.can_mark(request.user, session):
        raise PermissionDenied
    uploaded = request.FILES.get("file")
    if uploaded is None:
        messages.error(request, _("Pilih berkas foto atau pindaian lembar hadir."))
    else:
        try:
            services.evidence_attach(actor=request.user, session=session, uploaded=uploaded)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Lembar hadir bertanda tangan tersimpan."))
    return redirect("attendance:roll-call", pk=session.pk)


@login_required
def evidence_file(request, pk):
    from lms import files

    evidence = get_object_or_404(
        SessionEvidence.objects.filter(
            session__in=permissions.sessions_visible_to(request.user).values("pk")
        ),
        pk=pk,
    )
    if request.user.role == accounts.Role.TRAINEE:
        raise Http404  # other people's names and signatures
    return files.serve(
        request,
        evidence.file,
        filename=evidence.original_name,
        content_type=evidence.content_type,
        inline=True,
    )


# --- Offline sync and conflicts --------------------------------------------------------------


@login_required
@require_POST
def offline_sync(request, pk):
    session = _session_for(request.user, pk)
    if not permissions.can_mark(request.user, session):
        raise PermissionDenied
    try:
        payload = json.loads(request.body or b"{}")
        marks = [
            services.OfflineInput(
                client_id=str(m["id"])[:64],
                enrolment_id=int(m["enrolment"]),
                status=str(m["status"]),
                note=str(m.get("note", ""))[:200],
                base_version=int(m.get("version") or 0),
                marked_at=dt.datetime.fromisoformat(m["at"]) if m.get("at") else None,
            )
            for m in payload.get("marks", [])[:2000]
        ]
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"error": _("Data presensi luring tidak terbaca.")}, status=400)
    try:
        outcomes = services.offline_sync(actor=request.user, session=session, marks=marks)
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    return JsonResponse({"outcomes": outcomes})


@login_required
def conflicts(request, pk):
    session = _session_for(request.user, pk)
    if not permissions.can_mark(request.user, session):
        raise PermissionDenied
    if request.method == "POST":
        conflict = get_object_or_404(
            AttendanceConflict, pk=request.POST.get("conflict"), session=session
        )
        try:
            services.conflict_resolve(
                actor=request.user, conflict=conflict, keep=request.POST.get("keep", "")
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Konflik diselesaikan."))
        return redirect("attendance:conflicts", pk=session.pk)
    return render(
        request,
        "attendance/conflicts.html",
        {"session": session, "conflicts": services.conflicts_open(session)},
    )


# --- Calendar feed ------------------------------------------------------------------------------


@login_required
def calendar(request):
    if request.method == "POST":
        services.feed_token(user=request.user, renew=True)
        messages.success(request, _("Alamat kalender baru dibuat. Alamat lama tidak berlaku lagi."))
        return redirect("attendance:calendar")
    token = services.feed_token(user=request.user)
    url = request.build_absolute_uri(reverse("attendance:feed", args=[token]))
    return render(request, "attendance/calendar.html", {"feed_url": url})


def feed(request, token):
    from .ical import feed_for

    found = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if found is None or not found.user.is_active:
        raise Http404
    response = HttpResponse(feed_for(found.user), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response


def service_worker(request):
    from django.contrib.staticfiles import finders

    path = finders.find("attendance/sw.js")
    with open(path, "rb") as handle:
        response = HttpResponse(handle.read(), content_type="application/javascript")
    response["Service-Worker-Allowed"] = reverse("attendance:sw").rsplit("/", 1)[0] + "/"
    response["Cache-Control"] = "no-cache"
    return response
