"""The shell's addresses outside the language prefixes: the language switch and the icon."""

from django.urls import path

from . import views

app_name = "cms"

urlpatterns = [
    path("bahasa/<str:language>/", views.switch_language, name="switch-language"),
    path("favicon.ico", views.favicon, name="favicon"),
]
