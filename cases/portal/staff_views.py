"""The office's side of the portal: what people said in the satisfaction survey."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from cases.permissions import Action, authorize
from cases.portal import selectors
from cases.views.common import office_view, paginate, staff


class AnswersFilter(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Score"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All scores")), *((str(n), f"{n}/5") for n in range(5, 0, -1))],
    )
    with_comment = forms.BooleanField(label=_("Only answers with a comment"), required=False)


@office_view
@require_safe
def satisfaction(request: HttpRequest) -> HttpResponse:
    authorize(staff(request), Action.VIEW_DASHBOARD)
    form = AnswersFilter(request.GET)
    wanted = form.cleaned_data if form.is_valid() else {}
    answers = selectors.survey_answers(score=wanted.get("score"), with_comment=bool(wanted.get("with_comment")))
    figures = selectors.survey_figures()
    most = max((n for _score, n in figures.by_score), default=0)
    context = {
        "section": "dashboard",
        "form": form,
        "figures": figures,
        "bars": list(reversed(figures.by_score)),
        "most": max(most, 1),
        "page": paginate(request, answers),
    }
    return render(request, "portal/satisfaction.html", context)
