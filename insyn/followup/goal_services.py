"""Writes of the boards' goals, which follow-up reports say how deficiencies affect.

Apart from services.py only so that it could be written while that module was being
changed; the same conventions apply."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from insyn.core.i18n import in_organisation_language
from insyn.core.models import Board
from insyn.followup.models import Goal


@in_organisation_language
@transaction.atomic
def goal_create(*, board: Board, year: int, title: str, description: str = "") -> Goal:
    """One of the board's goals for the year, as its verksamhetsplan states it."""
    errors = {}
    if not title.strip():
        errors["title"] = _("Give the goal a title.")
    elif Goal.objects.filter(board=board, year=year, title=title.strip()).exists():
        errors["title"] = _("The board already has this goal for %(year)s.") % {"year": year}
    if not 2000 <= year <= 2100:
        errors["year"] = _("Give a year between 2000 and 2100.")
    if errors:
        raise ValidationError(errors)
    return Goal.objects.create(
        board=board, year=year, title=title.strip(), description=description.strip()
    )
