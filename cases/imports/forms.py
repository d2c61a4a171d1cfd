"""Forms of the imports: the file, the columns' mapping, the import's option. The services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.imports import mapping, reading
from cases.imports.models import ImportRun
from cases.models import CHOSEN_CHANNELS, Case, Category


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Register file"),
        help_text=_("Excel (.xlsx) or CSV, at most 10 MB and 20,000 rows, one row per person or visit."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,.txt"}),
    )
    sheet = forms.CharField(
        label=_("Sheet"),
        max_length=100,
        required=False,
        help_text=_("Excel only: the name of the sheet to read. Empty: the first sheet with data."),
    )


class MappingForm(forms.Form):
    """One choice per column of the file (a field, or not imported), and what rows without some values get."""

    default_category = forms.ModelChoiceField(
        label=_("Category of rows without one"),
        queryset=Category.objects.filter(active=True),
        required=False,
        empty_label=_("none: such rows are refused"),
    )
    default_kind = forms.ChoiceField(label=_("Kind of case of rows without one"), choices=Case.Kind.choices)
    default_channel = forms.ChoiceField(label=_("Channel of rows without one"), choices=CHOSEN_CHANNELS)

    def __init__(self, *args: Any, run: ImportRun, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "default_category": run.default_category_id,
                "default_kind": run.default_kind,
                "default_channel": run.default_channel,
                **{f"column_{index}": chosen for index, chosen in enumerate(run.mapping)},
            },
        )
        super().__init__(*args, **kwargs)
        self.run = run
        choices = [("", _("— not imported —")), *((name, label) for name, label in mapping.FIELDS.items())]
        self.columns: list[dict[str, Any]] = []
        for index, heading in enumerate(run.headings):
            name = f"column_{index}"
            self.fields[name] = forms.ChoiceField(
                label=reading.column_name(index, heading), choices=choices, required=False
            )
            samples = run.samples[index] if index < len(run.samples) else []
            self.columns.append({"heading": heading or "—", "field": self[name], "samples": samples})

    def chosen(self) -> list[str]:
        return [self.cleaned_data.get(f"column_{index}", "") or "" for index in range(len(self.run.headings))]


class ImportForm(forms.Form):
    """The import's options: the valid rows only, and how the cases the register leaves open count (asked only
    when the dry run found some)."""

    only_valid = forms.BooleanField(
        label=_("Import only the valid rows"),
        required=False,
        help_text=_(
            "Without it, the import is all or nothing: one row with a problem and nothing is imported. With it, the"
            " rows with problems are left out and listed, to fix and import in another file."
        ),
    )
    open_rows = forms.ChoiceField(
        label=_("The cases the register leaves open"),
        choices=ImportRun.OpenRows.choices,
        initial=ImportRun.OpenRows.KEEP_OPEN,
        required=False,  # not sent (a script, an older page): the run's choice, kept open by default
        widget=forms.RadioSelect,
        help_text=_(
            "Rows with neither a date answered nor a date closed. Closed at the import, a case is not counted as"
            " answered, and can be reopened from its page."
        ),
    )

    def __init__(self, *args: Any, open_cases: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not open_cases:
            del self.fields["open_rows"]
