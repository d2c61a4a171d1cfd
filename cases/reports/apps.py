from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "cases.reports"
    label = "reports"
    verbose_name = "Reports"
