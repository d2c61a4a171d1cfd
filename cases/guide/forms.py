"""Forms of the guide and the rota: shapes only; the rules are the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.forms import DateInput
from cases.forms.office import model_field
from cases.guide import selectors
from cases.guide.models import DutyShift, Procedure
from cases.guide.services import ProcedureInput
from cases.models import Category
from jisr.accounts.models import User

ARABIC = {"dir": "rtl", "lang": "ar"}


class ProcedureForm(forms.Form):
    title_fr = model_field(Procedure, "title_fr")
    title_ar = model_field(Procedure, "title_ar", widget=forms.TextInput(attrs=ARABIC))
    title_en = model_field(Procedure, "title_en")
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.filter(active=True), required=False
    )
    documents_fr = model_field(
        Procedure, "documents_fr", widget=forms.Textarea(attrs={"rows": 5}), help_text=_("One document a line.")
    )
    documents_ar = model_field(
        Procedure,
        "documents_ar",
        widget=forms.Textarea(attrs={"rows": 5, **ARABIC}),
        help_text=_("One document a line."),
    )
    documents_en = model_field(
        Procedure, "documents_en", widget=forms.Textarea(attrs={"rows": 5}), help_text=_("One document a line.")
    )
    fees = model_field(Procedure, "fees")
    delay = model_field(Procedure, "delay")
    handled_by = model_field(Procedure, "handled_by")
    links = model_field(
        Procedure,
        "links",
        widget=forms.Textarea(attrs={"rows": 3, "dir": "ltr"}),
        help_text=_("One https link a line, to idarati.ma, chikaya.ma, chafafya.ma, rokhas.ma or watiqa.ma."),
    )
    position = forms.IntegerField(label=_("Order"), initial=100, widget=forms.NumberInput(attrs={"min": 0}))

    @classmethod
    def of(cls, procedure: Procedure) -> ProcedureForm:
        initial = {name: getattr(procedure, name) for name in cls.base_fields}
        return cls(initial=initial)

    def to_input(self) -> ProcedureInput:
        data: dict[str, Any] = {name: self.cleaned_data[name] for name in self.base_fields}
        return ProcedureInput(**data)


class ProcedureSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    category = forms.SlugField(label=_("Category"), required=False, max_length=40)


class ShiftForm(forms.Form):
    staff = forms.ModelChoiceField(label=_("Staff member"), queryset=User.objects.all())
    day = model_field(DutyShift, "day", widget=DateInput())
    starts_at = model_field(DutyShift, "starts_at", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    ends_at = model_field(DutyShift, "ends_at", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    kind = forms.ChoiceField(label=_("Kind"), choices=DutyShift.Kind.choices)
    note = model_field(DutyShift, "note")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Any account is accepted here, so that the service says why an inactive one cannot
        # be on duty; the list offers only the active staff.
        staff_field = self.fields["staff"]
        staff_field.widget.choices = [("", "---------")] + [
            (user.pk, user.get_full_name()) for user in selectors.duty_candidates()
        ]
