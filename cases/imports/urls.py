"""Pages of the office's imports (office head), under /imports/."""

from django.urls import path

from cases.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.home, name="home"),
    path("sample.<str:file_format>", views.sample, name="sample"),
    path("<int:pk>/", views.run_detail, name="run"),
    path("<int:pk>/mapping/", views.run_mapping, name="mapping"),
    path("<int:pk>/import/", views.run_import, name="import"),
    path("<int:pk>/progress/", views.run_progress, name="progress"),
    path("<int:pk>/report.csv", views.run_report, name="report"),
]
