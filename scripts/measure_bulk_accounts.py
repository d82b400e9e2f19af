"""Time the bulk account page for N names, as staff would post it (``manage.py shell``):

    DATABASE_URL=... .venv/bin/python manage.py shell < scripts/measure_bulk_accounts.py

Creates a throwaway organisation and staff account, posts N names three times through the
Django test client (the whole request: middleware, form, service, print sheet), prints each
request's time and the queries it made, and deletes what it made."""

import os
import sys
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from accounts.services import user_create
from organisations.models import Organisation, Province

N = int(os.environ.get("NAMES", "100"))
province = Province.objects.get(code="32")
unit = Organisation.objects.create(name="Koperasi Ukur Waktu", kind="lapas", province=province)
staff = user_create(actor=None, full_name="Staf Ukur", role="staff", scope_province=province)
client = Client(HTTP_HOST="127.0.0.1")
client.force_login(staff)
try:
    for run in range(3):
        names = "\n".join(f"Peserta Ukur {run} {i}" for i in range(N))
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.post(
                "/admin/participants/bulk/",
                {"organisation": unit.pk, "participant_kind": "inmate", "names": names},
            )
            elapsed = time.perf_counter() - started
        if response.status_code != 200 or response.content.count(b"slip-code") != N:
            raise SystemExit(f"unexpected answer: {response.status_code}")
        sys.stdout.write(
            f"run {run + 1}: {N} names in {elapsed * 1000:.0f} ms, {len(queries)} queries\n"
        )
finally:
    User.objects.filter(organisation=unit).delete()
    staff.delete()
    unit.delete()
