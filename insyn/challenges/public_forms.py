"""Forms of the public challenge pages: the challenge itself (/utmana/) and the two forms
of the challenger's status page. They parse what was typed and say what is missing, all
at once and by the field; services.challenge_submit checks the same rules again, as it
is the one that must never register an incomplete challenge."""

from __future__ import annotations

import re
import secrets
from itertools import groupby
from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from insyn.challenges.models import Challenge
from insyn.challenges.services import Challenger, DocumentKind, Proposal
from insyn.core import identifiers
from insyn.core.models import Unit
from insyn.core.selectors import units_active
from insyn.registry.forms import MultipleFileField

# What secrets.token_urlsafe gives; anything else in the field was not made by the form.
_SUBMISSION_KEY = re.compile(r"^[A-Za-z0-9_-]{20,64}$")

IMPROVEMENTS = (
    "improvement_environment",
    "improvement_quality",
    "improvement_price",
    "improvement_other",
)


def new_submission_key() -> str:
    return secrets.token_urlsafe(32)


def with_submission_key(data: QueryDict) -> QueryDict:
    """The posted data with a usable submission key. A post without one (or with one the
    form did not make) gets a fresh key, so that the form re-rendered from it still
    registers only once when it is sent twice."""
    if _SUBMISSION_KEY.match(data.get("submission_key", "")):
        return data
    data = data.copy()
    data["submission_key"] = new_submission_key()
    return data


