from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from jisr.accounts import selectors, services
from jisr.accounts.forms import AcceptInvitationForm, ApiTokenForm
from jisr.accounts.models import PLATFORM_ROLES, User


@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.usable_invitation(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    form = AcceptInvitationForm(request.POST or None, initial={"full_name": invitation.full_name})
    if request.method == "POST" and form.is_valid():
        try:
            user = services.accept_invitation(
                token=token,
                password=form.cleaned_data["password1"],
                full_name=form.cleaned_data["full_name"],
                language=translation.get_language() or "fr",
            )
        except services.AccountError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error.messages)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("home")
    return render(request, "accounts/accept_invitation.html", {"form": form, "invitation": invitation})


def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, which also remembers the choice on the signed-in person's account."""
    response = i18n.set_language(request)
    language = request.POST.get("language", "")
    if request.method == "POST" and request.user.is_authenticated and translation.check_for_language(language):
        services.remember_language(request.user, language)
    return response


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def api_token(request: HttpRequest) -> HttpResponse:
    """A platform account's token for the regional API, on the bare domain: whether it has one, a new one, none.

    The key is shown once, in the answer to the POST that made it, never on a later visit: the page is not the
    place to read it again from (the API's sign-in gives the same key to a script that has the credentials).
    Sign-in and the second factor are enforced as on every page (login_required, RequireMFAMiddleware).
    """
    user = cast(User, request.user)
    if user.role not in PLATFORM_ROLES:
        raise PermissionDenied
    new_key = ""
    if request.method == "POST":
        form = ApiTokenForm(request.POST)
        if not form.is_valid():
            return HttpResponseBadRequest()
        if form.cleaned_data["action"] == "revoke":
            services.revoke_api_token(user=user)
            messages.success(request, _("Your API token is revoked: scripts that used it are refused from now on."))
            return redirect("api_token")
        new_key = services.replace_api_token(user=user).key
    return render(request, "accounts/api_token.html", {"token": selectors.api_token_of(user), "new_key": new_key})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def sign_in_address(request: HttpRequest) -> HttpResponse:
    """In place of allauth's address book: the address a person signs in with is the one they were invited at.

    allauth's page would let anyone holding a session add or swap the sign-in address with no proof, and merely
    opening it recorded the address as unproven. Here it is shown, and who changes it is said; a POST changes
    nothing.
    """
    user = cast(User, request.user)
    status = 405 if request.method == "POST" else 200
    return render(request, "accounts/sign_in_address.html", {"account": user}, status=status)
