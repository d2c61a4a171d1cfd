from django.urls import include, path

from jisr.accounts import views

urlpatterns = [
    path("invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("", include("allauth.urls")),
]
