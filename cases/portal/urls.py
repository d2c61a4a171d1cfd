from django.urls import path

from cases.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("request/", views.request, name="request"),
    path("track/", views.track, name="track"),
]
