"""The audit trail's actions in words: every action code a service writes, with its label.
Lists and exports show these, never the codes."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "user.create": _("Akun dibuat"),
    "user.update": _("Akun diubah"),
    "user.delete": _("Akun dihapus"),
    "user.code_issue": _("Kode masuk sekali pakai diterbitkan"),
    "user.code_redeem": _("Kata sandi dibuat dengan kode masuk"),
    "user.password_change": _("Kata sandi diganti"),
    "user.password_reset": _("Kata sandi disetel ulang lewat e-mail"),
    "participant.update": _("Data peserta diubah"),
    "participant.delete": _("Akun peserta dihapus"),
    "organisation.create": _("Organisasi dibuat"),
    "organisation.update": _("Organisasi diubah"),
    "organisation.delete": _("Organisasi dihapus"),
    "programme.create": _("Program dibuat"),
    "programme.update": _("Program diubah"),
    "programme.delete": _("Program dihapus"),
    "wave.create": _("Gelombang dibuat"),
    "wave.update": _("Gelombang diubah"),
    "wave.delete": _("Gelombang dihapus"),
    "enrolment.create": _("Pendaftaran dibuat"),
    "enrolment.change": _("Pendaftaran diubah"),
    "curriculum.create": _("Kursus ditambahkan ke kurikulum"),
    "curriculum.update": _("Kurikulum diubah"),
    "curriculum.delete": _("Kursus dikeluarkan dari kurikulum"),
    "session.create": _("Sesi ditambahkan"),
    "session.update": _("Sesi diubah"),
    "session.delete": _("Sesi dihapus"),
    "schedule.copy": _("Jadwal disalin dari gelombang lain"),
    "schedule.add_week": _("Sesi harian sepekan ditambahkan"),
    "attendance.roll_call": _("Presensi disimpan"),
    "attendance.check_in": _("Presensi mandiri (QR)"),
    "attendance.conflict": _("Konflik presensi luring dicatat"),
    "attendance.conflict_resolved": _("Konflik presensi diselesaikan"),
    "attendance.evidence": _("Lembar hadir bertanda tangan diunggah"),
    "attendance.settings": _("Aturan kehadiran diubah"),
    "attendance.feed_renewed": _("Alamat kalender pribadi dibuat baru"),
    "certificate.settings": _("Pengaturan sertifikat diubah"),
    "certificate.issue": _("Sertifikat diterbitkan"),
    "certificate.revoke": _("Sertifikat dicabut"),
    "certificate.reissue": _("Sertifikat diterbitkan ulang (versi perbaikan)"),
    "rubric.create": _("Rubrik dibuat"),
    "rubric.update": _("Rubrik diubah"),
    "rubric.delete": _("Rubrik dihapus"),
    "assignment.create": _("Tugas dibuat"),
    "assignment.update": _("Tugas diubah"),
    "assignment.delete": _("Tugas dihapus"),
    "submission.draft": _("Draf tugas disimpan"),
    "submission.submit": _("Tugas dikumpulkan"),
    "submission.on_behalf": _("Tugas diserahkan fasilitator atas nama peserta"),
    "grade.save": _("Nilai disimpan"),
    "grade.return": _("Tugas dikembalikan untuk revisi"),
    "grade.release": _("Nilai dirilis"),
    "grade.release_all": _("Semua nilai tugas dirilis"),
    "logbook.record": _("Catatan harian magang dicatat"),
    "logbook.review": _("Catatan harian magang diperiksa mentor"),
    "logbook.plan": _("Rencana jam magang diubah"),
    "reporting.reminder": _("Pengingat peserta berisiko dikirim"),
}


def action_label(code: str) -> str:
    """The words for an action code; an unknown code is shown as it is rather than hidden."""
    return str(ACTION_LABELS.get(code, code))


def actor_label(event) -> str:
    """Who did it: the name kept at the time (the account may since be gone), or the system."""
    if getattr(event, "actor_name", ""):
        return event.actor_name
    if event.actor_id and event.actor is not None:
        return str(event.actor)
    return str(_("Sistem"))
