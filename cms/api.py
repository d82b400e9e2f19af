"""What other apps use of cms, the site shell: the home page every page tree hangs from and the
site settings. Templates extend "base.html" and load cms_tags by name."""

from .models import HomePage, SiteSettings

__all__ = ["HomePage", "SiteSettings"]
