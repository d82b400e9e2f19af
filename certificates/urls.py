from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("", views.lookup, name="lookup"),
    path("v/<str:code>/", views.verify, name="verify"),
    path("v/<str:code>/openbadge.jwt", views.badge, name="badge"),
    path("unduh/<int:pk>/", views.download, name="download"),
    path("status/<int:issuer_id>/", views.status_list, name="status_list"),
    path("penerbit/<int:issuer_id>/", views.issuer_profile, name="issuer"),
    path("kunci.json", views.jwks, name="jwks"),
    path("gelombang/<int:wave_id>/", views.wave_eligibility, name="wave_eligibility"),
]
