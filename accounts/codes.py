"""One-time sign-in codes: short enough to type from paper, kept only as a keyed hash.

A code is eight characters from an alphabet without look-alikes (no 0/O, 1/I/L), shown as
two groups of four ("K7QM-3XHT"): about 40 bits. It is single-use, expires after
``ACCOUNTS_SIGN_IN_CODE_DAYS`` days, and guessing is limited by django-axes like the password
login, so a fast keyed hash (HMAC-SHA256 with SECRET_KEY, over the account and the code) is
enough: no slow password hash, so a hundred codes are made in milliseconds.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 8
DEFAULT_VALID_DAYS = 14


def valid_days() -> int:
    return int(getattr(settings, "ACCOUNTS_SIGN_IN_CODE_DAYS", DEFAULT_VALID_DAYS))


def generate() -> str:
    """A new code as printed: "K7QM-3XHT"."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def normalise(typed: str) -> str:
    """What the person typed, without spaces or dashes, in capitals."""
    return "".join(ch for ch in (typed or "").upper() if ch.isalnum())


def digest(user_pk: int, typed: str) -> str:
    """The keyed hash stored for a code of one account."""
    message = f"{user_pk}:{normalise(typed)}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()
