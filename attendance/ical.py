"""A user's own sessions as an iCalendar feed (RFC 5545): each event in its venue's zone (TZID
with the zone's VTIMEZONE), so a phone shows 08:00 WIT as 08:00 in Jayapura."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from lms import timezones

from .selectors import sessions_for_user

PAST = dt.timedelta(days=90)


def feed_for(user) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//LMS Koperasi//Jadwal//ID")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "LMS Koperasi")
    now = timezone.now()
    host = getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "lms-koperasi"
    domain = host.split("//")[-1].split("/")[0] or "lms-koperasi"
    sessions = sessions_for_user(user).filter(ends_at__gte=now - PAST)[:500]
    for session in sessions:
        tz = session.wave.time_zone
        event = Event()
        event.add("uid", f"sesi-{session.pk}@{domain}")
        event.add("dtstamp", session.updated_at.astimezone(dt.UTC))
        event.add("dtstart", timezones.in_zone(session.starts_at, tz))
        event.add("dtend", timezones.in_zone(session.ends_at, tz))
        event.add("summary", f"{session.title} – {session.wave.programme.title}")
        if session.venue:
            event.add("location", session.venue)
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
