from django.apps import AppConfig


class JisrConfig(AppConfig):
    """The platform itself: base templates, static files, platform-wide commands."""

    name = "jisr"
    verbose_name = "Jisr platform"
