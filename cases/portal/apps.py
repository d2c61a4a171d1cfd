from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "cases.portal"
    label = "portal"
    verbose_name = "Public portal: requests and tracking"

    def ready(self) -> None:
        from cases.portal import signals  # noqa: F401  (connects the receivers)
