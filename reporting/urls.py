from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("peserta/<int:participant_id>/", views.participant, name="participant"),
]
