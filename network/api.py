"""Memberships of networks in the regional API: /api/regional/networks/<code>/memberships/.

Readers are those of the pages (network.selectors): operators every network, coordinators and funders
those in their scope; a network outside it is a 404, as one that does not exist. Only operators add a
commune or end a membership, through the same services as the pages (network.services), which check the
dates and record who changed what. Domain errors become 400 `{field: [messages]}` in
cases.api.exceptions, the project's one handler.
"""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.api.pagination import Pagination
from network import selectors, services
from network.models import Membership, Network
from tenants.models import Commune


class OperatorsChange(BasePermission):
    """Platform accounts read; operators alone change (checked again by the services)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in SAFE_METHODS:
            return selectors.reads_memberships(request.user)
        return selectors.changes_memberships(request.user)


class MemberCommuneSerializer(serializers.ModelSerializer[Commune]):
    class Meta:
        model = Commune
        fields = ("slug", "name_ar", "name_fr", "name_en", "name_tzm")


class MembershipSerializer(serializers.ModelSerializer[Membership]):
    commune = MemberCommuneSerializer(read_only=True)
    left_on = serializers.DateField(
        allow_null=True, help_text="The first day the commune is no longer a member; null while it is one."
    )

    class Meta:
        model = Membership
        fields = ("id", "commune", "joined_on", "left_on")


class JoinSerializer(serializers.Serializer[Any]):
    commune = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Commune.objects.filter(status=Commune.Status.ACTIVE),
        help_text="The commune's code (slug).",
    )
    joined_on = serializers.DateField(help_text="The first day the commune is a member, YYYY-MM-DD.")


class MembershipDatesSerializer(serializers.Serializer[Any]):
    joined_on = serializers.DateField(required=False, help_text="A corrected first day, YYYY-MM-DD.")
    left_on = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="The first day the commune is no longer a member, YYYY-MM-DD; null: it still is (a correction).",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs:
            raise serializers.ValidationError(_("Send left_on, joined_on or both."))
        return attrs


READING = {
    401: OpenApiResponse(description="Not signed in"),
    403: OpenApiResponse(description="Not a platform account"),
    404: OpenApiResponse(description="No such network or membership in the account's scope"),
}
CHANGING = {
    400: OpenApiResponse(
        description="`{field: [messages]}`: an unknown commune, a date before 2000 or more than a year ahead, an "
        "end not after the start, or a period that overlaps another membership of the commune in this network"
    ),
    401: OpenApiResponse(description="Not signed in"),
    403: OpenApiResponse(description="Not an operator"),
    404: OpenApiResponse(description="No such network or membership"),
}


def _network(request: Request, code: str) -> Network:
    return get_object_or_404(selectors.networks_for(request.user), code=code)


class MembershipList(generics.ListAPIView[Membership]):
    """A network's memberships, past and present; an operator adds a commune with POST."""

    permission_classes = [IsAuthenticated, OperatorsChange]
    serializer_class = MembershipSerializer
    pagination_class = Pagination

    def get_queryset(self) -> Any:
        return selectors.memberships_of(self.request.user, _network(self.request, self.kwargs["code"]))

    @extend_schema(
        summary="A network's memberships with their history (each commune's past memberships too)",
        responses={200: MembershipSerializer(many=True), **READING},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Add a commune to a network from a day (operators)",
        request=JoinSerializer,
        responses={201: MembershipSerializer, **CHANGING},
    )
    def post(self, request: Request, code: str) -> Response:
        network = _network(request, code)
        data = JoinSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        membership = services.join_network(by=request.user, network=network, **data.validated_data)  # type: ignore[arg-type]
        return Response(MembershipSerializer(membership).data, status=status.HTTP_201_CREATED)


class MembershipDetail(APIView):
    """One membership: read it; an operator ends it or corrects its dates with PATCH (never deletes it)."""

    permission_classes = [IsAuthenticated, OperatorsChange]

    def _membership(self, request: Request, code: str, pk: int) -> Membership:
        return get_object_or_404(selectors.memberships_of(request.user, _network(request, code)), pk=pk)

    @extend_schema(
        summary="One membership of a network",
        responses={200: MembershipSerializer, **READING},
    )
    def get(self, request: Request, code: str, pk: int) -> Response:
        return Response(MembershipSerializer(self._membership(request, code, pk)).data)

    @extend_schema(
        summary="End a membership, or correct its dates (operators)",
        description=(
            "`{left_on}` on a running membership ends it: the commune stays in the network's history, counted "
            "until the day before. Anything else corrects dates that were entered wrong (`left_on: null` opens "
            "an ended membership again). Memberships are never deleted; each change is recorded with its author."
        ),
        request=MembershipDatesSerializer,
        responses={200: MembershipSerializer, **CHANGING},
    )
    def patch(self, request: Request, code: str, pk: int) -> Response:
        membership = self._membership(request, code, pk)
        data = MembershipDatesSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        change = data.validated_data
        if membership.left_on is None and set(change) == {"left_on"} and change["left_on"] is not None:
            membership = services.leave_network(by=request.user, membership=membership, left_on=change["left_on"])  # type: ignore[arg-type]
        else:
            membership = services.correct_membership(
                by=request.user,  # type: ignore[arg-type]
                membership=membership,
                joined_on=change.get("joined_on", membership.joined_on),
                left_on=change.get("left_on", membership.left_on),
            )
        return Response(MembershipSerializer(membership).data)
