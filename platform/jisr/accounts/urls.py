from django.urls import include, path

from jisr.accounts import views

urlpatterns = [
    path("invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
    # Before allauth's own page of that name (jisr.accounts.views.sign_in_address says why).
    path("email/", views.sign_in_address, name="account_email"),
    path("", include("allauth.urls")),
]
