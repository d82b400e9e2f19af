from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

APPEND_ONLY = "Audit events are append-only."


class AuditEventQuerySet(models.QuerySet):
    # Every path Django offers to change or remove stored rows refuses; the database refuses
    # too (migration 0002), for SQL that bypasses the ORM.
    def update(self, **kwargs):
        raise TypeError(APPEND_ONLY)

    def _update(self, values):
        raise TypeError(APPEND_ONLY)

    def bulk_update(self, objs, fields, batch_size=None):
        raise TypeError(APPEND_ONLY)

    def update_or_create(self, defaults=None, create_defaults=None, **kwargs):
        raise TypeError(APPEND_ONLY)

    def delete(self):
        raise TypeError(APPEND_ONLY)

    def _raw_delete(self, using):
        raise TypeError(APPEND_ONLY)


class AuditEvent(models.Model):
    """One change to a record that matters (enrolment, attendance, grade, certificate).

    Append-only: rows are written through ``lms.audit.record`` and never changed or deleted.
    The province and organisation are copied at write time so regional staff can be shown the
    events of their own region without joining to records that may since have moved.
    """

    created_at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    # Deleting a user must not rewrite history: no constraint and no cascade, so the row keeps
    # the id of an actor who may no longer exist, and actor_name says who it was.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pelaku"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_name = models.CharField(_("nama pelaku"), max_length=255, blank=True)
    action = models.CharField(_("tindakan"), max_length=64)
    target_type = models.CharField(_("jenis data"), max_length=100)
    target_id = models.CharField(_("ID data"), max_length=64)
    target_repr = models.CharField(_("data"), max_length=255)
    before = models.JSONField(_("sebelum"), null=True, blank=True)
    after = models.JSONField(_("sesudah"), null=True, blank=True)
    reason = models.TextField(_("alasan"), blank=True)
    province_code = models.CharField(_("kode provinsi"), max_length=2, blank=True, db_index=True)
    organisation_id = models.BigIntegerField(_("ID organisasi"), null=True, blank=True)

    # The trail references records; nothing references it. Wagtail's reference index would
    # otherwise be rewritten on every audit row (a few queries per roll call or check-in).
    wagtail_reference_index_ignore = True

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("jejak audit")
        verbose_name_plural = _("jejak audit")
        ordering = ["-created_at", "-id"]
        # Django's internal lookups (related managers, saves) use the base manager: the same
        # append-only queryset.
        base_manager_name = "objects"
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self):
        return f"{self.action} · {self.target_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError(APPEND_ONLY)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError(APPEND_ONLY)
