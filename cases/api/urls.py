"""The office workspace's API, under /api/ on a commune's subdomain; its schema and docs page."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from cases.api import auth, views

app_name = "api"

router = SimpleRouter(use_regex_path=False)
router.register("people", views.PersonViewSet, basename="person")
router.register("cases", views.CaseViewSet, basename="case")
router.register("referrals", views.ReferralViewSet, basename="referral")
router.register("services", views.ServiceDirectoryViewSet, basename="service")
router.register("categories", views.CategoryViewSet, basename="category")
router.register("transfers/incoming", views.IncomingTransferViewSet, basename="incoming-transfer")
router.register("transfers/communes", views.ReceivingCommuneViewSet, basename="receiving-commune")

urlpatterns = [
    path("auth/token/", auth.TokenView.as_view(), name="token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    *router.urls,
]
