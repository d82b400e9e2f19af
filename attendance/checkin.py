"""Rotating check-in codes: a signed token bound to one session and one time step.

The QR screen shows, every ``STEP`` seconds, a URL carrying ``(session, step, signature)`` and a
six-character code derived from the same signature. A scan is accepted while its step is at
most ``GRACE_STEPS`` old (about 45 s) and the session's check-in window is open (from
``OPEN_BEFORE`` before the start to the end). A photo of the code taken in the room and used
later is refused: its step has expired, and after the session its window has closed too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import CODE_ALPHABET

STEP = 15  # seconds a code is shown
GRACE_STEPS = 2  # older steps still accepted
OPEN_BEFORE = dt.timedelta(minutes=30)


class CheckInRefused(Exception):
    """Why a check-in was not recorded, in words for the trainee."""

    MESSAGES = {
        "foreign": _("Kode ini bukan kode sesi ini. Pindai kode yang tampil di ruangan Anda."),
        "expired": _("Kode ini sudah kedaluwarsa. Pindai lagi kode yang sedang tampil di layar."),
        "replayed": _(
            "Sesi ini sudah selesai: kode dari foto atau tangkapan layar tidak berlaku lagi."
        ),
        "not_open": _("Presensi sesi ini belum dibuka."),
        "unknown_code": _("Kode tidak dikenal atau sudah kedaluwarsa. Periksa lagi kodenya."),
        "not_enrolled": _("Anda tidak terdaftar sebagai peserta sesi ini."),
        "withdrawn": _(
            "Anda sudah mengundurkan diri dari gelombang ini, jadi tidak dapat presensi."
        ),
        "already": _("Anda sudah tercatat hadir di sesi ini. Tidak ada yang diubah."),
    }

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason

    @property
    def message(self) -> str:
        return str(self.MESSAGES[self.reason])


def _key() -> bytes:
    return hashlib.sha256(f"attendance.checkin:{settings.SECRET_KEY}".encode()).digest()


def _digest(session_pk: int, step: int) -> bytes:
    return hmac.new(_key(), f"{session_pk}:{step}".encode(), hashlib.sha256).digest()


def current_step(now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    return int(now.timestamp()) // STEP


def signature(session_pk: int, step: int) -> str:
    return _digest(session_pk, step).hex()[:20]


def code(session_pk: int, step: int) -> str:
    """Six characters to type, from the same signature (an alphabet without 0/O and 1/I)."""
    digest = _digest(session_pk, step)
    return "".join(CODE_ALPHABET[b % len(CODE_ALPHABET)] for b in digest[20:26])


def window_open(session, now: dt.datetime) -> bool:
    return session.starts_at - OPEN_BEFORE <= now <= session.ends_at


def verify(session, step: int, sig: str, now: dt.datetime | None = None) -> None:
    """Raise CheckInRefused unless ``(step, sig)`` is a fresh code of ``session``."""
    now = now or timezone.now()
    if not hmac.compare_digest(signature(session.pk, step), str(sig)):
        raise CheckInRefused("foreign")
    if now > session.ends_at:
        raise CheckInRefused("replayed")
    if now < session.starts_at - OPEN_BEFORE:
        raise CheckInRefused("not_open")
    now_step = current_step(now)
    if step > now_step + 1:
        raise CheckInRefused("foreign")
    if now_step - step > GRACE_STEPS:
        raise CheckInRefused("expired")


def match_code(sessions, typed: str, now: dt.datetime | None = None):
    """The (session, step) whose current code is ``typed``, among ``sessions`` open now."""
    now = now or timezone.now()
    typed = "".join(typed.split()).upper()
    if len(typed) != 6:
        return None
    now_step = current_step(now)
    for session in sessions:
        for step in range(now_step + 1, now_step - GRACE_STEPS - 1, -1):
            if hmac.compare_digest(code(session.pk, step), typed):
                return session, step
    return None
