"""Placeholder: being written."""

from django.http import Http404, HttpRequest, HttpResponse


def procedures(request: HttpRequest) -> HttpResponse:
    raise Http404


def duty(request: HttpRequest) -> HttpResponse:
    raise Http404
