"""Send "due tomorrow" reminders now (the same task Celery beat runs hourly). Idempotent."""

from django.core.management.base import BaseCommand

from assessments.tasks import due_tomorrow_reminders


class Command(BaseCommand):
    help = "Remind participants of assignments due in the next 24 hours (once each)."

    def handle(self, *args, **options):
        created = due_tomorrow_reminders()
        self.stdout.write(f"{created} reminder(s) created.")
