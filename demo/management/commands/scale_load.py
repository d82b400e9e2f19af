from django.core.management.base import BaseCommand

from demo import scale


class Command(BaseCommand):
    help = "Generate national-scale data (bulk inserts) for benchmarks and query-count checks."

    def add_arguments(self, parser):
        parser.add_argument("--participants", type=int, default=100_000)
        parser.add_argument("--programmes", type=int, default=50)
        parser.add_argument("--waves", type=int, default=2_000)
        parser.add_argument("--cooperatives", type=int, default=20_000)

    def handle(self, *args, **options):
        result = scale.load(
            participants=options["participants"],
            programmes=options["programmes"],
            waves=options["waves"],
            cooperatives=options["cooperatives"],
        )
        if result.get("skipped"):
            self.stdout.write("Data skala sudah ada; tidak ada yang ditambahkan.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"{result['participants']} peserta, {result['waves']} gelombang dalam "
                f"{result['seconds']:.1f} detik."
            )
        )
