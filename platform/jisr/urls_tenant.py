"""URLs of a commune's subdomain: its office workspace."""

from django.urls import include, path

from cases import views as cases_views

urlpatterns = [
    path("", cases_views.home, name="home"),
    path("accounts/", include("jisr.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]
