"""Pages of the office's reports."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
