import pytest
from django.db import connection

from accounts.models import User
from demo import scale
from programmes.models import Enrolment, Wave

pytestmark = pytest.mark.django_db


def test_scale_data_fills_every_province_and_is_not_loaded_twice():
    result = scale.load(participants=400, programmes=5, waves=40, cooperatives=100)
    assert User.objects.filter(username__startswith="skala.").count() == 400
    assert Enrolment.objects.count() == 400
    assert Wave.objects.values("host_site__province").distinct().count() == 38
    assert result["participants"] == 400
    assert scale.load(participants=400, programmes=5, waves=40, cooperatives=100)["skipped"]
    assert Enrolment.objects.count() == 400


@pytest.mark.skipif(connection.vendor != "postgresql", reason="statistics are PostgreSQL's")
def test_scale_data_is_analyzed_so_plans_are_made_for_its_size():
    scale.load(participants=400, programmes=5, waves=40, cooperatives=100)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE relname = %s", [Enrolment._meta.db_table]
        )
        assert cursor.fetchone()[0] == 400
