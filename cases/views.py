"""The office workspace, on a commune's subdomain."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jisr.accounts.selectors import office_staff


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The office's front page for its staff: who the office is and who works in it."""
    return render(request, "cases/home.html", {"staff": office_staff()})
