"""The provider's own page for its view of the cooperation, opened by a secret link that
the contract manager sends from a draft report (seed 004: the partner's experience of the
cooperation is part of the follow-up).

The link is the only credential: the report id and its HMAC (insyn.core.tokens), so the
database alone opens nothing. The page shows only what the provider already knows (the
kommun, the contract, the year) and its own text, never the rest of the report.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from insyn.core.forms import add_service_errors
from insyn.core.i18n import in_organisation_language
from insyn.core.selectors import organisation_for_pages
from insyn.followup import selectors, services
from insyn.followup.forms import PartnerViewForm
from insyn.followup.models import FollowUpReport
from insyn.notifications.models import OutgoingEmail
from insyn.notifications.services import email_queue, email_render

INVALID = 422
EMAIL_KEY = "followup_partner_view"


def partner_view_url(report: FollowUpReport) -> str:
    """The link as the provider gets it (the public address of the site)."""
    path = reverse("portal:partner_view", kwargs={"token": selectors.partner_view_token(report)})
    return f"{settings.INSYN_BASE_URL}{path}"


@in_organisation_language
@transaction.atomic
def partner_link_send(*, report: FollowUpReport, to: str) -> list[OutgoingEmail]:
    """Queue the e-mail with the link to `to`; it goes out once the transaction commits.
    Sent again to the same address the same day, nothing new is queued (a double click
    mails the provider once); the returned list is then empty."""
    contract = report.contract
    manager = contract.contract_manager
    organisation = organisation_for_pages()
    subject, body = email_render(
        EMAIL_KEY,
        {
            "organisation": organisation.name if organisation else settings.INSYN_SITE_NAME,
            "number": contract.number,
            "title": contract.title,
            "year": str(report.year),
            "link": partner_view_url(report),
            "manager": (manager.get_full_name() or manager.username) if manager else "",
            "manager_email": manager.email if manager else "",
        },
    )
    return email_queue(
        event=f"followup:partner-link:{report.pk}:{timezone.localdate().isoformat()}",
        to=[to],
        subject=subject,
        body=body,
        reply_to=manager.email if manager and manager.email else "",
        case=contract.case,
    )


def _private(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """The URL holds the secret: never cached, never indexed, and only the site's origin
    is sent on as a referrer (not "no-referrer": the browser would then post the form
    with "Origin: null", which the CSRF check refuses)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        response["X-Robots-Tag"] = "noindex"
        response["Referrer-Policy"] = "origin"
        return response

    return wrapped


@_private
@require_http_methods(["GET", "HEAD", "POST"])
def partner_view(request: HttpRequest, token: str) -> HttpResponse:
    report = selectors.report_for_partner_token(token)
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
