from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "cases.portal"
    label = "portal"
    verbose_name = "Public portal: requests and tracking"
