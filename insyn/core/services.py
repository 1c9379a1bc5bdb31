"""Writes for the organisation and its parties."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.utils.translation import gettext as _

from insyn.core import identifiers
from insyn.core.models import Party, User

# Sent inside party_update's transaction, after the party is saved, with `party`,
# `changed_by` and `reason`. Apps that keep copies derived from a party (the diarium's
# public search text and personal-data flag, insyn/registry/apps.py) bring them up to
# date here, so a change commits with every copy or not at all. A signal rather than a
# call, as core must not depend on the apps built on it.
party_changed = Signal()


@transaction.atomic
def party_update(*, party: Party, changed_by: User | None, reason: str, **changes) -> Party:
    """Change a party (the admin's form comes here too) and everything derived from it.
    `changes` are set on the party first; the admin passes none, as its form has already
    set them."""
    for field, value in changes.items():
        setattr(party, field, value)
    party.full_clean()
    party._history_user = changed_by  # type: ignore[attr-defined]
    party._change_reason = reason  # type: ignore[attr-defined]
    party.save()
    party_changed.send(sender=Party, party=party, changed_by=changed_by, reason=reason)
    return party


@transaction.atomic
def party_resolve(
    *, kind: str, name: str, org_number: str = "", personal_identity_number: str = ""
) -> Party | None:
    """The party with this org. number or personnummer, created if new; None when there is
    no number to identify a party by (the name is then kept on the document only)."""
    name = name.strip()
    if org_number:
        identifiers.validate_org_number(org_number)
        org_number = identifiers.format_org_number(org_number)
        if kind == Party.Kind.PRIVATE_PERSON:
            raise ValidationError({"org_number": _("A private person has no organisation number.")})
        party = Party.objects.filter(org_number=org_number).first()
        if party is None:
            if not name:
                raise ValidationError({"name": _("Give the name of the organisation.")})
            party = Party.objects.create(kind=kind, name=name, org_number=org_number)
        return party
    if personal_identity_number:
        identifiers.validate_personal_identity_number(personal_identity_number)
        if kind != Party.Kind.PRIVATE_PERSON:
            raise ValidationError(
                {
                    "personal_identity_number": _(
                        "Only a private person has a personal identity number."
                    )
                }
            )
        number = identifiers.format_personal_identity_number(personal_identity_number)
        party = Party.objects.filter(personal_identity_number=number).first()
        if party is None:
            party = Party.objects.create(
                kind=Party.Kind.PRIVATE_PERSON, name=name, personal_identity_number=number
            )
        return party
    return None
