from django.urls import path

from cases.guide import views

app_name = "guide"

urlpatterns = [
    path("", views.procedures, name="procedures"),
    path("on-duty/", views.duty, name="duty"),
]
