from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import Enrolment


@shared_task(acks_late=True)
def enrolment_notify(enrolment_id: int) -> bool:
    """Tell a participant they are enrolled (if they have an e-mail address) and record it.

    Idempotent: a second run, or a run after a worker died mid-task, sends nothing more.
    """
    with transaction.atomic():
        enrolment = (
            Enrolment.objects.select_for_update()
            .select_related("participant", "wave__programme")
            .filter(pk=enrolment_id, notified_at__isnull=True)
            .first()
        )
        if enrolment is None:
            return False
        participant = enrolment.participant
        if participant.email:
            with translation.override(settings.LANGUAGE_CODE):
                send_mail(
                    subject=_("Anda terdaftar: %(wave)s") % {"wave": enrolment.wave},
                    message=_(
                        "Halo %(name)s,\n\nAnda terdaftar sebagai peserta %(wave)s "
                        "(%(start)s – %(end)s).\n"
                    )
                    % {
                        "name": participant.get_short_name(),
                        "wave": enrolment.wave,
                        "start": enrolment.wave.starts_on.strftime("%d-%m-%Y"),
                        "end": enrolment.wave.ends_on.strftime("%d-%m-%Y"),
                    },
                    from_email=None,
                    recipient_list=[participant.email],
                )
        enrolment.notified_at = timezone.now()
        enrolment.save(update_fields=["notified_at"])
        return True
