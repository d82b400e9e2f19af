"""Template filters for times in the venue's zone:
``{{ session.starts_at|in_zone:wave.time_zone }}`` gives "24 Nov 2026 08:00 WIT",
``|time_in_zone:tz`` gives "08:00 WIT", ``|zone_label`` gives the label of a zone name."""

from django import template

from lms import timezones

register = template.Library()


@register.filter
def in_zone(value, tzname):
    return timezones.format_in_zone(value, tzname)


@register.filter
def time_in_zone(value, tzname):
    return timezones.format_in_zone(value, tzname, "H:i")


@register.filter
def date_in_zone(value, tzname):
    """The calendar date at the venue (no label: a date has no zone once it is local)."""
    if value is None:
        return ""
    from django.utils import formats

    return formats.date_format(timezones.in_zone(value, tzname), "j M Y")


@register.filter
def zone_label(tzname):
    return timezones.zone_label(tzname)
