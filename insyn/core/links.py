"""Secret links: one mechanism for every link that is the only credential of a page or a
feed opened without signing in (the provider's page for its view of a follow-up, a
person's calendar feed).

A link is `<nonce>.<HMAC of the nonce under SECRET_KEY>` (insyn.core.tokens), the salt
naming its kind, and a SecretLink row per link issued. So:

- the database alone opens nothing (the signature needs the key), and a link can be shown
  again to whoever issued it;
- each link expires (settings.INSYN_SECRET_LINK_DAYS per kind) and can be revoked on its
  own, without touching the others or rotating the key;
- its use is recorded: when last, how many times. The link itself is never stored whole
  nor logged.

A forged or unknown link is "not found" (404); a revoked or expired one is "gone" (410),
with a Swedish page that says nothing of what it opened. Views use the
`insyn.core.http.secret_link` decorator, which does the checking and the recording.
"""

from __future__ import annotations

import datetime
import secrets
from enum import Enum

from django.conf import settings
from django.db import transaction
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils import timezone

from insyn.core import tokens
from insyn.core.models import SecretLink, User

Kind = SecretLink.Kind

# The page each kind of link opens, by URL name; its only argument is the token.
URL_NAMES: dict[str, str] = {
    Kind.PARTNER_VIEW: "portal:partner_view",
    Kind.CALENDAR_FEED: "portal:cycle_person_feed",
    Kind.ACCESS_REQUEST: "portal:access_request_status",
}


class State(Enum):
    VALID = "valid"
    GONE = "gone"  # revoked or expired


def _salt(kind: str) -> str:
    return f"insyn.core.links.{kind}"


def link_token(link: SecretLink) -> str:
    return tokens.sign(_salt(link.kind), link.nonce)


def link_url(link: SecretLink) -> str:
    """The link as its holder gets it (the public address of the site)."""
    path = reverse(URL_NAMES[link.kind], kwargs={"token": link_token(link)})
    return f"{settings.INSYN_BASE_URL}{path}"


def link_is_valid(link: SecretLink, now: datetime.datetime | None = None) -> bool:
    return link.revoked_at is None and link.expires_at > (now or timezone.now())


# --- Writes -------------------------------------------------------------------------------


@transaction.atomic
def link_issue(
    *, kind: str, object_id: int, issued_by: User | None, issued_to: str = ""
) -> SecretLink:
    """A new link to `object_id`, valid for the kind's number of days from now."""
    now = timezone.now()
    return SecretLink.objects.create(
        kind=kind,
        object_id=object_id,
        # URL-safe, no dot (the token's separator): 22 characters, 128 bits.
        nonce=secrets.token_urlsafe(16),
        issued_to=issued_to,
        issued_by=issued_by,
        issued_at=now,
        expires_at=now + datetime.timedelta(days=settings.INSYN_SECRET_LINK_DAYS[kind]),
    )


@transaction.atomic
def link_revoke(*, link: SecretLink, user: User | None) -> SecretLink:
    """Revoke one link; the others to the same page keep working. Revoking twice keeps
    the first revocation."""
    link = SecretLink.objects.select_for_update().get(pk=link.pk)
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.revoked_by = user
        link.save(update_fields=["revoked_at", "revoked_by"])
    return link


def link_record_use(link: SecretLink) -> None:
    """One use of the link: when, and one more time. One UPDATE, no read: a calendar
    program fetching a feed twice at once counts twice."""
    SecretLink.objects.filter(pk=link.pk).update(
        last_used_at=timezone.now(), use_count=F("use_count") + 1
    )


# --- Reads --------------------------------------------------------------------------------


def link_resolve(kind: str, token: str) -> tuple[State, SecretLink] | None:
    """The link of a well-signed token of this kind and its state, or None for a forged
    or unknown one."""
    nonce = tokens.unsign(_salt(kind), token)
    if nonce is None:
        return None
    link = SecretLink.objects.filter(kind=kind, nonce=nonce).first()
    if link is None:
        return None
    return (State.VALID if link_is_valid(link) else State.GONE), link


def links_for(kind: str, object_id: int) -> QuerySet[SecretLink]:
    """Every link issued to the object, newest first, valid or not."""
    return SecretLink.objects.filter(kind=kind, object_id=object_id).select_related(
        "issued_by", "revoked_by"
    )


def link_current(kind: str, object_id: int) -> SecretLink | None:
    """The newest valid link to the object, if any."""
    return (
        links_for(kind, object_id)
        .filter(revoked_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
