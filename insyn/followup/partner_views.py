"""The provider's own page for its view of the cooperation, opened by a secret link that
the contract manager sends from a draft report (seed 004: the partner's experience of the
cooperation is part of the follow-up).

The link is the only credential: a secret link of insyn.core.links (a nonce and its HMAC,
so the database alone opens nothing), which expires, can be revoked on its own, and whose
use is recorded. The page shows only what the provider already knows (the kommun, the
contract, the year) and its own text, never the rest of the report.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from insyn.core.forms import add_service_errors
from insyn.core.http import secret_link, secret_url
from insyn.core.models import SecretLink
from insyn.core.selectors import organisation_for_pages
from insyn.followup import selectors, services
from insyn.followup.forms import PartnerViewForm
from insyn.followup.models import FollowUpReport

INVALID = 422


@secret_url
@require_http_methods(["GET", "HEAD", "POST"])
@secret_link(SecretLink.Kind.PARTNER_VIEW)
def partner_view(request: HttpRequest, token: str, link: SecretLink) -> HttpResponse:
    report = selectors.report_for_partner_link(link)
    if report is None:
        raise Http404
    is_open = report.status == FollowUpReport.Status.DRAFT
    # Only the provider's own text is shown back to it; a view the manager wrote down
    # (from a meeting, say) is the report's, not the link holder's.
    own = report.partner_view if report.partner_view_received_on else ""
    form = PartnerViewForm(initial={"text": own})
    status = 200
    if request.method == "POST":
        if not is_open:
            # A page opened before the report was submitted: the view can no longer change.
            messages.error(request, _("The follow-up is closed; your view can no longer change."))
            return redirect("portal:partner_view", token=token)
        form = PartnerViewForm(request.POST)
        if form.is_valid():
            try:
                services.partner_view_record(report=report, text=form.cleaned_data["text"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Thank you. Your view is saved in the follow-up."))
                return redirect("portal:partner_view", token=token)
        status = INVALID
    contract = report.contract
    context = {
        "report": report,
        "contract": contract,
        "provider": contract.provider_name,
        "organisation": organisation_for_pages(),
        "form": form,
        "is_open": is_open,
        "token": token,
    }
    return render(request, "followup/partner_view.html", context, status=status)
