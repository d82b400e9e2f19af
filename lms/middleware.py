"""Response headers every page needs, whatever app answers it."""

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
