"""The office workspace's REST API: thin viewsets that check shapes, call a service or a selector,
and serialize. Roles are checked by the services and selectors (cases.permissions); errors
become HTTP answers in one place (cases.api.exceptions).

Objects are looked up in the commune's schema only (the host chose it), so an id of
another commune is simply not found (404).
"""

from __future__ import annotations

from typing import Any

from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from cases import selectors
from cases.api import filters
from cases.api import serializers as s
from cases.api.exceptions import fields_renamed
from cases.api.pagination import Pagination
from cases.errors import Conflict
from cases.models import Case, Category, IncomingTransfer, OutgoingTransfer, Person, Referral
from cases.permissions import Action, authorize
from cases.services import cases as case_services
from cases.services import people as people_services
from cases.services import referrals as referral_services
from cases.services import transfers
from jisr.accounts.models import User
from tenants.models import Commune

API_SEARCH_LIMIT = 50

ERRORS = {
    400: OpenApiResponse(description="Invalid data: `{field: [messages]}` or `{detail: message}`"),
    401: OpenApiResponse(description="Not signed in (no or unknown session or token)"),
    403: OpenApiResponse(description="The role does not allow this"),
    404: OpenApiResponse(description="No such object in this commune"),
}
CONFLICT = {409: OpenApiResponse(description="The case or referral is not in a state that allows this")}


class AnyAccept(DefaultContentNegotiation):
    """A download answers whatever the client accepts (`Accept: application/pdf`, ...); errors stay JSON."""

    def select_renderer(self, request: Request, renderers: Any, format_suffix: str | None = None) -> Any:
        return renderers[0], renderers[0].media_type


def _user(request: Request) -> User:
    user = request.user
    assert isinstance(user, User)  # IsAuthenticated let the request in
    return user


