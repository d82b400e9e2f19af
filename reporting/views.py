"""The participant record outside the admin, for the participant's facilitators (and staff in
scope): the same reading as the admin page, scoped by ``selectors.participant_record``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.template.response import TemplateResponse

from accounts import api as accounts

from . import selectors


@login_required
def participant(request, participant_id: int):
    user = request.user
    if not (accounts.scope_of(user).staff or user.role == accounts.Role.FACILITATOR):
        raise Http404
    record = selectors.participant_record(user, participant_id)
    if record is None:
        raise Http404
    return TemplateResponse(
        request,
        "reporting/participant.html",
        {"zone": accounts.staff_time_zone(user), **record},
    )
