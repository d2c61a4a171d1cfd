"""The regional layer's API, under /api/regional/ on the platform's bare domain.

The same figures as the pages, through the same code: networks in the account's scope
(network.selectors), the comparison of `views.compared` (same form, same access rules, same
disclosure control), the open-data lines of `opendata.rows_for` (public, like the files).
Authentication as for the office API (settings.REST_FRAMEWORK): a session of the platform's pages
or `Authorization: Token <key>`; here tokens are those of platform accounts, in the public schema.
"""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from analytics import disclosure, labels, opendata
from analytics.disclosure import PublishedTable
from analytics.exports import method_note
from analytics.selectors import Comparison
from analytics.views import compared
from cases.api.pagination import Pagination
from network import selectors as network_selectors
from network.models import Network, Programme
from tenants.models import Commune


class CommuneSerializer(serializers.ModelSerializer[Commune]):
    class Meta:
        model = Commune
        fields = ("slug", "name_ar", "name_fr", "name_en", "name_tzm")


class ProgrammeSerializer(serializers.ModelSerializer[Programme]):
    class Meta:
        model = Programme
        fields = ("code", "name_ar", "name_fr", "name_en")


class NetworkSerializer(serializers.ModelSerializer[Network]):
    programme = ProgrammeSerializer(allow_null=True)
    communes = serializers.SerializerMethodField()

    class Meta:
        model = Network
        fields = ("code", "name_ar", "name_fr", "name_en", "kind", "programme", "communes")

    @extend_schema_field(CommuneSerializer(many=True))
    def get_communes(self, network: Network) -> list[dict[str, Any]]:
        """Its member communes today: names and codes, nothing about anybody."""
        return list(CommuneSerializer(network_selectors.members_of(network).order_by("name_fr"), many=True).data)


class NetworkList(generics.ListAPIView[Network]):
    """The networks the account follows: all for an operator, its own for a coordinator, its
    programmes' for a funder, none for anybody else."""

    serializer_class = NetworkSerializer
    pagination_class = Pagination

    def get_queryset(self) -> Any:
        return network_selectors.networks_for(self.request.user).select_related("programme").order_by("name_fr")

    @extend_schema(summary="Networks in the account's scope, with their member communes")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class ComparisonRowSerializer(serializers.Serializer[Any]):
    commune = serializers.CharField(help_text="The commune's code (slug).")
    name = serializers.CharField()
    received = serializers.IntegerField(allow_null=True)
    answered = serializers.IntegerField(allow_null=True)
    answered_share = serializers.FloatField(allow_null=True, help_text="From 0 to 1.")
    median_days = serializers.FloatField(allow_null=True)
    referred = serializers.IntegerField(allow_null=True)
    referrals_answered_share = serializers.FloatField(allow_null=True)
    women_share = serializers.FloatField(allow_null=True)
    satisfaction = serializers.FloatField(allow_null=True, help_text="Mean score out of 5.")
    transferred_in = serializers.IntegerField(
        allow_null=True,
        help_text="Cases another commune's office handed to this one, in the month it accepted them (channel "
        "`transferred`; also among `received`).",
    )
    transferred_out = serializers.IntegerField(
        allow_null=True,
        help_text="Cases of the period this office handed to another commune's office (status `transferred`).",
    )


class SeriesSerializer(serializers.Serializer[Any]):
    commune = serializers.CharField()
    values = serializers.ListField(child=serializers.IntegerField(allow_null=True))


class CountSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()
    count = serializers.IntegerField(allow_null=True)


class DisclosureSerializer(serializers.Serializer[Any]):
    method = serializers.CharField(help_text="`cell key`: every count carries a perturbation of at most `maximum`.")
    table_version = serializers.CharField(help_text="The perturbation table's version.")
    maximum = serializers.IntegerField(help_text="D: no published count of one calendar block is further off.")
    minimum_base = serializers.IntegerField(help_text="Shares, medians and means rest on at least this many.")
    blocks = serializers.ListField(
        child=serializers.CharField(),
        help_text="The period's calendar blocks (YYYY-MM..YYYY-MM): each count is the sum of its blocks' counts.",
    )
    note = serializers.CharField()


class ComparisonSerializer(serializers.Serializer[Any]):
    network = serializers.CharField()
    first = serializers.CharField(help_text="YYYY-MM")
    last = serializers.CharField(help_text="YYYY-MM")
    disclosure = DisclosureSerializer()
    absent = serializers.ListField(
        child=serializers.CharField(),
        help_text="The figures a category or channel filter cannot follow: null in this answer, whatever the data.",
    )
    months = serializers.ListField(child=serializers.CharField())
    rows = ComparisonRowSerializer(many=True)
    trend = SeriesSerializer(many=True)
    countries = CountSerializer(many=True, allow_null=True, help_text="null when `absent` lists it.")
    generations = CountSerializer(many=True, allow_null=True, help_text="null when `absent` lists it.")


