from django.apps import AppConfig


class GuideConfig(AppConfig):
    name = "cases.guide"
    label = "guide"
    verbose_name = "Procedures guide and on-duty rotas"
