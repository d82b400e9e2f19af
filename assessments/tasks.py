"""Background work: text extraction from answers' files, e-mails for notifications, and the
"due tomorrow" reminders (Celery beat, or ``manage.py assessment_reminders``)."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation

from .constants import EXTRACTABLE_KINDS


@shared_task(acks_late=True)
def extract_text(version_id: int) -> bool:
    """Take the text out of a version's file (DOCX, ODT, PDF). Idempotent."""
    from .extract import text_of
    from .models import SubmissionVersion

    version = SubmissionVersion.objects.filter(pk=version_id, extracted=False).first()
    if version is None:
        return False
    text = ""
    if version.file and version.kind in EXTRACTABLE_KINDS:
        with version.file.open("rb") as handle:
            text = text_of(handle.read(), version.kind)
    SubmissionVersion.objects.filter(pk=version_id).update(extracted_text=text, extracted=True)
    return True


@shared_task(acks_late=True)
def email_notifications(notification_ids: list[int]) -> int:
    """E-mail each notification to a person with an address, once."""
    from .models import Notification

    sent = 0
    for pk in notification_ids:
        with transaction.atomic():
            note = (
                Notification.objects.select_for_update(of=("self",))
                .select_related("user")
                .filter(pk=pk, emailed_at__isnull=True)
                .first()
            )
            if note is None or not note.user.email:
                continue
            with translation.override(settings.LANGUAGE_CODE):
                send_mail(
                    subject=note.message[:120],
                    message=note.message,
                    from_email=None,
                    recipient_list=[note.user.email],
                )
            note.emailed_at = timezone.now()
            note.save(update_fields=["emailed_at"])
            sent += 1
    return sent


@shared_task
def due_tomorrow_reminders() -> int:
    """Remind everyone who has not handed in an assignment due in the next 24 hours. One reminder
    per assignment and person, however often this runs."""
    from . import selectors, services
    from .constants import NotificationKind

    now = timezone.now()
    created = 0
    for assignment, people in selectors.due_reminders(now, now + dt.timedelta(hours=24)):
        with transaction.atomic():
            created += len(
                services.notify(
                    users=people,
                    kind=NotificationKind.DUE_TOMORROW,
                    message=services.due_message(assignment),
                    url=services.assignment_url(assignment),
                    key=f"due:{assignment.pk}",
                )
            )
    return created
