"""The referral slip as a PDF for the office, and the public page that checks a slip by its code."""

from __future__ import annotations

from typing import cast

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from cases import ratelimit
from cases import slip as slips
from cases.portal import lockout
from cases.views.common import office_view
from jisr.accounts.models import User
from jisr.languages import public_page

# Wrong codes one connection may type before it waits, then growing waits: 1 minute, 2, 4, ... at most an
# hour. Enough for the typos of a whole service desk behind one address, far too few to guess a code (31
# letters, 10 places: 50 bits). A right code goes ahead while the connection has free tries, and its
# wrong codes are forgotten a day after the last. Counted in the commune's cache, so per office.
BY_ADDRESS = ratelimit.Backoff("slip:address", free=20, first=60, longest=60 * 60)


@office_view
@require_safe
def referral_slip(request: HttpRequest, pk: int, referral_id: int) -> HttpResponse:
    """The slip to print and hand to the person; its printing is in the audit log."""
    referral = slips.referral_for_slip(actor=cast(User, request.user), case_id=pk, referral_id=referral_id)
    response = HttpResponse(slips.render_referral_slip(referral), content_type="application/pdf")
    filename = f"{referral.case.reference}-{referral.verification_code}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"  # it carries a person's name
    return response


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=40,
        help_text=_("As printed on the slip, e.g. ABCDE-FGHJK."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )
    reference = forms.CharField(
        label=_("Case reference (optional)"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


@public_page
@require_safe
def verify(request: HttpRequest) -> HttpResponse:
    """Anyone holding a slip can check that this office issued it; nothing about the person is shown."""
    form = VerifyForm(request.GET if "code" in request.GET else None)
    context: dict[str, object] = {"form": form}
    if not form.is_bound:
        return render(request, "cases/verify.html", context)
    if not form.is_valid():
        return render(request, "cases/verify.html", context | {"checked": False}, status=400)
    address = lockout.network(ratelimit.client_address(request))  # an IPv6 host as its /64
    attempt = BY_ADDRESS.start(address)
    if attempt is None:
        context["wait_minutes"] = ratelimit.minutes(BY_ADDRESS.wait(address) or BY_ADDRESS.first)
        return render(request, "cases/verify.html", context, status=429)
    found = slips.check_slip(code=form.cleaned_data["code"], reference=form.cleaned_data["reference"])
    if found is None:
        attempt.failed()
        if wait := BY_ADDRESS.wait(address):
            context["wait_minutes"] = ratelimit.minutes(wait)
    else:
        attempt.succeeded()
    return render(request, "cases/verify.html", context | {"checked": True, "found": found})