def _counts(table: PublishedTable | None, name: Any) -> list[dict[str, Any]] | None:
    if table is None:  # absent (a filter it cannot follow): null, never an empty list that reads as nobody
        return None
    row = table.rows[0]
    return [{"code": str(code), "name": name(code), "count": table.cells[row, code]} for code in table.columns]


def disclosure_data(result: Comparison) -> dict[str, Any]:
    parameters = disclosure.table().parameters
    return {
        "method": "cell key",
        "table_version": parameters.version,
        "maximum": parameters.maximum,
        "minimum_base": disclosure.MIN_BASE,
        "blocks": [f"{first:%Y-%m}..{last:%Y-%m}" for first, last in result.blocks],
        "note": method_note(result),
    }


def comparison_data(network_code: str, result: Comparison) -> dict[str, Any]:
    """The comparison as plain data, in the shape of ComparisonSerializer ("all": every network of the account)."""
    return {
        "network": network_code,
        "first": f"{result.months[0]:%Y-%m}" if result.months else "",
        "last": f"{result.months[-1]:%Y-%m}" if result.months else "",
        "disclosure": disclosure_data(result),
        "absent": list(result.absent),
        "months": [f"{month:%Y-%m}" for month in result.months],
        "rows": [
            {
                "commune": row.commune.slug or "",
                "name": row.commune.name,
                "received": row.received,
                "answered": row.answered,
                "answered_share": row.answered_share,
                "median_days": row.median_days,
                "referred": row.referred,
                "referrals_answered_share": row.referrals_answered_share,
                "women_share": row.women_share,
                "satisfaction": row.satisfaction,
                "transferred_in": row.transferred_in,
                "transferred_out": row.transferred_out,
            }
            for row in result.rows
        ],
        "trend": [{"commune": row.commune.slug or "", "values": result.trend[row.commune.name]} for row in result.rows],
        "countries": _counts(result.countries, labels.country_name),
        "generations": _counts(result.generations, labels.generation_name),
    }


class ComparisonView(APIView):
    @extend_schema(
        summary="The communes of a network side by side, every count published by the cell key method",
        parameters=[
            OpenApiParameter(
                "network", str, description="A network's code; the account's first by default; empty: all its networks."
            ),
            OpenApiParameter("first", str, description="First month, YYYY-MM (twelve months back by default)."),
            OpenApiParameter("last", str, description="Last month, YYYY-MM (this month by default); 36 at most."),
            OpenApiParameter("category", str, description="A case category's code."),
            OpenApiParameter("channel", str, description="A channel's code."),
        ],
        responses={
            200: ComparisonSerializer,
            400: OpenApiResponse(description="`{field: [messages]}`: a filter is not valid, or not the account's"),
            401: OpenApiResponse(description="Not signed in"),
            403: OpenApiResponse(description="The account does not compare communes (funders, for one)"),
        },
    )
    def get(self, request: Request) -> Response:
        outcome = compared(request.user, request.query_params)
        if outcome.result is None:
            errors = outcome.form.errors.get_json_data()
            raise ValidationError(
                {field: [error["message"] for error in messages] for field, messages in errors.items()}
            )
        return Response(ComparisonSerializer(comparison_data(outcome.code, outcome.result)).data)


class OpenDataRowSerializer(serializers.Serializer[Any]):
    commune = serializers.CharField()
    commune_name_fr = serializers.CharField()
    commune_name_ar = serializers.CharField()
    month = serializers.CharField(help_text="YYYY-MM")
    theme = serializers.CharField()
    dimension = serializers.CharField()
    value = serializers.CharField()
    count = serializers.IntegerField(help_text="Published by the cell key method (see the file's dictionary).")


class OpenDataView(generics.ListAPIView[Any]):
    """Public: the lines of a network's open-data file (see /regional/open-data/ for the dictionary)."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    serializer_class = OpenDataRowSerializer
    pagination_class = Pagination

    def get_queryset(self) -> Any:
        """The file's lines, as dicts: a list pages as well as a queryset."""
        network = get_object_or_404(Network, code=self.kwargs["code"])
        return [row.as_dict() for row in opendata.rows_for(network)]

    @extend_schema(
        summary="A network's open data, one line per commune, month, theme and value, every count perturbed",
        description=(
            "Public. Every answer carries the open data's licence as a header, "
            '`Link: <licence URL>; rel="license"` (the Open Database License unless the platform sets another).'
        ),
        auth=[],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().get(request, *args, **kwargs)
        response["Link"] = opendata.licence_link()
        return response
