import pytest
from django.core.management import call_command

from accounts.models import User
from lms.models import AuditEvent
from programmes.models import Enrolment, Programme, Wave

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def _counts():
    return (
        Programme.objects.count(),
        Wave.objects.count(),
        Enrolment.objects.count(),
        User.objects.count(),
        AuditEvent.objects.count(),
    )


def test_demo_load_builds_the_programmes_of_the_articles_and_is_idempotent():
    call_command("demo_load", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = _counts()
    magang = Programme.objects.get(kind="magang")
    waves = list(magang.waves.order_by("number"))
    assert [w.enrolments.count() for w in waves] == [38, 38, 38]
    assert (waves[0].starts_on.isoformat(), waves[0].ends_on.isoformat()) == (
        "2025-11-15",
        "2025-11-22",
    )
    wave1_provinces = set(
        waves[0].enrolments.values_list("organisation__province__name", flat=True)
    )
    assert wave1_provinces == {"Jawa Barat", "Banten", "DI Yogyakarta", "Jawa Tengah"}
    provinces = Enrolment.objects.filter(wave__programme=magang).values("organisation__province")
    assert provinces.distinct().count() == 24
    bimtek = Wave.objects.get(programme__kind="bimtek")
    assert (bimtek.starts_on.isoformat(), bimtek.ends_on.isoformat()) == (
        "2025-11-26",
        "2025-11-27",
    )
    assert bimtek.host_site.name.startswith("LPKA")
    assert set(bimtek.enrolments.values_list("participant__participant_kind", flat=True)) == {
        "inmate"
    }
    assert (
        Wave.objects.get(programme__kind="mentoring")
        .enrolments.values("organisation")
        .distinct()
        .count()
        == 6
    )
    assert User.objects.filter(full_name__regex=r"^\S+$", role="trainee").exists()  # mononyms

    call_command("demo_load", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _counts() == first
