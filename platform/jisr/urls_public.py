"""URLs of the bare platform domain: the regional layer, platform admin, accounts."""

from django.contrib import admin
from django.urls import include, path

from jisr.accounts import views as account_views
from network import views as network_views

urlpatterns = [
    path("", network_views.home, name="home"),
    path("regional/networks/", include("network.urls")),
    path("regional/", include("analytics.urls")),
    path("api/regional/", include("analytics.api_urls")),
    # Before allauth's pages: a platform account's token for the regional API (not on a commune's host).
    path("accounts/token/", account_views.api_token, name="api_token"),
    path("accounts/", include("jisr.accounts.urls")),
    path("admin/", admin.site.urls),
    path("i18n/setlang/", account_views.set_language, name="set_language"),
]

# Our pages, in the visitor's language, never Django's (jisr.errors): a 404 (JSON under /api/); PostgreSQL
# down answers 503 with Retry-After, anything else a plain 500.
handler400 = "jisr.errors.bad_request"
handler403 = "jisr.errors.forbidden"
handler404 = "jisr.errors.not_found"
handler500 = "jisr.errors.server_error"
