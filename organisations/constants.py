"""Provinces of Indonesia with their official codes (Kemendagri, Permendagri No. 100.1.1-6117
of 2022) and time zones, and the kinds of organisation the programmes work with."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeZone(models.TextChoices):
    WIB = "Asia/Jakarta", _("WIB (UTC+7)")
    WITA = "Asia/Makassar", _("WITA (UTC+8)")
    WIT = "Asia/Jayapura", _("WIT (UTC+9)")


WIB, WITA, WIT = TimeZone.WIB, TimeZone.WITA, TimeZone.WIT

# (code, name, time zone of the capital)
PROVINCES = [
    ("11", "Aceh", WIB),
    ("12", "Sumatera Utara", WIB),
    ("13", "Sumatera Barat", WIB),
    ("14", "Riau", WIB),
    ("15", "Jambi", WIB),
    ("16", "Sumatera Selatan", WIB),
    ("17", "Bengkulu", WIB),
    ("18", "Lampung", WIB),
    ("19", "Kepulauan Bangka Belitung", WIB),
    ("21", "Kepulauan Riau", WIB),
    ("31", "DKI Jakarta", WIB),
    ("32", "Jawa Barat", WIB),
    ("33", "Jawa Tengah", WIB),
    ("34", "DI Yogyakarta", WIB),
    ("35", "Jawa Timur", WIB),
    ("36", "Banten", WIB),
    ("51", "Bali", WITA),
    ("52", "Nusa Tenggara Barat", WITA),
    ("53", "Nusa Tenggara Timur", WITA),
    ("61", "Kalimantan Barat", WIB),
    ("62", "Kalimantan Tengah", WIB),
    ("63", "Kalimantan Selatan", WITA),
    ("64", "Kalimantan Timur", WITA),
    ("65", "Kalimantan Utara", WITA),
    ("71", "Sulawesi Utara", WITA),
    ("72", "Sulawesi Tengah", WITA),
    ("73", "Sulawesi Selatan", WITA),
    ("74", "Sulawesi Tenggara", WITA),
    ("75", "Gorontalo", WITA),
    ("76", "Sulawesi Barat", WITA),
    ("81", "Maluku", WIT),
    ("82", "Maluku Utara", WIT),
    ("91", "Papua", WIT),
    ("92", "Papua Barat", WIT),
    ("93", "Papua Selatan", WIT),
    ("94", "Papua Tengah", WIT),
    ("95", "Papua Pegunungan", WIT),
    ("96", "Papua Barat Daya", WIT),
]


class OrganisationKind(models.TextChoices):
    VILLAGE_COOPERATIVE = "coop_village", _("Koperasi Desa/Kelurahan Merah Putih")
    PESANTREN_COOPERATIVE = "coop_pesantren", _("Koperasi pondok pesantren")
    INMATES_COOPERATIVE = "coop_inmates", _("Koperasi warga binaan")
    OTHER_COOPERATIVE = "coop_other", _("Koperasi lain")
    LAPAS = "lapas", _("Lembaga Pemasyarakatan (Lapas)")
    RUTAN = "rutan", _("Rumah Tahanan Negara (Rutan)")
    LPKA = "lpka", _("Lembaga Pembinaan Khusus Anak (LPKA)")
    BAPAS = "bapas", _("Balai Pemasyarakatan (Bapas)")
    REGIONAL_OFFICE = "regional_office", _("Kantor wilayah / dinas daerah")
    MINISTRY = "ministry", _("Kementerian")
    HOST_SITE = "host_site", _("Tempat magang / pelatihan")
    PARTNER = "partner", _("Mitra")


COOPERATIVE_KINDS = frozenset(
    {
        OrganisationKind.VILLAGE_COOPERATIVE,
        OrganisationKind.PESANTREN_COOPERATIVE,
        OrganisationKind.INMATES_COOPERATIVE,
        OrganisationKind.OTHER_COOPERATIVE,
    }
)
CORRECTIONAL_KINDS = frozenset(
    {OrganisationKind.LAPAS, OrganisationKind.RUTAN, OrganisationKind.LPKA, OrganisationKind.BAPAS}
)
# Naming any of these next to a person can reveal that they are an inmate (UU PDP No. 27/2022):
# public pages, PDFs, credentials and out-of-scope exports must never show them.
SENSITIVE_KINDS = CORRECTIONAL_KINDS | {OrganisationKind.INMATES_COOPERATIVE}

# Parent chains stay short so a scope is one indexed query: ministry > regional office > unit.
MAX_DEPTH = 3
