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
