from django.urls import path

from cases.appointments import views

app_name = "appointments"

urlpatterns = [
    path("", views.book, name="book"),
]
