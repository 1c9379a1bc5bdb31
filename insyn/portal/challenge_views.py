"""The public pages of the right to challenge: the form, its receipt, the list of every
challenge and the challenger's own status page (opened by the secret in its link)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from insyn.challenges import selectors, services
from insyn.challenges.models import Challenge, Exit, ScreenOutReason
from insyn.challenges.public_forms import (
    ChallengeDocumentForm,
    ChallengeForm,
    ChallengeWithdrawForm,
    new_submission_key,
    with_submission_key,
)
from insyn.core import ratelimits, uploads
from insyn.core.forms import add_service_errors
from insyn.core.http import no_store, secret_url

INVALID = 422
# The challenges sent from this browser session, newest last: the receipt shows them.
SESSION_KEY = "challenge_ids"
SESSION_LIMIT = 20


def _files_allowed(request: HttpRequest, form: ChallengeForm | ChallengeDocumentForm) -> bool:
    """Whether the files are within the limits on anonymous uploads (per submission, per
    address and day); if not, the form says so by the field and nothing is saved."""
    refusal = uploads.public_upload_refusal(request, form.cleaned_data.get("attachments") or [])
    if refusal:
        form.add_error("attachments", refusal)
    return refusal is None


# --- The form and its receipt --------------------------------------------------------------


@ratelimits.limit_posts(ratelimits.CHALLENGE)
def challenge_form(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        if request.POST.get("website"):
            # The honeypot was filled in: answer as if all went well, register nothing.
            return redirect("portal:challenge_receipt")
        form = ChallengeForm(with_submission_key(request.POST), request.FILES)
        if form.is_valid() and _files_allowed(request, form):
            try:
                challenge, created = services.challenge_submit(
                    challenger=form.challenger(),
                    proposal=form.proposal(),
                    channel=Challenge.Channel.WEB,
                    submission_key=form.cleaned_data["submission_key"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if created:
                    uploads.public_upload_record(request, form.cleaned_data["attachments"])
                # A second post of the same form gives the same challenge: it moves to
                # the end of the list rather than appearing twice.
                ids = [i for i in request.session.get(SESSION_KEY, []) if i != challenge.pk]
                request.session[SESSION_KEY] = [*ids, challenge.pk][-SESSION_LIMIT:]
                return redirect("portal:challenge_receipt")
    else:
        form = ChallengeForm(initial={"submission_key": new_submission_key()})
    definition = selectors.definition_active()
    context = {
        "form": form,
        "definition": definition,
        "steps": selectors.definition_steps(definition),
        "screen_out_reasons": [
            label for value, label in ScreenOutReason.choices if value != ScreenOutReason.OTHER
        ],
    }
    return render(
        request,
        "portal/challenge_form.html",
        context,
        status=INVALID if form.is_bound else 200,
    )


# The receipt shows the link, but its own URL holds nothing secret: the site's usual
# referrer policy is kept, so that forms posted from it (the log-out button) still pass
# the CSRF origin check.
@no_store
def challenge_receipt(request: HttpRequest) -> HttpResponse:
    # Newest first: the one just sent, then any sent earlier in the same session.
    found = (selectors.challenge_get(i) for i in reversed(request.session.get(SESSION_KEY, [])))
    challenges = [challenge for challenge in found if challenge is not None]
    receipts = [
        {
            "challenge": challenge,
            "number": challenge.case.number,
            # The address the visitor is on now; e-mail uses INSYN_BASE_URL.
            "status_url": request.build_absolute_uri(
                reverse("portal:challenge_status", args=[services.status_token(challenge)])
            ),
            "emailed": bool(challenge.email),
        }
        for challenge in challenges
    ]
    return render(request, "portal/challenge_receipt.html", {"receipts": receipts})


# --- The list of every challenge -------------------------------------------------------------


def challenge_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/challenge_list.html",
        {"challenges": selectors.public_challenges()},
    )


# --- The challenger's status page --------------------------------------------------------------


def _challenge_or_404(token: str) -> Challenge:
    challenge = selectors.challenge_for_token(token)
    if challenge is None:
        raise Http404
    return challenge


def _status_page(
    request: HttpRequest,
    challenge: Challenge,
    token: str,
    *,
    upload_form: ChallengeDocumentForm | None = None,
    withdraw_form: ChallengeWithdrawForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "challenge": challenge,
        "token": token,
        "activity": selectors.public_activity(challenge),
        "status": selectors.public_status(challenge),
        "steps": selectors.challenge_steps(challenge),
        "documents": selectors.challenger_documents(challenge),
        "upload_form": upload_form or ChallengeDocumentForm(),
        "withdraw_form": withdraw_form or ChallengeWithdrawForm(),
        "can_upload": challenge.is_open,
        "can_withdraw": selectors.exit_allowed(challenge, Exit.WITHDRAWN),
    }
    return render(request, "portal/challenge_status.html", context, status=status)


@secret_url
def challenge_status(request: HttpRequest, token: str) -> HttpResponse:
    return _status_page(request, _challenge_or_404(token), token)


@secret_url
@ratelimits.limit_posts(ratelimits.CHALLENGE)
@require_POST
def challenge_status_upload(request: HttpRequest, token: str) -> HttpResponse:
    challenge = _challenge_or_404(token)
    form = ChallengeDocumentForm(request.POST, request.FILES)
    if form.is_valid() and _files_allowed(request, form):
        data = form.cleaned_data
        try:
            document = services.challenge_document_receive(
                challenge=challenge,
                kind=data["kind"],
                description=data["description"],
                files=data["attachments"],
                registered_by=None,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            uploads.public_upload_record(request, data["attachments"])
            messages.success(
                request,
                _("Thank you. The document is registered as %(number)s.")
                % {"number": document.number},
            )
            return redirect("portal:challenge_status", token=token)
    return _status_page(request, challenge, token, upload_form=form, status=INVALID)


@secret_url
@ratelimits.limit_posts(ratelimits.CHALLENGE)
@require_POST
def challenge_status_withdraw(request: HttpRequest, token: str) -> HttpResponse:
    challenge = _challenge_or_404(token)
    form = ChallengeWithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.challenge_withdraw(
                challenge=challenge, user=None, message=form.cleaned_data["message"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your challenge is withdrawn and the case is closed."))
            return redirect("portal:challenge_status", token=token)
    return _status_page(request, challenge, token, withdraw_form=form, status=INVALID)
