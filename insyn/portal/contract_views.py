"""The public contract register and the providers: who runs which service for the
kommun, egen regi, companies and idéburna organisations side by side on the same terms.
What is shown comes from insyn.contracts.public, and the published follow-up from
insyn.followup.selectors; nothing secret, no private person's name."""

from __future__ import annotations

from typing import cast

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from insyn.contracts import public
from insyn.followup import selectors as followup

INVALID = 422


class ContractSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Contract number, title or provider."),
    )
    board = forms.ChoiceField(label=_("Board"), required=False)
    provider = forms.ChoiceField(label=_("Provider"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind of agreement"),
        required=False,
        choices=[("", _("All")), *public.CONTRACT_KINDS],
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *public.STATUSES]
    )
    reserved = forms.BooleanField(
        label=_("Only contracts reserved for non-profit organisations"), required=False
    )
    order = forms.ChoiceField(label=_("Order"), required=False, choices=public.ORDERS)

    def __init__(self, *args, boards=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["provider"]).choices = [
            ("", _("All")),
            *public.provider_kinds(),
        ]
        cast(forms.ChoiceField, self.fields["board"]).choices = [("", _("All"))] + [
            (b.code, b.name) for b in boards
        ]

    def filters(self) -> public.PublicFilters:
        data = self.cleaned_data
        return public.PublicFilters(
            query=data["q"],
            board=data["board"],
            provider_kind=data["provider"],
            kind=data["kind"],
            reserved=data["reserved"],
            status=data["status"],
            order=data["order"] or public.NEWEST,
        )


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("sida", "")
    return int(raw) if raw.isdigit() and len(raw) < 6 else 1


@require_GET
def contract_list(request: HttpRequest) -> HttpResponse:
    boards = public.contract_boards()
    params = {k: v for k, v in request.GET.items() if k in ContractSearchForm.base_fields}
    form = ContractSearchForm(request.GET if params else None, boards=boards)
    valid = not params or form.is_valid()
    filters = form.filters() if params and valid else public.PublicFilters()
    page = public.ContractPage(rows=[], total=0, number=1, pages=1)
    if valid:
        page = public.public_contract_page(filters=filters, page=_page_number(request))
    context = {
        "form": form,
        "page": page,
        "params": params,
        "filters": filters,
        "boards": {b.code: b.name for b in boards},
        "kind_label": public.kind_label,
    }
    return render(request, "portal/contract_list.html", context, status=200 if valid else INVALID)


@require_GET
def contract_detail(request: HttpRequest, contract_id: int) -> HttpResponse:
    detail = public.public_contract_detail(contract_id)
    if detail is None:
        raise Http404
    context = {
        "detail": detail,
        "c": detail.contract,
        "kind_label": public.kind_label,
        "summaries": followup.published_summaries([detail.contract.id]),
    }
    return render(request, "portal/contract_detail.html", context)


class ProviderOrderForm(forms.Form):
    order = forms.ChoiceField(label=_("Order"), required=False, choices=public.PROVIDER_ORDERS)


@require_GET
def provider_list(request: HttpRequest) -> HttpResponse:
    # One list for every kind of provider, alphabetical unless the visitor chooses
    # another order: no provider is favoured by its place.
    form = ProviderOrderForm(request.GET if "order" in request.GET else None)
    valid = "order" not in request.GET or form.is_valid()
    order = (form.cleaned_data["order"] if form.is_bound and valid else "") or public.BY_NAME
    context = {
        "form": form,
        "providers": public.public_providers(order=order),
        "statistics": public.provider_statistics(),
        "kind_label": public.kind_label,
    }
    return render(request, "portal/provider_list.html", context, status=200 if valid else INVALID)


@require_GET
def provider_detail(request: HttpRequest, key: str) -> HttpResponse:
    provider = public.public_provider(key)
    if provider is None:
        raise Http404
    boards = {b.code: b.name for b in public.contract_boards()}
    context = {
        "provider": provider,
        "boards": boards,
        "summaries": followup.published_summaries(row.contract.id for row in provider.contracts),
        "kind_label": public.kind_label,
    }
    return render(request, "portal/provider_detail.html", context)
