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
