"""Forms of the staff pages of the challenge process. They only parse what was typed; the
rules of the process (which step comes next, what must be ticked) are the services'."""

from __future__ import annotations

from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from insyn.challenges import selectors
from insyn.challenges.models import (
    Challenge,
    Decision,
    Meeting,
    ScreenOutReason,
    StakeholderInformation,
    Step,
)
from insyn.challenges.public_forms import ChallengeForm
from insyn.core import identifiers
from insyn.core.models import Party, Unit
from insyn.procurement.models import Procurement
from insyn.registry.forms import DateInput, MultipleFileField


def _not_future(value):
    if value and value > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."))
    return value


def _active_units():
    return Unit.objects.filter(active=True).select_related("board")


class InboxFilterForm(forms.Form):
    step = forms.TypedChoiceField(label=_("Step"), coerce=int, empty_value=None, required=False)
    unit = forms.ModelChoiceField(label=_("Activity"), queryset=Unit.objects.none(), required=False)
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)
    closed = forms.BooleanField(label=_("Show closed challenges"), required=False)

    def __init__(self, *args, steps: list[Step], **kwargs):
        super().__init__(*args, **kwargs)
        orders = sorted({step.order for step in steps})
        numbered = {step.order: step.name for step in steps}
        cast(forms.TypedChoiceField, self.fields["step"]).choices = [
            ("", _("– all steps –")),
            *[(order, f"{order}. {numbered[order]}") for order in orders],
        ]
        unit_field = cast(forms.ModelChoiceField, self.fields["unit"])
        unit_field.queryset = _active_units()
        unit_field.empty_label = _("– all activities –")


class RegisterForm(ChallengeForm):
    """A challenge that came by post or e-mail: the public form's fields and checks, and
    how and when it arrived."""

    channel = forms.ChoiceField(
        label=_("Arrived by"),
        choices=[
            (Challenge.Channel.POST.value, Challenge.Channel.POST.label),
            (Challenge.Channel.EMAIL.value, Challenge.Channel.EMAIL.label),
        ],
    )
    received_on = forms.DateField(label=_("Received"), widget=DateInput(), validators=[_not_future])
    attachments = MultipleFileField(label=_("The letter or e-mail, and its attachments"))
    # Staff are not robots, and a registrar's second click is theirs to see.
    website = None  # type: ignore[assignment]
    submission_key = None  # type: ignore[assignment]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["challenger_kind"].label = _("The challenger is")
        self.fields["received_on"].initial = timezone.localdate()


class TickForm(forms.Form):
    action = forms.ChoiceField(choices=[("tick", "tick"), ("untick", "untick")])
    note = forms.CharField(max_length=300, required=False)


class AdvanceForm(forms.Form):
    to_step = forms.ModelChoiceField(
        label=_("Next step"), queryset=Step.objects.none(), empty_label=None
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, challenge: Challenge, **kwargs):
        super().__init__(*args, **kwargs)
        step = challenge.current_step
        cast(forms.ModelChoiceField, self.fields["to_step"]).queryset = (
            step.next_steps.order_by("order") if step is not None else Step.objects.none()
        )


