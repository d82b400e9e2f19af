"""Print the number of SQL queries the admin's lists run for a scoped and a national staff user,
against whatever database DATABASE_URL names (demo size or after `manage.py scale_load`).
Their times: scripts/benchmark_admin_lists.py.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lms_scale \
        .venv/bin/python manage.py shell < scripts/admin_query_counts.py
"""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from programmes.models import Enrolment

participants = User.objects.filter(role="trainee").count()
print(f"participants={participants} enrolments={Enrolment.objects.count()}")  # noqa: T201
for username in ("staf.nasional", "staf.jabar"):
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username=username))
    for name in (
        "participants:index",
        "enrolments:index",
        "waves:index",
        "programmes:index",
        "organisations:index",
        "audit:index",
        "curriculum:index",
    ):
        client.get(reverse(name))
        with CaptureQueriesContext(connection) as ctx:
            status = client.get(reverse(name)).status_code
        print(f"{username:14} {name:20} status={status} queries={len(ctx.captured_queries)}")  # noqa: T201
