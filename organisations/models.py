from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .constants import MAX_DEPTH, SENSITIVE_KINDS, OrganisationKind, TimeZone


class Province(models.Model):
    code = models.CharField(_("kode"), max_length=2, unique=True)
    name = models.CharField(_("nama"), max_length=100, unique=True)
    time_zone = models.CharField(_("zona waktu"), max_length=32, choices=TimeZone.choices)

    class Meta:
        verbose_name = _("provinsi")
        verbose_name_plural = _("provinsi")
        ordering = ["code"]

    def __str__(self):
        return self.name


class OrganisationQuerySet(models.QuerySet):
    def subtree(self, organisation: "Organisation") -> "OrganisationQuerySet":
        return self.filter(subtree_q(organisation))


def subtree_q(organisation: "Organisation", prefix: str = "") -> Q:
    """Q matching an organisation and everything under it (chains are at most MAX_DEPTH long)."""
    q = Q(**{f"{prefix}pk": organisation.pk})
    path = "parent"
    for _depth in range(MAX_DEPTH - 1):
        q |= Q(**{f"{prefix}{path}": organisation.pk})
        path += "__parent"
    return q


class Organisation(models.Model):
    name = models.CharField(_("nama"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=32, choices=OrganisationKind.choices)
    province = models.ForeignKey(
        Province, verbose_name=_("provinsi"), on_delete=models.PROTECT, related_name="organisations"
    )
    regency = models.CharField(_("kabupaten/kota"), max_length=100, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("Misalnya kantor wilayah yang membawahi sebuah Lapas."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisasi")
        verbose_name_plural = _("organisasi")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "province"], name="organisation_unique_name"),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="organisation_not_own_parent"
            ),
        ]
        indexes = [models.Index(fields=["kind", "province"])]

    def __str__(self):
        return self.name

    @property
    def is_sensitive(self) -> bool:
        return self.kind in SENSITIVE_KINDS

    def clean(self):
        super().clean()
        depth, node = 1, self.parent
        while node is not None:
            if self.pk and node.pk == self.pk:
                raise ValidationError(
                    {"parent": _("Sebuah organisasi tidak boleh menjadi induk dirinya sendiri.")}
                )
            depth += 1
            if depth > MAX_DEPTH:
                raise ValidationError(
                    {"parent": _("Susunan induk paling banyak %(n)s tingkat.") % {"n": MAX_DEPTH}}
                )
            node = node.parent
        if self.pk and self.parent_id and depth + self._height() - 1 > MAX_DEPTH:
            raise ValidationError(
                {"parent": _("Susunan induk paling banyak %(n)s tingkat.") % {"n": MAX_DEPTH}}
            )

    def _height(self) -> int:
        """Levels from this organisation down to its deepest descendant, itself included."""
        if not self.pk:
            return 1
        if Organisation.objects.filter(parent__parent=self).exists():
            return 3
        if Organisation.objects.filter(parent=self).exists():
            return 2
        return 1
