"""The printable sign-in sheet of a session (lms.pdf, Typst): names, cooperative or unit, a
signature column, the session's code and a QR code pointing to the session's roll call."""

from __future__ import annotations

from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _

from lms import pdf, qr, timezones

from . import selectors

TEMPLATE = Path(__file__).parent / "pdf" / "sign_in_sheet.typ"


def sheet_data(session) -> dict:
    wave = session.wave
    rows = [
        {"name": e.participant.full_name, "org": e.organisation.name}
        for e in selectors.roster(wave, session=session)
    ]
    return {
        "title": _("Daftar hadir"),
        "programme": wave.programme.title,
        "wave": str(_("Gelombang %(n)s") % {"n": wave.number}),
        "session": session.title,
        "when": session.when_label(),
        "venue": session.venue or wave.venue,
        "code_label": _("Kode sesi"),
        "code": session.code,
        "labels": {
            "no": _("No."),
            "name": _("Nama"),
            "org": _("Koperasi / unit"),
            "signature": _("Tanda tangan"),
            "facilitator": _("Fasilitator"),
            "printed": _("Dicetak"),
        },
        "printed": timezones.format_in_zone(timezone.now(), wave.time_zone),
        "rows": rows,
    }


def sign_in_sheet_pdf(session, roll_call_url: str) -> bytes:
    """The sheet; its QR code opens the session's roll call (to type the signed sheet in)."""
    code = qr.svg(roll_call_url, scale=4, border=1)
    return pdf.render(TEMPLATE, sheet_data(session), assets={"qr.svg": code})
