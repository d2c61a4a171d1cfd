"""The office's public pages: who we are, make a request, track it, say how it went. No account."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_safe

from cases import ratelimit
from cases.errors import CaseError
from cases.forms import service_errors
from cases.portal import lockout, selectors, services
from cases.portal.forms import OneTimeCodeForm, RequestForm, SurveyForm, TrackForm
from jisr.languages import public_page
from tenants.selectors import current_commune

ONE_TIME_WINDOW_SECONDS = 10 * 60
ONE_TIME_CODES_PER_WINDOW = 3
# Beyond this the body is not even read: the files alone may come to 25 MB.
MAX_REQUEST_BYTES = services.MAX_TOTAL_BYTES + 1024 * 1024


@public_page
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    commune = current_commune()
    if commune is None:
        raise Http404
    return render(
        request,
        "portal/home.html",
        {"section": "home", "office": selectors.office(commune), "duty": selectors.duty_now()},
    )


@public_page
@require_http_methods(["GET", "HEAD", "POST"])
def make_request(request: HttpRequest) -> HttpResponse:
    context: dict[str, object] = {"section": "request"}
    if request.method != "POST":
        return render(request, "portal/request.html", context | {"form": RequestForm()})
    key = f"portal:submissions:{ratelimit.client_address(request)}"
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_REQUEST_BYTES:
        return render(request, "portal/request.html", context | {"form": RequestForm(), "too_large": True}, status=413)
    form = RequestForm(request.POST, request.FILES)
    if ratelimit.limited(key, settings.PORTAL_SUBMISSIONS_PER_HOUR):
        return render(request, "portal/request.html", context | {"form": form, "limited": True}, status=429)
    if request.POST.get("website"):  # a robot: it is told all went well, and nothing is kept
        ratelimit.count(key, 60 * 60)
        return render(request, "portal/request_done.html", context)
    if form.is_valid():
        data = form.cleaned_data
        try:
            submitted = services.submit_request(
                data=services.RequestInput(
                    category=data["category"],
                    description=data["description"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    email=data["email"],
                    phone=data["phone"],
                    residence_country=data["residence_country"],
                    preferred_language=data["preferred_language"],
                    consent=data["consent"],
                    notify_by=data["notify_by"],
                ),
                files=data["attachments"],
            )
        except CaseError as error:
            service_errors(form, error)
        else:
            ratelimit.count(key, 60 * 60)
            response = render(
                request,
                "portal/request_done.html",
                context | {"reference": submitted.case.reference, "code": services.format_code(submitted.code)},
            )
            response["Cache-Control"] = "private, no-store"  # it carries the tracking code
            return response
    return render(request, "portal/request.html", context | {"form": form}, status=400)


# The tracking page has two forms with a "reference" field: ids of their own, so each label names its field.
ONE_TIME_IDS = "id_one_time_%s"


@public_page
@require_http_methods(["GET", "HEAD", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """Reference + code → where the request stands. A wrong pair says nothing about the reference.

    After a wrong code the form keeps the reference and is emptied of the code (a secret is not
    written back into the page), and says so. Wrong codes lock out the reference being guessed,
    with growing delays (cases.portal.lockout), never a whole connection.
    """
    context: dict[str, object] = {"section": "track"}
    reference = request.GET.get("reference", "")[:30]
    one_time_form = OneTimeCodeForm(initial={"reference": reference}, auto_id=ONE_TIME_IDS)
    if request.method != "POST":
        form = TrackForm(initial={"reference": reference})
        return render(request, "portal/track.html", context | {"form": form, "one_time_form": one_time_form})
    if request.POST.get("action") == "send_code":
        return _send_one_time_code(request, context)
    form = TrackForm(request.POST)
    one_time_form = OneTimeCodeForm(initial={"reference": request.POST.get("reference")}, auto_id=ONE_TIME_IDS)
    context |= {"form": form, "one_time_form": one_time_form}
    if not form.is_valid():
        return render(request, "portal/track.html", context, status=400)
    typed = form.cleaned_data["reference"]
    guard = lockout.Guard.of(reference=services.normalize_reference(typed), address=ratelimit.client_address(request))
    tries = guard.start()
    if tries is None:
        context |= {"form": _code_cleared(typed), "wait_minutes": ratelimit.minutes(guard.wait())}
        return render(request, "portal/track.html", context, status=429)
    found = services.track(reference=typed, code=form.cleaned_data["code"])
    if found is None:
        tries.failed()
        wait = guard.wait()
        context |= {"form": _code_cleared(typed), "not_found": True}
        if wait:
            context["wait_minutes"] = ratelimit.minutes(wait)
        return render(request, "portal/track.html", context, status=200)
    tries.succeeded()
    response = render(request, "portal/track.html", context | {"found": found})
    response["Cache-Control"] = "private, no-store"
    return response


def _code_cleared(reference: str) -> TrackForm:
    """The tracking form again with the reference typed, the code to type anew (the cursor is there)."""
    form = TrackForm(initial={"reference": reference})
    form.fields["code"].widget.attrs["autofocus"] = True
    return form


def _send_one_time_code(request: HttpRequest, context: dict[str, object]) -> HttpResponse:
    one_time_form = OneTimeCodeForm(request.POST, auto_id=ONE_TIME_IDS)
    form = TrackForm(initial={"reference": request.POST.get("reference", "")[:30]})
    context |= {"form": form, "one_time_form": one_time_form}
    key = f"portal:one-time:{ratelimit.client_address(request)}"
    if ratelimit.limited(key, ONE_TIME_CODES_PER_WINDOW):
        return render(request, "portal/track.html", context | {"limited": True}, status=429)
    if not one_time_form.is_valid():
        return render(request, "portal/track.html", context, status=400)
    ratelimit.count(key, ONE_TIME_WINDOW_SECONDS)
    services.send_one_time_code(reference=one_time_form.cleaned_data["reference"])
    return render(request, "portal/track.html", context | {"code_sent": True})


@public_page
@require_http_methods(["GET", "HEAD", "POST"])
def survey(request: HttpRequest, token: str) -> HttpResponse:
    found = services.survey_for_token(token)
    context: dict[str, object] = {"section": "track"}
    if found is None:
        return render(request, "portal/survey.html", context | {"invalid": True}, status=404)
    if found.answered_at is not None:
        return render(request, "portal/survey.html", context | {"answered": True})
    form = SurveyForm(request.POST if request.method == "POST" else None)
    context |= {"form": form, "reference": found.case.reference}
    if request.method == "POST":
        if form.is_valid():
            try:
                services.answer_survey(
                    token=token, score=form.cleaned_data["score"], comment=form.cleaned_data["comment"]
                )
            except CaseError as error:
                service_errors(form, error)
            else:
                return render(request, "portal/survey.html", context | {"thanks": True})
        return render(request, "portal/survey.html", context, status=400)
    return render(request, "portal/survey.html", context)
