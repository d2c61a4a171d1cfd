"""Pages of the office's reports."""

from django.urls import path

from cases.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("<int:report_id>/", views.report_detail, name="detail"),
    path("<int:report_id>/progress/", views.report_progress, name="progress"),
    path("<int:report_id>/<str:language>.<str:format>", views.report_file, name="file"),
]