def _input(serializer_class: type[Any], request: Request, **kwargs: Any) -> dict[str, Any]:
    serializer = serializer_class(data=request.data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class _Base(viewsets.GenericViewSet[Any]):
    lookup_value_converter = "int"
    pagination_class: type[Pagination] | None = Pagination

    def _page(self, rows: Any, serializer_class: type[Any]) -> Response:
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(serializer_class(page, many=True).data)


# --- People ----------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="The visitor register",
        parameters=[filters.PersonListParams],
        responses={200: s.PersonSerializer(many=True), **ERRORS},
    ),
    create=extend_schema(
        summary="Register a person",
        request=s.PersonInputSerializer,
        responses={201: s.PersonDetailSerializer, **ERRORS},
    ),
    retrieve=extend_schema(
        summary="A person's record (the reading is audited)", responses={200: s.PersonDetailSerializer, **ERRORS}
    ),
    update=extend_schema(
        summary="Change a person's record",
        request=s.PersonInputSerializer,
        responses={200: s.PersonDetailSerializer, **ERRORS},
    ),
    partial_update=extend_schema(
        summary="Change some fields of a person's record",
        request=s.PersonInputSerializer,
        responses={200: s.PersonDetailSerializer, **ERRORS},
    ),
)
class PersonViewSet(_Base):
    queryset = Person.objects.none()  # for the schema's types; rows come from cases.selectors

    def list(self, request: Request) -> Response:
        query = filters.query_params(filters.PersonListParams, request).get("q", "").strip()
        if query:
            rows: Any = selectors.search_people(actor=_user(request), query=query, limit=API_SEARCH_LIMIT)
        else:
            rows = selectors.people(actor=_user(request)).order_by("-created_at", "-id")
        return self._page(rows, s.PersonSerializer)

    def create(self, request: Request) -> Response:
        data = _input(s.PersonInputSerializer, request)
        person = people_services.register_person(actor=_user(request), data=s.person_input(data))
        return Response(s.PersonDetailSerializer(person).data, status=status.HTTP_201_CREATED)

    def retrieve(self, request: Request, pk: int) -> Response:
        person = selectors.person_for_display(actor=_user(request), person_id=pk)
        return Response(s.PersonDetailSerializer(person).data)

    def update(self, request: Request, pk: int) -> Response:
        return self._update(request, pk, partial=False)

    def partial_update(self, request: Request, pk: int) -> Response:
        return self._update(request, pk, partial=True)

    def _update(self, request: Request, pk: int, *, partial: bool) -> Response:
        person = self._person(request, pk)
        data = _input(s.PersonInputSerializer, request, partial=partial)
        person = people_services.update_person(
            actor=_user(request), person=person, data=s.person_input(data, current=person if partial else None)
        )
        return Response(s.PersonDetailSerializer(person).data)

    def _person(self, request: Request, pk: int) -> Person:
        return selectors.people(actor=_user(request)).get(pk=pk)

    @extend_schema(
        summary="Record an identity document (stored encrypted)",
        request=s.DocumentInputSerializer,
        responses={201: s.DocumentSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def documents(self, request: Request, pk: int) -> Response:
        person = self._person(request, pk)
        data = _input(s.DocumentInputSerializer, request)
        document = people_services.add_identity_document(
            actor=_user(request), person=person, kind=data["kind"], number=data["number"]
        )
        return Response(s.DocumentSerializer(document).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Record the person's consent (Law 09.08)",
        request=s.ConsentInputSerializer,
        responses={201: s.ConsentSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def consents(self, request: Request, pk: int) -> Response:
        person = self._person(request, pk)
        data = _input(s.ConsentInputSerializer, request)
        consent = people_services.record_consent(
            actor=_user(request),
            person=person,
            purpose=data["purpose"],
            channel=data["channel"],
            given_on=data.get("given_on"),
        )
        return Response(s.ConsentSerializer(consent).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Link the person to another (e.g. widow of, heir of)",
        request=s.LinkInputSerializer,
        responses={201: s.LinkSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def links(self, request: Request, pk: int) -> Response:
        person = self._person(request, pk)
        data = _input(s.LinkInputSerializer, request)
        link = people_services.link_people(actor=_user(request), person=person, kind=data["kind"], other=data["other"])
        return Response(s.LinkSerializer(link).data, status=status.HTTP_201_CREATED)


# --- Cases -----------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Cases, filtered and ordered",
        parameters=[filters.CaseListParams],
        responses={200: s.CaseSerializer(many=True), **ERRORS},
    ),
    create=extend_schema(
        summary="Open a case", request=s.CaseCreateSerializer, responses={201: s.CaseDetailSerializer, **ERRORS}
    ),
    retrieve=extend_schema(
        summary="A case with its documents and referrals (the reading is audited)",
        responses={200: s.CaseDetailSerializer, **ERRORS},
    ),
    update=extend_schema(
        summary="Change a case's details",
        request=s.CaseInputSerializer,
        responses={200: s.CaseDetailSerializer, **ERRORS},
    ),
    partial_update=extend_schema(
        summary="Change some of a case's details",
        request=s.CaseInputSerializer,
        responses={200: s.CaseDetailSerializer, **ERRORS},
    ),
)
class CaseViewSet(_Base):
    queryset = Case.objects.none()  # for the schema's types; rows come from cases.selectors

    def list(self, request: Request) -> Response:
        case_filters, ordering = filters.case_filters(request)
        rows = selectors.cases(actor=_user(request), filters=case_filters)
        rows = rows.order_by(ordering, "-id") if ordering else rows.order_by("-created_at", "-id")
        return self._page(rows, s.CaseSerializer)

    def create(self, request: Request) -> Response:
        data = _input(s.CaseCreateSerializer, request)
        case = case_services.open_case(
            actor=_user(request),
            person=data["person"],
            kind=data["kind"],
            category=data["category"],
            channel=data["channel"],
            subject=data["subject"],
            description=data["description"],
            assigned_to=data.get("assigned_to"),
            campaigns=data.get("campaigns"),
            opened_on=data.get("opened_on"),
            answered_on=data.get("answered_on"),
            closed_on=data.get("closed_on"),
        )
        return Response(s.CaseDetailSerializer(case).data, status=status.HTTP_201_CREATED)

    def retrieve(self, request: Request, pk: int) -> Response:
        case = selectors.case_for_display(actor=_user(request), case_id=pk)
        return Response(s.CaseDetailSerializer(case).data)

    def update(self, request: Request, pk: int) -> Response:
        return self._update(request, pk, partial=False)

    def partial_update(self, request: Request, pk: int) -> Response:
        return self._update(request, pk, partial=True)

    def _update(self, request: Request, pk: int, *, partial: bool) -> Response:
        case = self._case(request, pk)
        data = _input(s.CaseInputSerializer, request, partial=partial)
        case = case_services.update_case(
            actor=_user(request),
            case=case,
            kind=data.get("kind", case.kind),
            category=data.get("category", case.category),
            channel=data.get("channel", case.channel),
            subject=data.get("subject", case.subject),
            description=data.get("description", case.description),
            campaigns=data["campaigns"] if "campaigns" in data else (list(case.campaigns.all()) if partial else []),
        )
        return Response(s.CaseDetailSerializer(case).data)

    def _case(self, request: Request, pk: int) -> Case:
        return selectors.cases(actor=_user(request)).get(pk=pk)

    @extend_schema(
        summary="Move the case along the workflow",
        request=s.TransitionSerializer,
        responses={200: s.CaseDetailSerializer, **ERRORS, **CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, pk: int) -> Response:
        case = self._case(request, pk)
        data = _input(s.TransitionSerializer, request)
        with fields_renamed({"status": "to_status"}):
            case = case_services.transition_case(
                actor=_user(request),
                case=case,
                to_status=data["to_status"],
                note=data["note"],
                expected_status=data["expected_status"],
            )
        return Response(s.CaseDetailSerializer(case).data)

    @extend_schema(
        summary="Answer the case and close it in one step (two moves on the timeline, both or neither)",
        request=s.AnswerAndCloseSerializer,
        responses={200: s.CaseDetailSerializer, **ERRORS, **CONFLICT},
    )
    @action(detail=True, methods=["post"], url_path="answer-and-close", url_name="answer-and-close")
    def answer_and_close(self, request: Request, pk: int) -> Response:
        case = self._case(request, pk)
        data = _input(s.AnswerAndCloseSerializer, request)
        case = case_services.answer_and_close(
            actor=_user(request), case=case, note=data["note"], expected_status=data["expected_status"]
        )
        return Response(s.CaseDetailSerializer(case).data)

    @extend_schema(
        summary="Assign the case to a staff member (or to nobody)",
        request=s.AssignSerializer,
        responses={200: s.CaseDetailSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, pk: int) -> Response:
        case = self._case(request, pk)
        data = _input(s.AssignSerializer, request)
        case = case_services.assign_case(actor=_user(request), case=case, assignee=data["assigned_to"])
        return Response(s.CaseDetailSerializer(case).data)

    @extend_schema(
        summary="Add a note to the timeline", request=s.NoteSerializer, responses={201: s.EventSerializer, **ERRORS}
    )
    @action(detail=True, methods=["post"])
    def notes(self, request: Request, pk: int) -> Response:
        case = self._case(request, pk)
        data = _input(s.NoteSerializer, request)
        event = case_services.add_note(actor=_user(request), case=case, body=data["body"], shareable=data["shareable"])
        return Response(s.EventSerializer(event).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Add a document (multipart/form-data, field `file`)",
        request={"multipart/form-data": s.AttachmentInputSerializer},
        responses={201: s.AttachmentSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def attachments(self, request: Request, pk: int) -> Response:
        case = self._case(request, pk)
        data = _input(s.AttachmentInputSerializer, request)
        attachment = case_services.add_attachment(actor=_user(request), case=case, upload=data["file"])
        return Response(s.AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Download a document of the case",
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, **ERRORS},
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="attachments/<int:attachment_id>",
        url_name="attachment",
        content_negotiation_class=AnyAccept,
    )
    def attachment(self, request: Request, pk: int, attachment_id: int) -> FileResponse:
        case = self._case(request, pk)
        attachment = case.attachments.get(pk=attachment_id)
        try:
            content = attachment.file.open("rb")
        except FileNotFoundError as error:
            raise NotFound() from error
        return FileResponse(
            content, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
        )

    @extend_schema(
        summary="The case's timeline, oldest first (the reading is audited)",
        responses={200: s.EventSerializer(many=True), **ERRORS},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def events(self, request: Request, pk: int) -> Response:
        case = selectors.case_for_display(actor=_user(request), case_id=pk)
        return Response(s.EventSerializer(case.events.all(), many=True).data)

    @extend_schema(
        summary="Refer the case to a service",
        request=s.ReferralInputSerializer,
        responses={201: s.ReferralSerializer, **ERRORS, **CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def referrals(self, request: Request, pk: int) -> Response:
        case = self._case(request, pk)
        return _refer(request, case, _input(s.ReferralInputSerializer, request))

    @extend_schema(
        summary="Transfer the case to another commune's office, with the person's consent (Law 09.08)",
        description=(
            "The receiving office sees a summary (category, subject, reason, note, the person's name) until it "
            "accepts; the case waits here, unchangeable, until that office answers or the transfer is cancelled."
        ),
        request=s.TransferInputSerializer,
        responses={201: s.OutgoingTransferSerializer, **ERRORS, **CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def transfer(self, request: Request, pk: int) -> Response:
        case = self._case(request, pk)
        data = _input(s.TransferInputSerializer, request)
        outgoing = transfers.propose_transfer(
            case=case,
            to_commune=Commune.objects.filter(pk=data["to_commune"]).first(),  # type: ignore[arg-type]
            reason=data["reason"],
            consent=data["consent"],
            note=data["note"],
            by=_user(request),
        )
        return Response(s.OutgoingTransferSerializer(outgoing).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Cancel the case's transfer that still waits for the other office's answer",
        request=None,
        responses={200: s.OutgoingTransferSerializer, **ERRORS, **CONFLICT},
    )
    @action(detail=True, methods=["post"], url_path="transfer/cancel", url_name="transfer-cancel")
    def transfer_cancel(self, request: Request, pk: int) -> Response:
        case = self._case(request, pk)
        authorize(_user(request), Action.TRANSFER_CASES)
        pending = transfers.outgoing_for(case).filter(status=OutgoingTransfer.Status.PENDING).first()
        if pending is None:
            raise Conflict(_("This transfer no longer waits for an answer: it was cancelled or answered meanwhile."))
        outgoing = transfers.cancel_transfer(outgoing=pending, by=_user(request))
        return Response(s.OutgoingTransferSerializer(outgoing).data)

    @extend_schema(
        summary="The case's transfers to other offices, newest first, with the outcome of one accepted",
        responses={200: s.OutgoingTransferSerializer(many=True), **ERRORS},
    )
    @action(detail=True, methods=["get"], url_path="transfers", url_name="transfers", pagination_class=None)
    def transfer_list(self, request: Request, pk: int) -> Response:
        case = self._case(request, pk)
        return Response(s.OutgoingTransferSerializer(transfers.outgoing_for(case), many=True).data)


def _refer(request: Request, case: Case, data: dict[str, Any]) -> Response:
    referral = referral_services.refer_case(
        actor=_user(request),
        case=case,
        purpose=data["purpose"],
        regional_service=data.get("regional_service"),
        local_service=data.get("local_service"),
        consent_override_reason=data["consent_override_reason"],
        remind_after_days=data["remind_after_days"],
    )
    referral = selectors.referrals(actor=_user(request)).get(pk=referral.pk)
    return Response(s.ReferralSerializer(referral).data, status=status.HTTP_201_CREATED)


# --- Referrals -------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Referrals, newest first",
        parameters=[filters.ReferralListParams],
        responses={200: s.ReferralSerializer(many=True), **ERRORS},
    ),
    create=extend_schema(
        summary="Refer a case to a service",
        request=s.ReferralCreateSerializer,
        responses={201: s.ReferralSerializer, **ERRORS, **CONFLICT},
    ),
    retrieve=extend_schema(summary="A referral", responses={200: s.ReferralSerializer, **ERRORS}),
)
class ReferralViewSet(_Base):
    queryset = Referral.objects.none()  # for the schema's types; rows come from cases.selectors

    def list(self, request: Request) -> Response:
        params = filters.query_params(filters.ReferralListParams, request)
        rows = selectors.referrals(actor=_user(request), case_id=params.get("case"), outcome=params.get("outcome", ""))
        return self._page(rows, s.ReferralSerializer)

    def create(self, request: Request) -> Response:
        data = _input(s.ReferralCreateSerializer, request)
        return _refer(request, data.pop("case"), data)

    def retrieve(self, request: Request, pk: int) -> Response:
        return Response(s.ReferralSerializer(selectors.referrals(actor=_user(request)).get(pk=pk)).data)

    @extend_schema(
        summary="Record what the service did",
        request=s.OutcomeSerializer,
        responses={200: s.ReferralSerializer, **ERRORS, **CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def outcome(self, request: Request, pk: int) -> Response:
        referral = selectors.referrals(actor=_user(request)).get(pk=pk)
        data = _input(s.OutcomeSerializer, request)
        referral_services.record_outcome(
            actor=_user(request),
            referral=referral,
            outcome=data["outcome"],
            note=data["note"],
            on=data.get("on"),
            close_case=data["close_case"],
        )
        return Response(s.ReferralSerializer(selectors.referrals(actor=_user(request)).get(pk=pk)).data)


# --- Transfers from other offices ---------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Cases other offices sent to this one, waiting for its answer, oldest first (a summary each)",
        responses={200: s.IncomingTransferSerializer(many=True), **ERRORS},
    ),
    retrieve=extend_schema(
        summary="A transfer waiting for this office's answer: the summary, nothing more",
        responses={200: s.IncomingTransferSerializer, **ERRORS},
    ),
)
class IncomingTransferViewSet(_Base):
    """Office head and agents only; ids are this office's: another commune's transfer is a 404 here."""

    queryset = IncomingTransfer.objects.none()  # for the schema's types; rows come from cases.selectors

    def _waiting(self, request: Request) -> Any:
        return selectors.incoming_transfers(actor=_user(request))

    def list(self, request: Request) -> Response:
        return self._page(self._waiting(request), s.IncomingTransferSerializer)

    def retrieve(self, request: Request, pk: int) -> Response:
        return Response(s.IncomingTransferSerializer(self._waiting(request).get(pk=pk)).data)

    @extend_schema(
        summary="Accept the case: it is written here with this office's reference, and returned",
        request=s.AcceptInputSerializer,
        responses={201: s.CaseDetailSerializer, **ERRORS, **CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: int) -> Response:
        incoming = self._answerable(request, pk)
        data = _input(s.AcceptInputSerializer, request)
        case = transfers.accept_transfer(incoming=incoming, by=_user(request), category=data["category"])
        case = selectors.case_for_display(actor=_user(request), case_id=case.pk)
        return Response(s.CaseDetailSerializer(case).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Decline the case: the reason goes back to the sending office, nothing of the person stays here",
        request=s.DeclineInputSerializer,
        responses={204: None, **ERRORS, **CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: int) -> Response:
        incoming = self._answerable(request, pk)
        data = _input(s.DeclineInputSerializer, request)
        transfers.decline_transfer(incoming=incoming, reason=data["reason"], by=_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _answerable(self, request: Request, pk: int) -> IncomingTransfer:
        """A transfer of this office's: waiting (or already accepted, which the service answers with a 409)."""
        authorize(_user(request), Action.TRANSFER_CASES)
        return IncomingTransfer.objects.get(pk=pk)


@extend_schema_view(
    list=extend_schema(
        summary="The communes a case may be transferred to: those of this office's networks first",
        responses={200: s.ReceivingCommuneSerializer(many=True), **ERRORS},
    )
)
class ReceivingCommuneViewSet(_Base):
    pagination_class = None

    def list(self, request: Request) -> Response:
        authorize(_user(request), Action.TRANSFER_CASES)
        offices = selectors.receiving_offices()
        rows = [
            {"id": commune.pk, "name": commune.name, "in_network": commune in offices.in_networks}
            for commune in offices.all
        ]
        return Response(s.ReceivingCommuneSerializer(rows, many=True).data)


# --- Reference data ----------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="The directory of services: the network's (regional) and the office's own (local)",
        parameters=[filters.ServiceListParams],
        responses={200: s.DirectoryEntrySerializer(many=True), **ERRORS},
    )
)
class ServiceDirectoryViewSet(_Base):
    def list(self, request: Request) -> Response:
        params = filters.query_params(filters.ServiceListParams, request)
        entries = selectors.service_directory(
            actor=_user(request),
            scope=params.get("scope", ""),
            kind=params.get("kind", ""),
            query=params.get("q", ""),
        )
        return self._page(entries, s.DirectoryEntrySerializer)


@extend_schema_view(
    list=extend_schema(summary="Categories of cases in use", responses={200: s.CategorySerializer(many=True)})
)
class CategoryViewSet(_Base):
    queryset = Category.objects.none()  # for the schema's types; rows come from cases.selectors
    pagination_class = None

    def list(self, request: Request) -> Response:
        return Response(s.CategorySerializer(selectors.active_categories(), many=True).data)
