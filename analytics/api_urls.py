"""The regional layer's API, under /api/regional/ on the bare platform domain; its schema and docs page."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from analytics import api
from jisr.accounts.api import PlatformTokenView
from network import api as network_api

app_name = "regional_api"

SCHEMA_SETTINGS = {
    "TITLE": "Jisr — regional layer API",
    "DESCRIPTION": (
        "The regional layer's figures on the platform's bare domain (`https://<platform domain>/api/regional/`), "
        "for platform accounts: operators, coordinators and funders. Sign in with the session of the "
        "platform's pages, or send `Authorization: Token <key>` with a platform account's token. Get the token "
        "from `POST /api/regional/auth/token/` (e-mail, password, and the two-factor code of an account that "
        "uses one), or from [the API token page](/accounts/token/) when signed in, which also replaces and "
        "revokes it; `DELETE /api/regional/auth/token/` revokes it too. An office's token works on its "
        "commune's host only, never here. Every count comes out of disclosure control: a hidden count is "
        "`null`. Errors: 400 `{field: [messages]}`, 401/403/404 `{detail}`. The open data is public and needs "
        "no sign-in."
    ),
    "VERSION": "1",
}

urlpatterns = [
    path("auth/token/", PlatformTokenView.as_view(), name="token"),
    path("networks/", api.NetworkList.as_view(), name="networks"),
    path("networks/<slug:code>/memberships/", network_api.MembershipList.as_view(), name="memberships"),
    path("networks/<slug:code>/memberships/<int:pk>/", network_api.MembershipDetail.as_view(), name="membership"),
    path("comparison/", api.ComparisonView.as_view(), name="comparison"),
    path("open-data/<slug:code>/", api.OpenDataView.as_view(), name="open_data"),
    path(
        "schema/",
        SpectacularAPIView.as_view(urlconf="jisr.urls_public", custom_settings=SCHEMA_SETTINGS),
        name="schema",
    ),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="regional_api:schema"), name="docs"),
]
