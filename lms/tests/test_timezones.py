import datetime as dt

from django.template import Context, Template
from django.utils import translation

from lms import timezones


def test_a_morning_session_in_jayapura_reads_08_00_wit():
    starts = dt.datetime(2026, 11, 24, 23, 0, tzinfo=dt.UTC)  # 08:00 on the 25th in Papua
    assert timezones.format_in_zone(starts, "Asia/Jayapura", "H:i") == "08:00 WIT"
    assert timezones.format_in_zone(starts, "Asia/Makassar", "H:i") == "07:00 WITA"
    assert timezones.format_in_zone(starts, "Asia/Jakarta", "H:i") == "06:00 WIB"
    with translation.override("id"):
        rendered = Template("{% load lms_time %}{{ t|in_zone:tz }}").render(
            Context({"t": starts, "tz": "Asia/Jayapura"})
        )
    assert rendered == "25 Nov 2026 08:00 WIT"


def test_a_wave_without_a_zone_reads_wib_and_a_foreign_zone_its_abbreviation():
    assert timezones.zone_label("") == "WIB"
    assert timezones.zone_label("Asia/Pontianak") == "WIB"
    assert timezones.zone_label("Europe/London") in {"GMT", "BST"}
    local = timezones.aware_in_zone(dt.date(2026, 11, 25), dt.time(8, 0), "Asia/Jayapura")
    assert local.astimezone(dt.UTC) == dt.datetime(2026, 11, 24, 23, 0, tzinfo=dt.UTC)
