from django.urls import path

from . import views

app_name = "attendance"

urlpatterns = [
    path("sesi/<int:pk>/presensi/", views.roll_call, name="roll-call"),
    path("sesi/<int:pk>/qr/", views.qr_screen, name="qr"),
    path("sesi/<int:pk>/qr/status/", views.qr_status, name="qr-status"),
    path("sesi/<int:pk>/lembar-hadir.pdf", views.sign_in_sheet, name="sheet"),
    path("sesi/<int:pk>/bukti/", views.evidence_upload, name="evidence-upload"),
    path("bukti/<int:pk>/", views.evidence_file, name="evidence"),
    path("sesi/<int:pk>/sinkron/", views.offline_sync, name="sync"),
    path("sesi/<int:pk>/konflik/", views.conflicts, name="conflicts"),
    path("gelombang/<int:pk>/agenda/", views.agenda, name="agenda"),
    path("gelombang/<int:pk>/rekap/", views.report, name="report"),
    path("masuk/", views.check_in_code, name="check-in-code"),
    path("masuk/lanjut/", views.check_in_resume, name="check-in-resume"),
    path("masuk/<int:pk>/<int:step>/<str:sig>/", views.check_in, name="check-in"),
    path("kalender/", views.calendar, name="calendar"),
    path("kalender/<str:token>.ics", views.feed, name="feed"),
    path("sw.js", views.service_worker, name="sw"),
]
