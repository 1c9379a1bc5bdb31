"""The public procurement plan: what the kommun is about to buy, and how. The forward list
that lets idéburna organisations and small companies prepare: planned and running
procurements, and those awarded in the last twelve months. What is shown comes from
insyn.procurement.selectors' public reads: nothing of the tenders before the award, and
never a private person's name."""

from __future__ import annotations

from typing import cast

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from insyn.procurement import selectors

INVALID = 422


class ProcurementPlanForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    board = forms.ChoiceField(label=_("Board"), required=False)
    reserved = forms.BooleanField(
        label=_("Only procurements reserved for non-profit organisations"), required=False
    )

    def __init__(self, *args, years=(), boards=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["year"]).choices = [("", _("All"))] + [
            (str(y), str(y)) for y in years
        ]
        cast(forms.ChoiceField, self.fields["board"]).choices = [("", _("All"))] + [
            (b.code, b.name) for b in boards
        ]


@require_GET
def procurement_list(request: HttpRequest) -> HttpResponse:
    years = selectors.public_years()
    boards = selectors.public_boards()
    params = {k: v for k, v in request.GET.items() if k in ProcurementPlanForm.base_fields}
    form = ProcurementPlanForm(request.GET if params else None, years=years, boards=boards)
    valid = not params or form.is_valid()
    filters = selectors.PublicFilters()
    if params and valid:
        data = form.cleaned_data
        filters = selectors.PublicFilters(
            year=data["year"], board=data["board"], reserved=data["reserved"]
        )
    rows = selectors.public_procurements(filters=filters) if valid else []
    groups: dict[int, list[selectors.PublicProcurement]] = {}
    for row in rows:
        groups.setdefault(row.year, []).append(row)
    context = {
        "form": form,
        "groups": sorted(groups.items()),
        "total": len(rows),
    }
    return render(
        request, "portal/procurement_list.html", context, status=200 if valid else INVALID
    )
