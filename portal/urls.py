from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("beranda-saya/", views.my_home, name="my-home"),
]
