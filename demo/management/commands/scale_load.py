from django.core.management.base import BaseCommand

from demo import scale


class Command(BaseCommand):
    help = (
        "Generate national-scale data (COPY on PostgreSQL) for benchmarks and query-count "
        "checks: people, waves, schedules, attendance, assignments, logbook and certificates. "
        "The issue's size: --participants 400000 --cooperatives 80000 --waves 10000."
    )

    def add_arguments(self, parser):
        parser.add_argument("--participants", type=int, default=100_000)
        parser.add_argument("--programmes", type=int, default=50)
        parser.add_argument("--waves", type=int, default=2_000)
        parser.add_argument("--cooperatives", type=int, default=20_000)
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args, **options):
        self.stdout.write("Fase (detik):")
        result = scale.load(
            participants=options["participants"],
            programmes=options["programmes"],
            waves=options["waves"],
            cooperatives=options["cooperatives"],
            seed=options["seed"],
            report=self.stdout.write,
        )
        if result.get("skipped"):
            self.stdout.write("Data skala sudah ada; tidak ada yang ditambahkan.")
            return
        self.stdout.write("Baris per tabel:")
        for table, n in sorted(result["rows"].items(), key=lambda item: -item[1]):
            self.stdout.write(f"  {table}: {n:,}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{result['participants']:,} peserta, {result['waves']:,} gelombang dalam "
                f"{result['seconds']:.1f} detik."
            )
        )
