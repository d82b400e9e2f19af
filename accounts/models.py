from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from organisations.api import Organisation, Province

from .constants import ADMIN_ROLES, ParticipantKind, Role


class UserQuerySet(models.QuerySet):
    def participants(self):
        return self.filter(role=Role.TRAINEE)


class LmsUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """A person who uses the site, or on whose behalf a facilitator records.

    One name field: many Indonesians have a single name. E-mail and phone are optional: inmates
    often have neither, so staff create their accounts in bulk with generated usernames, and an
    account may have no usable password at all (a facilitator records for that participant).
    """

    first_name = None
    last_name = None
    full_name = models.CharField(_("nama lengkap"), max_length=150)
    email = models.EmailField(_("alamat e-mail"), blank=True)
    phone = models.CharField(_("nomor telepon"), max_length=20, blank=True)
    role = models.CharField(_("peran"), max_length=16, choices=Role.choices, default=Role.TRAINEE)
    participant_kind = models.CharField(
        _("jenis peserta"), max_length=16, choices=ParticipantKind.choices, blank=True
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisasi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
        help_text=_("Koperasi, unit, atau lembaga tempat orang ini bernaung."),
    )
    scope_province = models.ForeignKey(
        Province,
        verbose_name=_("cakupan provinsi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_(
            "Staf program hanya melihat data provinsi ini. Kosongkan untuk cakupan nasional."
        ),
    )
    scope_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("cakupan organisasi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Staf program hanya melihat data organisasi ini dan unit di bawahnya."),
    )

    REQUIRED_FIELDS = ["full_name"]
    objects = LmsUserManager()

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        constraints = [
            models.UniqueConstraint(
                Lower("email"), condition=~Q(email=""), name="user_unique_email_ci"
            ),
            models.CheckConstraint(
                condition=Q(scope_province__isnull=True) | Q(scope_organisation__isnull=True),
                name="user_one_scope",
            ),
        ]
        indexes = [
            models.Index(fields=["role", "organisation"]),
            # The participant list is sorted by name: 100,000 rows must not be sorted per page.
            models.Index(fields=["role", "full_name"]),
        ]

    def __str__(self):
        return self.full_name or self.username

    def get_full_name(self):
        return self.full_name or self.username

    def get_short_name(self):
        return (self.full_name or self.username).split(" ")[0]

    def clean(self):
        super().clean()
        self.email = (self.email or "").strip().lower()
        errors = {}
        if self.role != Role.STAFF and (self.scope_province_id or self.scope_organisation_id):
            errors["scope_province"] = _("Hanya staf program yang dapat diberi cakupan wilayah.")
        if self.scope_province_id and self.scope_organisation_id:
            errors["scope_organisation"] = _(
                "Pilih salah satu: cakupan provinsi atau cakupan organisasi, tidak keduanya."
            )
        if self.participant_kind and self.role != Role.TRAINEE:
            errors["participant_kind"] = _("Jenis peserta hanya untuk peran peserta.")
        if self.email:
            clash = User.objects.filter(email__iexact=self.email).exclude(pk=self.pk)
            if clash.exists():
                errors["email"] = _("Alamat e-mail ini sudah dipakai akun lain.")
        if errors:
            raise ValidationError(errors)

    @property
    def may_use_admin(self) -> bool:
        """Read from the role, without a permission query (pages show the admin link by it)."""
        return self.is_superuser or self.role in ADMIN_ROLES

    @property
    def is_inmate(self) -> bool:
        return self.participant_kind == ParticipantKind.INMATE


class Participant(User):
    """Trainees as programme staff see them in the admin; its own permissions keep staff out of
    the administrators' user management."""

    class Meta:
        proxy = True
        verbose_name = _("peserta")
        verbose_name_plural = _("peserta")


class SignInCode(models.Model):
    """A one-time sign-in code staff hand to a participant without e-mail or phone (on a
    printed sheet). Only its keyed hash is kept (``accounts.codes``): the code is shown once,
    when it is issued. It is short-lived and single-use; signing in with it leads straight to
    setting a kata sandi. Issuing a new code for a person replaces the unused one."""

    user = models.ForeignKey(
        User, verbose_name=_("pengguna"), on_delete=models.CASCADE, related_name="sign_in_codes"
    )
    code_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("berlaku sampai"))
    used_at = models.DateTimeField(_("dipakai pada"), null=True, blank=True)
    issued_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("kode masuk sekali pakai")
        verbose_name_plural = _("kode masuk sekali pakai")
        indexes = [models.Index(fields=["user", "used_at"])]

    def __str__(self):
        return str(self.user)
