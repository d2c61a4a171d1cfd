from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    name = "cases.appointments"
    label = "appointments"
    verbose_name = "Appointments"
