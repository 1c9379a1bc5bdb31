"""Forms of the annual cycle's staff pages. They parse what was typed and offer only the
boards the user plans for; the rules of a step (an end after the start, a date in the
year) are the services'."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from insyn.core.models import Board
from insyn.followup.models import CycleEvent
from insyn.registry.forms import DateInput

MIN_YEAR, MAX_YEAR = 2000, 2100


class StepForm(forms.Form):
    """A step's own fields: what changes when a step is edited."""

    kind = forms.ChoiceField(label=_("Kind"), choices=CycleEvent.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    starts_on = forms.DateField(label=_("From"), widget=DateInput())
    ends_on = forms.DateField(
        label=_("To"), widget=DateInput(), help_text=_("The same day for a single date.")
    )


def reason_field() -> forms.CharField:
    """Why a record is changed, kept in its history with who and when."""
    return forms.CharField(
        label=_("Why is it changed?"),
        max_length=100,
        required=False,
        help_text=_("Kept in the history with your name and the time."),
    )


class StepEditForm(StepForm):
    reason = reason_field()


class StepCreateForm(StepForm):
    """A new step: also its year and board. With `copy`, only the year and the board are
    needed: the form then asks for last year's steps to be copied into that year."""

    year = forms.IntegerField(label=_("Year"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    board = forms.ModelChoiceField(label=_("Board"), queryset=Board.objects.none())

    field_order = ["year", "board", "kind", "title", "description", "starts_on", "ends_on"]

    def __init__(
        self, *args, boards: list[Board], whole_organisation: bool, copy: bool = False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        board_field = cast(forms.ModelChoiceField, self.fields["board"])
        # Only the boards the user plans for; another board is not a valid choice.
        board_field.queryset = Board.objects.filter(pk__in=[b.pk for b in boards]).order_by("name")
        if whole_organisation:
            board_field.required = False
            board_field.empty_label = _("Whole organisation")
            board_field.help_text = _("Empty: a step for the whole organisation.")
        else:
            board_field.empty_label = None
        self.fields["year"].initial = timezone.localdate().year
        if copy:
            for name in StepForm.base_fields:
                self.fields[name].required = False
