"""Query parameters of the list endpoints: checked for their shape, then handed to the selectors.

A malformed parameter (a date that is not a date, an unknown ordering, ...)
is a 400 naming the parameter, never a 500 and never silently ignored.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.request import Request

from cases.models import Case, Referral
from cases.selectors import CaseFilters

CASE_ORDERINGS = ("opened_on", "due_on", "reference", "updated_at")


class PersonListParams(serializers.Serializer[Any]):
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=100,
        help_text=_("A name in Latin or Arabic script, a phone number or an identity number: the 50 best matches."),
    )


class CaseListParams(serializers.Serializer[Any]):
    status = serializers.ChoiceField(
        choices=[("open", _("open (new, in progress or waiting)")), *Case.Status.choices],
        required=False,
        allow_blank=True,
    )
    category = serializers.SlugField(required=False, allow_blank=True, max_length=40, help_text=_("category code"))
    channel = serializers.ChoiceField(choices=Case.Channel.choices, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=Case.Kind.choices, required=False, allow_blank=True)
    assigned = serializers.RegexField(
        r"^(me|none|\d{1,18})$",
        required=False,
        allow_blank=True,
        help_text=_("“me”, “none” (nobody), or a staff member's id"),
    )
    overdue = serializers.BooleanField(required=False, default=False, help_text=_("open cases past their due date"))
    campaign = serializers.IntegerField(required=False, min_value=1, help_text=_("campaign id"))
    q = serializers.CharField(
        required=False, allow_blank=True, max_length=100, help_text=_("reference, words of the subject, a name")
    )
    opened_from = serializers.DateField(required=False, help_text=_("opened on or after (YYYY-MM-DD)"))
    opened_to = serializers.DateField(required=False, help_text=_("opened on or before (YYYY-MM-DD)"))
    ordering = serializers.ChoiceField(
        choices=[value for name in CASE_ORDERINGS for value in (name, f"-{name}")],
        required=False,
        help_text=_("sort by this field; a leading “-” sorts in descending order. Default: newest first"),
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start, end = attrs.get("opened_from"), attrs.get("opened_to")
        if start and end and end < start:
            raise serializers.ValidationError({"opened_to": [_("This date is before “opened from”.")]})
        return attrs


def case_filters(request: Request) -> tuple[CaseFilters, str]:
    """The selector's filters and the ordering asked for in the query string (400 if malformed)."""
    data = query_params(CaseListParams, request)
    filters = CaseFilters(
        status=data.get("status", ""),
        category=data.get("category", ""),
        channel=data.get("channel", ""),
        kind=data.get("kind", ""),
        assigned=data.get("assigned", ""),
        overdue=data.get("overdue", False),
        campaign=str(data.get("campaign", "")),
        query=data.get("q", ""),
        opened_from=data.get("opened_from"),
        opened_to=data.get("opened_to"),
    )
    return filters, data.get("ordering", "")


class ReferralListParams(serializers.Serializer[Any]):
    case = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1, help_text=_("case id"))
    outcome = serializers.ChoiceField(choices=Referral.Outcome.choices, required=False, allow_blank=True)


class ServiceListParams(serializers.Serializer[Any]):
    scope = serializers.ChoiceField(
        choices=[("regional", _("the network's directory")), ("local", _("the office's own directory"))],
        required=False,
        allow_blank=True,
    )
    kind = serializers.CharField(required=False, allow_blank=True, max_length=30)
    q = serializers.CharField(required=False, allow_blank=True, max_length=100, help_text=_("words of the name"))


def query_params(serializer_class: type[serializers.Serializer[Any]], request: Request) -> dict[str, Any]:
    params = serializer_class(data=request.query_params)
    params.is_valid(raise_exception=True)
    return dict(params.validated_data)
