from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "jisr.outbox"
    label = "outbox"
    verbose_name = "Outbox"
