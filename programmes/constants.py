from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgrammeKind(models.TextChoices):
    APPRENTICESHIP = "magang", _("Magang")
    BIMTEK = "bimtek", _("Bimbingan teknis (Bimtek)")
    MENTORING = "mentoring", _("Pendampingan")
    VOCATIONAL = "vocational", _("Pelatihan vokasi")


class EnrolmentStatus(models.TextChoices):
    INVITED = "invited", _("Diundang")
    ACTIVE = "active", _("Aktif")
    WITHDRAWN = "withdrawn", _("Mengundurkan diri")
    COMPLETED = "completed", _("Selesai")


# Statuses that hold a seat in a wave (capacity) and a place in the participant's calendar.
SEAT_STATUSES = (EnrolmentStatus.INVITED, EnrolmentStatus.ACTIVE, EnrolmentStatus.COMPLETED)

# Allowed status changes; a withdrawn participant may be re-enrolled (invited or active).
TRANSITIONS: dict[str, frozenset[str]] = {
    EnrolmentStatus.INVITED: frozenset({EnrolmentStatus.ACTIVE, EnrolmentStatus.WITHDRAWN}),
    EnrolmentStatus.ACTIVE: frozenset({EnrolmentStatus.WITHDRAWN, EnrolmentStatus.COMPLETED}),
    EnrolmentStatus.WITHDRAWN: frozenset({EnrolmentStatus.INVITED, EnrolmentStatus.ACTIVE}),
    EnrolmentStatus.COMPLETED: frozenset({EnrolmentStatus.ACTIVE}),
}
# Changes that must say why (shown in the audit trail).
REASON_REQUIRED = frozenset({EnrolmentStatus.WITHDRAWN})


class BoardPosition(models.TextChoices):
    CHAIR = "ketua", _("Ketua")
    VICE_CHAIR = "wakil_ketua", _("Wakil ketua")
    SECRETARY = "sekretaris", _("Sekretaris")
    TREASURER = "bendahara", _("Bendahara")
    SUPERVISOR = "pengawas", _("Pengawas")
    MANAGER = "manajer", _("Manajer / pengelola")
    MEMBER = "anggota", _("Anggota pengurus")


class FacilitatorRole(models.TextChoices):
    FACILITATOR = "fasilitator", _("Fasilitator")
    SPEAKER = "narasumber", _("Narasumber")
    MENTOR = "pendamping", _("Pendamping / mentor")
