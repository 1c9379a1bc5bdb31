"""E-mail from the diarium. Called after commit; the mail itself goes through the task
queue so that a slow mail server never holds up a web request."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from insyn.core.models import Role
from insyn.core.selectors import users_with_role
from insyn.notifications.services import email_queue
from insyn.registry.models import AccessRequest


def registrar_addresses(*, board) -> list[str]:
    addresses = {u.email for u in users_with_role(Role.REGISTRAR, board=board).exclude(email="")}
    if settings.REGISTRY_EMAIL:
        addresses.add(settings.REGISTRY_EMAIL)
    return sorted(addresses)


def notify_registrars_of_access_request(access_request_id: int) -> None:
    access_request = AccessRequest.objects.select_related("document__case__series__board").get(
        pk=access_request_id
    )
    document = access_request.document
    to = registrar_addresses(board=document.case.series.board)
    if not to:
        return
    body = render_to_string(
        "email/access_request.txt",
        {
            "access_request": access_request,
            "document": document,
            "case_path": reverse("registry:case_detail", args=[document.case_id]),
        },
    )
    email_queue(
        event=f"access_request:{access_request.pk}",
        to=to,
        subject=_("Access request %(number)s") % {"number": document.number},
        body=body,
        reply_to=access_request.email,
    )


def _status_url(access_request: AccessRequest) -> str:
    from insyn.core import links

    link = links.link_current(links.Kind.ACCESS_REQUEST, access_request.pk)
    return links.link_url(link) if link is not None else ""


def notify_requester_of_receipt(access_request_id: int) -> None:
    """The receipt, with the number, the due date and the private status link. Letters of
    the kommun to the requester are Swedish, as its PDFs are."""
    access_request = AccessRequest.objects.select_related("document").get(pk=access_request_id)
    if not access_request.email:
        return
    email_queue(
        event=f"access_request_receipt:{access_request.pk}",
        to=[access_request.email],
        subject=f"Din begäran om allmän handling är mottagen ({access_request.document.number})",
        body=render_to_string(
            "email/access_request_receipt.txt",
            {"access_request": access_request, "status_url": _status_url(access_request)},
        ),
        reply_to=settings.REGISTRY_EMAIL,
    )


def notify_requester_of_answer(access_request_id: int) -> None:
    """The answer: released, partly or refused; a decision says it is on the status page
    (the requester's own decision, downloaded only through their link)."""
    access_request = AccessRequest.objects.select_related(
        "document", "decision_document", "secrecy_ground"
    ).get(pk=access_request_id)
    if not access_request.email:
        return
    email_queue(
        event=f"access_request_answer:{access_request.pk}",
        to=[access_request.email],
        subject=f"Svar på din begäran om allmän handling ({access_request.document.number})",
        body=render_to_string(
            "email/access_request_answer.txt",
            {"access_request": access_request, "status_url": _status_url(access_request)},
        ),
        reply_to=settings.REGISTRY_EMAIL,
    )


def remind_of_access_request(access_request_id: int, *, today) -> bool:
    """A reminder to the handler, or to the board's registrars when there is none."""
    access_request = AccessRequest.objects.select_related(
        "document__case__series__board", "handler"
    ).get(pk=access_request_id)
    handler = access_request.handler
    if handler is not None and handler.email:
        to = [handler.email]
    else:
        to = registrar_addresses(board=access_request.document.case.series.board)
    overdue = access_request.due_on is not None and access_request.due_on < today
    queued = email_queue(
        event=f"access_request_reminder:{access_request.pk}:{today.isoformat()}",
        to=to,
        subject=(
            _("Overdue: access request %(number)s")
            if overdue
            else _("Due today: access request %(number)s")
        )
        % {"number": access_request.document.number},
        body=render_to_string(
            "email/access_request_reminder.txt",
            {
                "access_request": access_request,
                "overdue": overdue,
                "url": settings.INSYN_BASE_URL
                + reverse("registry:access_request_detail", args=[access_request.pk]),
            },
        ),
    )
    return bool(queued)
