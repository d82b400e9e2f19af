from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    TRAINEE = "trainee", pgettext_lazy("role", "Peserta")
    FACILITATOR = "facilitator", _("Fasilitator / pendamping")
    STAFF = "staff", _("Staf program")
    EDITOR = "editor", _("Editor konten")
    ADMIN = "admin", _("Administrator")


class ParticipantKind(models.TextChoices):
    BOARD_MEMBER = "board_member", _("Pengurus koperasi")
    INMATE = "inmate", _("Warga binaan")
    OFFICER = "officer", _("Petugas pemasyarakatan")


# Django groups that carry each role's model permissions (created by migration 0002).
STAFF_GROUP = "Staf program"
EDITOR_GROUP = "Editors"  # Wagtail's own editors group, with its page permissions
ROLE_GROUPS: dict[str, tuple[str, ...]] = {
    Role.STAFF: (STAFF_GROUP,),
    Role.EDITOR: (EDITOR_GROUP,),
}
ADMIN_ROLES = frozenset({Role.STAFF, Role.EDITOR, Role.ADMIN})
