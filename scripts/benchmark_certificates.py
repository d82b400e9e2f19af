"""Certificates per second per worker: the whole job of the issuing task (read the row, render
the Typst layout, draw the QR code, sign with PAdES, store the file, record it) beside a bare
render of the same layout with the same engine, in the same run, on one core.

    .venv/bin/python scripts/benchmark_certificates.py [--count 38] [--rounds 3]

It builds a scratch SQLite database in a temporary folder (migrated), a wave of ``count``
participants (factories), issues their certificates without running the task, then times the
task on them as a bulk issue queues it (``tasks.render_certificates``, ``tasks.CHUNK``
certificates a task), and ``lms.pdf.render`` on the same data with a fixed, pre-drawn QR
code. Set DATABASE_URL to measure on PostgreSQL instead. The goal (issue 11): the full rate at
least half the bare rate.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def say(text: str) -> None:
    sys.stdout.write(text + "\n")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=38)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--phases", action="store_true", help="also time render and sign apart")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="lms-bench-certificates-"))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch / 'db.sqlite3'}")
    os.environ["DJANGO_MEDIA_ROOT"] = str(scratch / "media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.CERTIFICATES_SIGNING_KEYS = {"default": str(scratch / "issuer.pem")}
    call_command("migrate", verbosity=0)

    from accounts.factories import AdminFactory
    from certificates import rendering, services, signing, tasks
    from certificates.factories import wave_with_participants
    from certificates.models import Certificate
    from lms import pdf

    services._enqueue = lambda ids: None  # issue the rows only; the task is what we time
    admin = AdminFactory()
    full_rates, bare_rates = [], []
    for round_no in range(args.rounds):
        wave, _ = wave_with_participants(args.count, admin=admin)
        services.issue_wave(actor=admin, wave=wave)
        certificates = list(Certificate.objects.filter(wave=wave).order_by("pk"))
        # the bare render: same template, same data, QR drawn once beforehand
        prepared = [rendering.render_data(c) for c in certificates]
        tasks.render_certificate(certificates[0].pk)  # warm up: key, fonts, imports
        Certificate.objects.filter(pk=certificates[0].pk).update(pdf="")

        start = time.perf_counter()
        for data, assets in prepared:
            pdf.render(rendering.TEMPLATE, data, assets=assets)
        bare = len(prepared) / (time.perf_counter() - start)

        start = time.perf_counter()
        for chunk in tasks.chunks([c.pk for c in certificates]):  # as the bulk issue queues them
            if tasks.render_certificates(chunk) != len(chunk):
                raise RuntimeError(f"certificates {chunk} were not all rendered")
        full = len(certificates) / (time.perf_counter() - start)
        if args.phases:
            phase = {"render + QR": 0.0, "PAdES": 0.0}
            for certificate in certificates:
                t0 = time.perf_counter()
                raw = rendering.render_pdf(certificate)
                t1 = time.perf_counter()
                signing.sign_pdf(raw)
                t2 = time.perf_counter()
                phase["render + QR"] += t1 - t0
                phase["PAdES"] += t2 - t1
            say(
                "   per certificate: "
                + ", ".join(f"{k} {1000 * v / len(certificates):.1f} ms" for k, v in phase.items())
            )
        full_rates.append(full)
        bare_rates.append(bare)
        say(f"round {round_no + 1}: full {full:6.1f}/s   bare render {bare:6.1f}/s")

    full, bare = statistics.median(full_rates), statistics.median(bare_rates)
    size = Certificate.objects.exclude(pdf="").first().pdf.size
    say(
        f"\n{args.count} certificates x {args.rounds} rounds, one process "
        f"({settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, file system storage)"
    )
    say(f"  full task (render + QR + PAdES + storage + DB): {full:6.1f} certificates/s")
    say(f"  bare render of the same layout:                 {bare:6.1f} pages/s")
    say(f"  ratio: {full / bare:.2f} (goal >= 0.5); signed PDF size {size / 1024:.0f} KB")


if __name__ == "__main__":
    main()
