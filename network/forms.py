"""Forms of the regional layer's membership pages: shapes at the edge; network.services decides."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.forms import DateInput
from network.models import Membership
from tenants.models import Commune


def _label(field: str) -> Any:
    return Membership._meta.get_field(field).verbose_name  # type: ignore[union-attr]


class JoinForm(forms.Form):
    """A commune joins the network from a day."""

    commune = forms.ModelChoiceField(
        label=_label("commune"),
        queryset=Commune.objects.filter(status=Commune.Status.ACTIVE).order_by("name_fr"),
        to_field_name="slug",
    )
    joined_on = forms.DateField(label=_label("joined_on"), widget=DateInput())


class LeaveForm(forms.Form):
    """A membership ends on a day: the first on which the commune is no longer a member."""

    left_on = forms.DateField(label=_label("left_on"), widget=DateInput())


class CorrectionForm(forms.Form):
    """A membership's dates, as they should have been entered."""

    joined_on = forms.DateField(label=_label("joined_on"), widget=DateInput())
    left_on = forms.DateField(
        label=_label("left_on"),
        widget=DateInput(),
        required=False,
        help_text=_("Empty while the commune is still a member."),
    )
