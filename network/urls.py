"""The networks and their members, under /regional/networks/ on the bare platform domain."""

from django.urls import path

from network import views

app_name = "network"

urlpatterns = [
    path("", views.network_list, name="networks"),
    path("<slug:code>/", views.network_detail, name="network"),
    path("<slug:code>/join/", views.membership_join, name="join"),
    path("<slug:code>/memberships/<int:pk>/leave/", views.membership_leave, name="leave"),
    path("<slug:code>/memberships/<int:pk>/correct/", views.membership_correct, name="correct"),
]
