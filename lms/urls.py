from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

urlpatterns = [
    # Scoped stand-ins for a few Wagtail admin pages, matched before Wagtail's own.
    path("admin/", include("accounts.admin_urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/setlang/", set_language, name="set_language"),
    # The language switch (/bahasa/<code>/) and /favicon.ico (cms/views.py).
    path("", include("cms.urls")),
]

# Error pages in the site's layout and the visitor's language (cms/views.py).
handler400 = "cms.views.bad_request"
handler403 = "cms.views.permission_denied"
handler404 = "cms.views.page_not_found"
handler500 = "cms.views.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Indonesian at the root, English under /en/.
urlpatterns += i18n_patterns(
    path("akun/", include("accounts.urls")),
    path("", include("portal.urls")),
    path("belajar/", include("courses.urls")),
    path("tugas/", include("assessments.urls")),
    path("kehadiran/", include("attendance.urls")),
    path("sertifikat/", include("certificates.urls")),
    path("pemantauan/", include("reporting.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
