"""Times shown in the venue's own zone, with the label Indonesians use (WIB, WITA, WIT).

Every datetime is stored aware, in UTC. A wave (and so its sessions, due dates and check-ins)
carries the IANA name of its venue's zone; pages, exports and calendar feeds convert to it and
print the label next to the time, so "08:00 WIT" in Jayapura never reads as 08:00 in Jakarta.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.utils import formats, timezone

# Indonesia's three zones and the IANA names that fall in each.
ZONE_LABELS = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}
DEFAULT_ZONE = "Asia/Jakarta"


def zone(tzname: str | None) -> zoneinfo.ZoneInfo:
    """The zone named, or WIB when none is set."""
    try:
        return zoneinfo.ZoneInfo(tzname or DEFAULT_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(DEFAULT_ZONE)


def zone_label(tzname: str | None) -> str:
    """ "WIB", "WITA" or "WIT"; for a zone outside Indonesia, its own abbreviation."""
    name = tzname or DEFAULT_ZONE
    if name in ZONE_LABELS:
        return ZONE_LABELS[name]
    return timezone.now().astimezone(zone(name)).tzname() or name


def in_zone(value: dt.datetime, tzname: str | None) -> dt.datetime:
    """An aware datetime converted to the zone named."""
    return value.astimezone(zone(tzname))


def format_in_zone(value: dt.datetime | None, tzname: str | None, fmt: str = "j M Y H:i") -> str:
    """The datetime in the zone named, formatted for the active language, with the zone's
    label: "24 Nov 2026 08:00 WIT". Empty for no value."""
    if value is None:
        return ""
    local = in_zone(value, tzname)
    return f"{formats.date_format(local, fmt)} {zone_label(tzname)}"


def aware_in_zone(day: dt.date, time: dt.time, tzname: str | None) -> dt.datetime:
    """A venue's local date and time made aware in its zone (what a form's fields mean)."""
    return dt.datetime.combine(day, time, tzinfo=zone(tzname))