def _textarea(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def _unit_choices() -> list:
    """The active units grouped by board (an <optgroup> per board), so a unit's name
    that recurs in several boards is still told apart."""
    choices: list = [("", _("– choose an activity, or describe it below –"))]
    for board_name, units in groupby(units_active(), key=lambda unit: unit.board.name):
        choices.append((board_name, [(str(unit.pk), unit.name) for unit in units]))
    return choices


class ChallengeForm(forms.Form):
    challenger_kind = forms.ChoiceField(
        label=_("I challenge as"),
        choices=Challenge.ChallengerKind.choices,
        widget=forms.RadioSelect,
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=_(
            "Your name, or the name of the company or organisation. A private person's name "
            "is never shown on the public pages."
        ),
    )
    org_number = forms.CharField(
        label=_("Organisation number"),
        max_length=13,
        required=False,
        help_text=_("Required for a company or organisation: NNNNNN-NNNN."),
    )
    contact_person = forms.CharField(label=_("Contact person"), max_length=200, required=False)
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_(
            "Give at least one way to reach you: e-mail, telephone or postal address. "
            "With an e-mail address you get a receipt and news of each step."
        ),
    )
    phone = forms.CharField(label=_("Telephone"), max_length=40, required=False)
    postal_address = forms.CharField(
        label=_("Postal address"), max_length=300, required=False, widget=_textarea(3)
    )
    activity_unit = forms.ChoiceField(
        label=_("The activity you challenge"),
        required=False,
        help_text=_("Choose it from the list if you find it there, or describe it below."),
    )
    activity_description = forms.CharField(
        label=_("Describe the activity"),
        max_length=4000,
        required=False,
        widget=_textarea(),
        help_text=_("What does the kommun do today that you could do better?"),
    )
    improvement_environment = forms.CharField(
        label=_("Environment"), max_length=4000, required=False, widget=_textarea(3)
    )
    improvement_quality = forms.CharField(
        label=_("Quality"), max_length=4000, required=False, widget=_textarea(3)
    )
    improvement_price = forms.CharField(
        label=_("Price"), max_length=4000, required=False, widget=_textarea(3)
    )
    improvement_other = forms.CharField(
        label=_("Other"), max_length=4000, required=False, widget=_textarea(3)
    )
    attachments = MultipleFileField(
        label=_("Attachments (optional)"),
        help_text=_("For example a description of your offer. PDF, office documents or images."),
    )
    # A field people never see: robots fill it in, and are turned away.
    website = forms.CharField(required=False, label=_("Leave this field empty"))
    submission_key = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["activity_unit"]).choices = _unit_choices()

    def clean_activity_unit(self) -> Unit | None:
        # The choices are the active units, so an id not among them (a unit closed since
        # the page was loaded, or a forged one) has already failed as an invalid choice.
        value = self.cleaned_data["activity_unit"]
        if not value:
            return None
        return units_active().filter(pk=value).first()

    def clean(self):
        data = super().clean() or {}
        kind = data.get("challenger_kind")
        if kind in (Challenge.ChallengerKind.COMPANY, Challenge.ChallengerKind.NONPROFIT):
            number = data.get("org_number", "")
            if not number:
                self.add_error(
                    "org_number",
                    _("Give the organisation number of the company or organisation."),
                )
            else:
                try:
                    identifiers.validate_org_number(number)
                except ValidationError as error:
                    self.add_error("org_number", error)
                else:
                    data["org_number"] = identifiers.format_org_number(number)
        elif kind == Challenge.ChallengerKind.PRIVATE_PERSON:
            # A private person has none; whatever was typed (perhaps a personal identity
            # number) is not kept.
            data["org_number"] = ""
        reachable = data.get("email") or data.get("phone") or data.get("postal_address")
        # A wrongly typed e-mail address has its own error already.
        if not reachable and "email" not in self.errors:
            self.add_error(
                "email", _("Give at least one way to reach you: e-mail, telephone or address.")
            )
        if (
            not data.get("activity_unit")
            and not data.get("activity_description")
            and "activity_unit" not in self.errors
        ):
            self.add_error("activity_unit", _("Choose the activity you challenge, or describe it."))
        if not any(data.get(name) for name in IMPROVEMENTS):
            # On the first box of the group, where the error summary's link leads.
            self.add_error(
                "improvement_environment",
                _("Describe at least one improvement: environment, quality, price or other."),
            )
        return data

    def improvement_errors(self) -> bool:
        return any(self[name].errors for name in IMPROVEMENTS)

    def challenger(self) -> Challenger:
        data = self.cleaned_data
        return Challenger(
            kind=data["challenger_kind"],
            name=data["name"],
            org_number=data["org_number"],
            contact_person=data["contact_person"],
            email=data["email"],
            phone=data["phone"],
            postal_address=data["postal_address"],
        )

    def proposal(self) -> Proposal:
        data = self.cleaned_data
        return Proposal(
            activity_unit=data["activity_unit"],
            activity_description=data["activity_description"],
            environment=data["improvement_environment"],
            quality=data["improvement_quality"],
            price=data["improvement_price"],
            other=data["improvement_other"],
            files=data.get("attachments") or [],
        )


class ChallengeDocumentForm(forms.Form):
    """A document the challenger sends through the status page."""

    kind = forms.ChoiceField(
        label=_("What are you sending?"),
        choices=[
            (DocumentKind.FORMAL_CHALLENGE, _("my formal challenge")),
            (DocumentKind.OTHER, _("another document")),
        ],
        widget=forms.RadioSelect,
        initial=DocumentKind.OTHER,
    )
    description = forms.CharField(
        label=_("Short description"),
        max_length=400,
        required=False,
        help_text=_("Required for another document. It is shown in the public diary."),
    )
    attachments = MultipleFileField(label=_("Files"))

    def clean_attachments(self):
        # MultipleFileField is optional by design; here the files are the point.
        files = self.cleaned_data.get("attachments") or []
        if not files:
            raise ValidationError(_("Attach the document."))
        return files

    def clean(self):
        data = super().clean() or {}
        if data.get("kind") == DocumentKind.OTHER and not data.get("description"):
            self.add_error("description", _("Say briefly what the document is."))
        return data


class ChallengeWithdrawForm(forms.Form):
    confirm = forms.BooleanField(label=_("Yes, I withdraw my challenge"))
    message = forms.CharField(
        label=_("Message to the kommun (optional)"),
        max_length=2000,
        required=False,
        widget=_textarea(3),
        help_text=_("It is registered with the withdrawal, which is a public document."),
    )
