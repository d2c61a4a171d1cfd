from django.urls import path

from cases.portal import staff_views, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("request/", views.make_request, name="request"),
    path("track/", views.track, name="track"),
    path("survey/<str:token>/", views.survey, name="survey"),
    path("office/satisfaction/", staff_views.satisfaction, name="satisfaction"),
]
