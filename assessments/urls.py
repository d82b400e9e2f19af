from django.urls import path

from . import views

app_name = "assessments"

urlpatterns = [
    path("", views.my_assignments, name="mine"),
    path("<int:pk>/", views.submit, name="submit"),
    path("<int:pk>/serahkan/", views.on_behalf, name="on-behalf"),
    path("<int:pk>/rilis-semua/", views.release_all, name="release-all"),
    path("berkas/<int:pk>/", views.version_file, name="file"),
    path("pengumpulan/<int:pk>/beda/", views.diff, name="diff"),
    path("pengumpulan/<int:pk>/nilai/", views.grade, name="grade"),
    path("pengumpulan/<int:pk>/rilis/", views.release, name="release"),
    path("antrean/", views.queue, name="queue"),
    path("gelombang/<int:pk>/nilai/", views.gradebook, name="gradebook"),
    path("pemberitahuan/", views.notifications, name="notifications"),
    path("magang/<int:pk>/", views.logbook, name="logbook"),
    path("magang/gelombang/<int:pk>/", views.logbook_wave, name="logbook-wave"),
    path("magang/catatan/<int:pk>/periksa/", views.logbook_review, name="logbook-review"),
    path("magang/catatan/<int:pk>/foto/", views.logbook_photo, name="logbook-photo"),
]
