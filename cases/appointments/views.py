"""Placeholder: being written."""

from django.http import Http404, HttpRequest, HttpResponse


def book(request: HttpRequest) -> HttpResponse:
    raise Http404
