"""Pages of the regional layer, on the bare platform domain: its home, and the networks with their members."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cases.forms import submit
from network import selectors, services
from network.forms import CorrectionForm, JoinForm, LeaveForm
from network.models import Membership, Network
from tenants.selectors import public_communes, site_url_for_commune


def home(request: HttpRequest) -> HttpResponse:
    """The network of offices, region by region, each with a link to its workspace."""
    communes = list(public_communes())
    regions = [
        (region, [(commune, site_url_for_commune(commune)) for commune in members])
        for region, members in groupby(communes, key=lambda commune: commune.region)
    ]
    context = {
        "regions": regions,
        "commune_count": len(communes),
        "reads_memberships": selectors.reads_memberships(request.user),
    }
    return render(request, "network/home.html", context)


# --- Networks and their members (operators change them; coordinators and funders read their own) ---


def _reader(request: HttpRequest) -> None:
    if not selectors.reads_memberships(request.user):
        raise PermissionDenied


def _network(request: HttpRequest, code: str) -> Network:
    """The network, if the account may see it: 404 for one outside its scope, as for one that does not exist."""
    _reader(request)
    return get_object_or_404(selectors.networks_for(request.user), code=code)


def _operator(request: HttpRequest) -> None:
    """Before a form is even read: only operators change memberships (the services check it again)."""
    if not selectors.changes_memberships(request.user):
        raise PermissionDenied


@login_required
@require_safe
def network_list(request: HttpRequest) -> HttpResponse:
    """The networks the account follows, each with how many communes are members today."""
    _reader(request)
    networks = selectors.networks_for(request.user).select_related("programme").order_by("name_fr")
    rows = [(network, selectors.members_of(network).count()) for network in networks]
    return render(request, "network/networks.html", {"rows": rows})


def _network_page(
    request: HttpRequest,
    network: Network,
    *,
    join_form: JoinForm | None = None,
    failed: tuple[int, LeaveForm] | None = None,
) -> HttpResponse:
    """A network's members with their whole history; for operators, the forms that change it and the record
    of changes. After a failed form, the page again with that form showing what was typed and why (400)."""
    may_change = selectors.changes_memberships(request.user)
    rows: list[tuple[Membership, LeaveForm | None]] = []
    for membership in selectors.memberships_of(request.user, network):
        form = None
        if failed and failed[0] == membership.pk:
            form = failed[1]
        elif may_change and membership.left_on is None:
            form = LeaveForm(prefix=f"leave-{membership.pk}")
        rows.append((membership, form))
    context = {
        "network": network,
        "rows": rows,
        "may_change": may_change,
        "join_form": join_form or JoinForm(),
        "changes": selectors.membership_changes(request.user, network)[:100],
    }
    status = 400 if join_form is not None or failed is not None else 200
    return render(request, "network/network.html", context, status=status)


@login_required
@require_safe
def network_detail(request: HttpRequest, code: str) -> HttpResponse:
    return _network_page(request, _network(request, code))


@login_required
@require_POST
def membership_join(request: HttpRequest, code: str) -> HttpResponse:
    network = _network(request, code)
    _operator(request)
    form = JoinForm(request.POST)
    joined: list[Membership] = []

    def join(data: dict[str, Any]) -> None:
        joined.append(services.join_network(by=request.user, network=network, **data))  # type: ignore[arg-type]

    if submit(form, join, refused=services.NetworkError):
        said = {"commune": joined[0].commune.name, "day": services.day_first(joined[0].joined_on)}
        messages.success(request, _("%(commune)s is a member of the network from %(day)s.") % said)
        return redirect("network:network", code=network.code)
    return _network_page(request, network, join_form=form)


@login_required
@require_POST
def membership_leave(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    network = _network(request, code)
    _operator(request)
    membership = get_object_or_404(selectors.memberships_of(request.user, network), pk=pk)
    form = LeaveForm(request.POST, prefix=f"leave-{membership.pk}")
    left: list[Membership] = []

    def leave(data: dict[str, Any]) -> None:
        left.append(services.leave_network(by=request.user, membership=membership, **data))  # type: ignore[arg-type]

    if submit(form, leave, refused=services.NetworkError):
        said = {"commune": membership.commune.name, "day": services.day_first(left[0].left_on)}  # type: ignore[arg-type]
        messages.success(request, _("%(commune)s is no longer a member of the network from %(day)s.") % said)
        return redirect("network:network", code=network.code)
    return _network_page(request, network, failed=(membership.pk, form))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def membership_correct(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """A membership's dates put right, on a page of its own: for a date that was entered wrong."""
    network = _network(request, code)
    _operator(request)
    membership = get_object_or_404(selectors.memberships_of(request.user, network), pk=pk)
    initial = {"joined_on": membership.joined_on, "left_on": membership.left_on}
    form = CorrectionForm(request.POST or None, initial=initial)

    def correct(data: dict[str, Any]) -> None:
        services.correct_membership(by=request.user, membership=membership, **data)  # type: ignore[arg-type]

    if request.method == "POST" and submit(form, correct, refused=services.NetworkError):
        messages.success(request, _("The membership's dates are corrected."))
        return redirect("network:network", code=network.code)
    context = {"network": network, "membership": membership, "form": form}
    return render(request, "network/membership_correct.html", context, status=400 if form.errors else 200)
