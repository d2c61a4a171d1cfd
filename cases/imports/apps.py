from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "cases.imports"
    label = "imports"
    verbose_name = "Register imports"
