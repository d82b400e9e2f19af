"""Which organisation a certificate names as its issuer, and the rule that none of its documents
names a prison, a correctional unit or office (UU PDP; a certificate earned in prison must open
doors after release, not announce where it was earned).

An organisation is *correctional* when its kind is one of ``SENSITIVE_KINDS`` (Lapas, Rutan,
LPKA, Bapas, inmates' cooperatives), when it heads such units (a regional corrections office),
or when its name says so. The default issuer is the programme's organiser unless that is
correctional; then the nearest non-correctional organisation above it, then a ministry.
"""

from __future__ import annotations

import re

from organisations.api import CORRECTIONAL_KINDS, SENSITIVE_KINDS, Organisation, OrganisationKind

CORRECTIONAL_WORDS = re.compile(
    r"\b(lapas|rutan|lpka|bapas|pemasyarakatan|penjara|tahanan|warga\s+binaan|narapidana)\b",
    re.IGNORECASE,
)


def names_correctional_place(text: str | None) -> bool:
    """Whether a text printed on a certificate would say where its holder was held."""
    return bool(text and CORRECTIONAL_WORDS.search(text))


def printed_programme_name(programme, certificate_settings=None) -> str | None:
    """The programme's name as certificates state it: the settings' neutral name, else the
    programme's title; None when that would name a correctional place (issuing is refused
    until staff set a neutral name)."""
    name = (getattr(certificate_settings, "programme_name", "") or "").strip()
    name = name or programme.title
    return None if names_correctional_place(name) else name


def is_correctional(organisation: Organisation) -> bool:
    if organisation.kind in SENSITIVE_KINDS:
        return True
    if CORRECTIONAL_WORDS.search(organisation.name or ""):
        return True
    return Organisation.objects.filter(parent=organisation, kind__in=CORRECTIONAL_KINDS).exists()


def default_issuer(programme) -> Organisation | None:
    node = programme.organiser
    for _depth in range(4):
        if node is None:
            break
        if not is_correctional(node):
            return node
        node = node.parent
    for ministry in Organisation.objects.filter(kind=OrganisationKind.MINISTRY).order_by("pk"):
        if not is_correctional(ministry):
            return ministry
    return None


def issuer_for(programme, certificate_settings=None) -> Organisation | None:
    if certificate_settings is not None and certificate_settings.issuer_id:
        issuer = certificate_settings.issuer
        if not is_correctional(issuer):
            return issuer
    return default_issuer(programme)
