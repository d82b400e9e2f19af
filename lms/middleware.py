"""Response headers every page needs, whatever app answers it."""

import functools

from csp.middleware import CSPMiddleware
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers


class PrivateCacheMiddleware:
    """A page shown to a signed-in user is that user's: no shared cache (a proxy, a CDN, a
    cooperative's office gateway) may keep it and hand it to the next person. ``Vary: Cookie``
    says the same to caches that ignore ``private``. A stricter directive a view set itself
    (``no-store``, ``no-cache``) is kept as it is."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_vary_headers(response, ["Cookie"])
            directives = response.get("Cache-Control", "").lower()
            if "no-store" not in directives and "private" not in directives:
                patch_cache_control(response, private=True)
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the one relaxation Wagtail's admin needs.

    The site's policy (``CONTENT_SECURITY_POLICY``) allows scripts and styles from our origin
    only. Wagtail 8's admin still starts its widgets with inline ``<script>`` elements written
    in Python (every chooser: ``BaseChooser.render``), in its templates (date pickers, inline
    panels) and sets inline ``style`` attributes, so under ``/admin/`` inline scripts and styles
    are allowed; other origins stay refused there too. Trainees never reach the admin.
    """

    ADMIN_RELAXED = {
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
    }

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if request.path.startswith(_admin_prefix()):
            parts.replace = {**self.ADMIN_RELAXED, **(parts.replace or {})}
        return parts


@functools.cache
def _admin_prefix() -> str:
    return reverse("wagtailadmin_home")