class AssignForm(forms.Form):
    responsible = forms.ModelChoiceField(
        label=_("Business guide"),
        queryset=selectors.guides().none(),
        required=False,
        empty_label=_("– nobody –"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["responsible"]).queryset = selectors.guides()


class LetterForm(forms.Form):
    purpose = forms.ChoiceField(
        label=_("The letter"),
        choices=[
            ("", _("– other letter –")),
            ("receipt", _("confirms receipt of the challenge")),
            ("formal_challenge", _("confirms receipt of the formal challenge")),
            ("decision", _("tells the challenger the board's decision")),
        ],
        required=False,
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 6}))


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of document"),
        choices=[
            ("formal_challenge", _("the formal challenge")),
            ("other", _("other document from the challenger")),
        ],
    )
    description = forms.CharField(label=_("Short description"), max_length=400, required=False)
    document_date = forms.DateField(
        label=_("Date received"), widget=DateInput(), validators=[_not_future]
    )
    attachments = MultipleFileField(label=_("Files"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document_date"].initial = timezone.localdate()
        self.fields["attachments"].required = True


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of meeting"), choices=Meeting.Kind.choices)
    held_on = forms.DateField(label=_("Date"), widget=DateInput(), validators=[_not_future])
    participants = forms.CharField(
        label=_("Participants"), widget=forms.Textarea(attrs={"rows": 2})
    )
    notes = forms.CharField(
        label=_("Minutes"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("Write the minutes here, or attach them."),
    )
    attachments = MultipleFileField(label=_("Files"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = timezone.localdate()


class MeetingCorrectForm(forms.Form):
    meeting = forms.IntegerField(widget=forms.HiddenInput)
    held_on = forms.DateField(label=_("Date"), widget=DateInput(), validators=[_not_future])
    participants = forms.CharField(
        label=_("Participants"), widget=forms.Textarea(attrs={"rows": 2})
    )
    reason = forms.CharField(
        label=_("Why is it corrected?"),
        max_length=100,
        help_text=_("Kept in the meeting's history with your name and the time."),
    )


class StakeholderForm(forms.Form):
    groups = forms.MultipleChoiceField(
        label=_("Who was informed"),
        choices=StakeholderInformation.Group.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    informed_on = forms.DateField(label=_("Date"), widget=DateInput(), validators=[_not_future])
    method = forms.ChoiceField(label=_("How"), choices=StakeholderInformation.Method.choices)
    informed_by = forms.CharField(label=_("Informed by"), max_length=200)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["informed_on"].initial = timezone.localdate()


def _text(label) -> forms.CharField:
    return forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": 4}))


class AnalysisForm(forms.Form):
    problems = _text(_("Problems and challenges"))
    opportunities = _text(_("Opportunities"))
    economy = _text(_("Economy"))
    quality = _text(_("Quality"))
    environment = _text(_("Environment"))
    staff = _text(_("Staff"))
    recommendation = forms.CharField(
        label=_("Recommendation"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class DecisionForm(forms.Form):
    decided_on = forms.DateField(
        label=_("Date of the meeting"), widget=DateInput(), validators=[_not_future]
    )
    paragraph = forms.CharField(
        label=_("Paragraph (§)"), max_length=20, help_text=_("As in the minutes, e.g. § 123.")
    )
    outcome = forms.ChoiceField(
        label=_("Decision"), choices=Decision.Outcome.choices, widget=forms.RadioSelect
    )
    motivation = forms.CharField(
        label=_("Motivation"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ScreenOutForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=ScreenOutReason.choices)
    motivation = forms.CharField(
        label=_("Motivation to the challenger"), widget=forms.Textarea(attrs={"rows": 4})
    )


class WithdrawForm(forms.Form):
    message = forms.CharField(
        label=_("What the challenger said"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("E.g. at the joint meeting, by telephone or by letter."),
    )
    attachments = MultipleFileField(label=_("The letter or e-mail, if any"))


class ConfirmForm(forms.Form):
    """Reject and complete: a button, nothing to type."""


class AcceptForm(forms.Form):
    title = forms.CharField(label=_("Title of the procurement"), max_length=300)
    # An IOP is not a procurement procedure (it is made in the contract register).
    procedure = forms.ChoiceField(
        label=_("Procedure"),
        choices=[(p.value, p.label) for p in Procurement.NEW_PROCEDURES],
    )
    responsible = forms.ModelChoiceField(
        label=_("Responsible procurement officer"), queryset=selectors.procurement_officers()
    )

    def __init__(self, *args, challenge: Challenge, **kwargs):
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["responsible"]
        ).queryset = selectors.procurement_officers()
        self.fields["title"].initial = challenge.activity_label


class ProcurementForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Procurement.Status.choices)
    advertised_on = forms.DateField(label=_("Advertised"), widget=DateInput(), required=False)
    tender_deadline = forms.DateField(
        label=_("Last day for tenders"), widget=DateInput(), required=False
    )
    tenders_received = forms.IntegerField(
        label=_("Tenders received"), min_value=0, max_value=32767, required=False
    )
    evaluated_on = forms.DateField(label=_("Tenders evaluated"), widget=DateInput(), required=False)
    awarded_on = forms.DateField(label=_("Award decided"), widget=DateInput(), required=False)
    supplier = forms.ModelChoiceField(
        label=_("Supplier"),
        queryset=Party.objects.none(),
        required=False,
        empty_label=_("– not yet chosen –"),
    )
    # A supplier that is not in insyn yet: found or created by its org. number.
    supplier_name = forms.CharField(
        label=_("Or a new supplier: name"), max_length=200, required=False
    )
    supplier_org_number = forms.CharField(
        label=_("The new supplier's organisation number"), max_length=13, required=False
    )
    contract_signed_on = forms.DateField(
        label=_("Contract signed"), widget=DateInput(), required=False
    )

    FIELDS = (
        "status",
        "advertised_on",
        "tender_deadline",
        "tenders_received",
        "evaluated_on",
        "awarded_on",
        "supplier",
        "contract_signed_on",
    )

    def clean(self):
        data = super().clean() or {}
        number = (data.get("supplier_org_number") or "").strip()
        if number:
            try:
                identifiers.validate_org_number(number)
            except ValidationError as error:
                self.add_error("supplier_org_number", error)
                return data
            known = Party.objects.filter(org_number=identifiers.format_org_number(number))
            if not data.get("supplier_name") and not known.exists():
                self.add_error("supplier_name", _("Give the new supplier's name."))
        elif data.get("supplier_name"):
            self.add_error("supplier_org_number", _("Give the new supplier's organisation number."))
        return data

    def __init__(self, *args, procurement: Procurement | None, **kwargs):
        if procurement is not None and not kwargs.get("initial"):
            kwargs["initial"] = {name: getattr(procurement, name) for name in self.FIELDS}
            kwargs["initial"]["supplier"] = procurement.supplier_id
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["supplier"]).queryset = Party.objects.filter(
            kind__in=[Party.Kind.COMPANY, Party.Kind.NONPROFIT]
        ).order_by("name")


class SetUnitForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("The unit that runs the activity"), queryset=Unit.objects.none()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = _active_units().order_by(
            "board__name", "name"
        )


class ProcurementDocumentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of document"),
        choices=[
            ("advertisement", _("procurement documents (advertisement)")),
            ("tender", _("a tender (secret until the award)")),
            ("evaluation", _("the evaluation (secret until the award)")),
            ("award", _("the award decision")),
            ("contract", _("the contract")),
        ],
    )
    description = forms.CharField(label=_("Short description"), max_length=300, required=False)
    counterpart_name = forms.CharField(
        label=_("Tenderer or supplier"), max_length=200, required=False
    )
    counterpart_org_number = forms.CharField(
        label=_("Organisation number"), max_length=13, required=False
    )
    document_date = forms.DateField(
        label=_("Date"), widget=DateInput(), required=False, validators=[_not_future]
    )
    attachments = MultipleFileField(label=_("Files"))

    def clean_counterpart_org_number(self):
        number = self.cleaned_data["counterpart_org_number"].strip()
        if number:
            identifiers.validate_org_number(number)
        return number
