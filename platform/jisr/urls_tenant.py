"""URLs of a commune's subdomain: its office workspace and its API."""

from django.urls import include, path

from analytics import commune_views
from jisr.accounts import views as account_views

urlpatterns = [
    path("", include("cases.urls")),
    # The public side of the office, no account needed.
    path("portal/", include("cases.portal.urls")),
    path("appointments/", include("cases.appointments.urls")),
    path("guide/", include("cases.guide.urls")),
    path("reports/", include("cases.reports.urls")),
    path("imports/", include("cases.imports.urls")),
    path("api/", include("cases.api.urls")),
    # The office's figures beside its networks' (the regional layer, seen from the commune).
    path("statistics/network/", commune_views.beside_network, name="beside_network"),
    path("accounts/", include("jisr.accounts.urls")),
    path("i18n/setlang/", account_views.set_language, name="set_language"),
]

# Our pages, in the visitor's language, never Django's (jisr.errors): a 404 (JSON under /api/); PostgreSQL
# down answers 503 with Retry-After, anything else a plain 500.
handler400 = "jisr.errors.bad_request"
handler403 = "jisr.errors.forbidden"
handler404 = "jisr.errors.not_found"
handler500 = "jisr.errors.server_error"
