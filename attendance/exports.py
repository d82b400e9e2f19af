"""A wave's attendance as Excel (one sheet per wave: a row per participant, a column per
session, totals as values, the rate) or CSV: the same figures as the report page."""

from __future__ import annotations

from django.utils.translation import gettext as _

from lms import spreadsheets, timezones

from . import selectors
from .constants import Mark

SHORT = {
    Mark.PRESENT: "H",
    Mark.LATE: "T",
    Mark.EXCUSED: "I",
    Mark.ABSENT: "A",
}


def wave_rows(wave):
    """Header and rows (participants) of a wave's attendance table."""
    tz = wave.time_zone
    sessions = list(selectors.agenda(wave))
    marks = {
        (r.enrolment_id, r.session_id): r.status
        for r in selectors.AttendanceRecord.objects.filter(session__wave=wave).only(
            "enrolment_id", "session_id", "status"
        )
    }
    header = [_("Nama"), _("Koperasi / unit"), _("Provinsi")]
    header += [
        f"{s.title} ({timezones.format_in_zone(s.starts_at, tz, 'j M Y H:i')})" for s in sessions
    ]
    header += [
        _("Sesi hadir"),
        _("Sesi terjadwal sejauh ini"),
        _("Sesi terjadwal total"),
        _("JP hadir"),
        _("JP izin"),
        _("JP terjadwal sejauh ini"),
        _("JP terjadwal total"),
        _("Kehadiran (%)"),
        _("Berisiko"),
    ]

    def rows():
        for e in selectors.wave_rates(wave).iterator(chunk_size=500):
            cells = [e.participant.full_name, e.organisation.name, e.organisation.province.name]
            for s in sessions:
                applies = s.unit_id is None or s.unit_id == e.organisation_id
                cells.append(SHORT.get(marks.get((e.pk, s.pk)), "") if applies else "–")
            cells += [
                e.sessions_attended,
                e.sessions_due,
                e.sessions_total,
                e.jp_attended,
                e.jp_excused,
                e.jp_due,
                e.jp_total,
                round(e.rate, 1) if e.rate is not None else "",
                _("ya") if e.at_risk else "",
            ]
            yield cells

    return header, rows()


def wave_export(wave, fmt: str):
    header, rows = wave_rows(wave)
    title = _("Gelombang %(n)s") % {"n": wave.number}
    stem = f"kehadiran-{wave.programme.title}-gelombang-{wave.number}"
    return spreadsheets.export_response(fmt, stem, header, rows, sheet_title=title)
