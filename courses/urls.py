from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("pelajaran/<int:pk>/selesai/", views.lesson_complete, name="lesson-complete"),
    path("pelajaran/<int:pk>/kuis/", views.quiz_answer, name="quiz-answer"),
    path("modul/<int:pk>/cetak/", views.module_print, name="module-print"),
]
