from django.core.management.base import BaseCommand

from certificates import signing


class Command(BaseCommand):
    help = (
        "Make a self-signed issuer key and certificate for the demo at the default key path "
        "(var/certificates/issuer-default.pem) unless one exists. Production uses the "
        "ministry's own key and certificate: see README, Certificates."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="replace an existing key")

    def handle(self, *args, force=False, **options):
        path = signing.key_paths()["default"]
        if path.exists() and not force:
            self.stdout.write(f"Key exists: {path}")
            return
        signing.make_self_signed(path)
        self.stdout.write(self.style.SUCCESS(f"Self-signed demo key written: {path}"))
