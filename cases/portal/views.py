"""Placeholder: being written."""

from django.http import Http404, HttpRequest, HttpResponse


def home(request: HttpRequest) -> HttpResponse:
    raise Http404


def request(request: HttpRequest) -> HttpResponse:
    raise Http404


def track(request: HttpRequest) -> HttpResponse:
    raise Http404
