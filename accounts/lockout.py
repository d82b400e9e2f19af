"""How django-axes names the one trying to log in: the account, and the client's address.

Login matches a username exactly or an e-mail address in any case
(``accounts.backends.UsernameOrEmailBackend``), so axes must count failures against the account
the typed login resolves to, not the text as typed: otherwise six spellings of one e-mail give
six times the allowed attempts. Behind a load balancer every request comes from the balancer's
address; ``LMS_TRUSTED_PROXY_COUNT`` says how many proxies of ours append to X-Forwarded-For,
so the client's address is read from the right place and cannot be forged by the client.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpRequest

_CACHE_ATTR = "_lms_login_keys"


def _typed_login(request: HttpRequest | None, credentials: dict | None) -> str:
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials and credentials.get(field) is not None:
        return str(credentials[field])
    if request is not None and hasattr(request, "POST"):
        return str(request.POST.get(field, ""))
    return ""


def login_key(typed: str) -> str:
    """One key per account whatever the spelling: an e-mail in any case, or a username, becomes
    the account's username; a login that matches no account is stripped (and an e-mail
    lower-cased) so its spellings still share one counter."""
    login = typed.strip()
    if not login:
        return ""
    user_model = get_user_model()
    if "@" in login:
        usernames = list(
            user_model._default_manager.filter(email__iexact=login).values_list(
                "username", flat=True
            )[:2]
        )
        # Two accounts sharing an e-mail cannot log in by it (the backend refuses): one key.
        return usernames[0] if len(usernames) == 1 else login.lower()
    return login


def axes_username(request: HttpRequest | None, credentials: dict | None = None) -> str:
    """``AXES_USERNAME_CALLABLE``: the account key, looked up once per request."""
    typed = _typed_login(request, credentials)
    if request is None:
        return login_key(typed)
    keys = request.__dict__.setdefault(_CACHE_ATTR, {})
    if typed not in keys:
        keys[typed] = login_key(typed)
    return keys[typed]


def client_ip(request: HttpRequest) -> str | None:
    """``AXES_CLIENT_IP_CALLABLE``: the client's address as our own proxies saw it.

    With N trusted proxies, each appends the address it was reached from to X-Forwarded-For,
    so the N-th entry from the right is the one the first of them saw; anything to its left was
    sent by the client and may be forged. With no trusted proxy the header is ignored.
    """
    count = settings.LMS_TRUSTED_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR")
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if not forwarded:
        return remote
    # Fewer entries than proxies: the request skipped one, and every entry is still ours.
    return forwarded[-count] if len(forwarded) >= count else forwarded[0]
