"""Forms of the follow-up's staff pages. They parse what was typed and offer only what the
page may offer (the board's contracts, the contract's requirements); the rules of the
follow-up (a locked plan, a date in the plan's year, what a report needs before it is
submitted) are the services'."""

from __future__ import annotations

import copy
from typing import cast

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from insyn.contracts.models import Contract, Requirement
from insyn.core.models import Board, User
from insyn.followup import selectors
from insyn.followup.cycle_forms import reason_field
from insyn.followup.models import Assessment, FollowUpReport, Measure
from insyn.registry.forms import DateInput, DocumentFieldsForm, MultipleFileField
from insyn.registry.models import SecrecyGround

MIN_YEAR, MAX_YEAR = 2000, 2100


def _year_field(**kwargs) -> forms.IntegerField:
    return forms.IntegerField(label=_("Year"), min_value=MIN_YEAR, max_value=MAX_YEAR, **kwargs)


def contract_label(contract: Contract) -> str:
    label = f"{contract.number} {contract.title} – {contract.provider_name}"
    if contract.is_in_house:
        label += " " + str(_("(in-house)"))
    if getattr(contract, "is_strategic", False):
        label += " " + str(_("(strategic)"))
    return label


class ContractChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return contract_label(obj)


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class OverviewFilterForm(forms.Form):
    board = forms.ModelChoiceField(label=_("Board"), queryset=Board.objects.none(), required=False)
    year = _year_field(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        board_field = cast(forms.ModelChoiceField, self.fields["board"])
        board_field.queryset = Board.objects.filter(active=True).order_by("name")
        board_field.empty_label = _("– all boards –")


class PlanCreateForm(forms.Form):
    board = forms.ModelChoiceField(label=_("Board"), queryset=Board.objects.none())
    year = _year_field()

    def __init__(self, *args, boards: list[Board], **kwargs):
        super().__init__(*args, **kwargs)
        # Only the boards the user drafts plans for; another board is not a valid choice.
        cast(forms.ModelChoiceField, self.fields["board"]).queryset = Board.objects.filter(
            pk__in=[b.pk for b in boards]
        ).order_by("name")
        self.fields["year"].initial = timezone.localdate().year


class PlanItemForm(forms.Form):
    contract = ContractChoiceField(
        label=_("Contract"),
        queryset=Contract.objects.none(),
        help_text=_(
            "The board's strategic contracts first; in-house agreements on the same terms."
        ),
    )
    method = forms.CharField(
        label=_("How"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: meeting with the provider, visit, survey, data."),
    )
    due_on = forms.DateField(label=_("When"), widget=DateInput())
    responsible = UserChoiceField(
        label=_("Responsible"), queryset=selectors.staff_users(), required=False
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        # A contract of another board (a forged id) is not among the choices: refused here.
        cast(forms.ModelChoiceField, self.fields["contract"]).queryset = selectors.board_contracts(
            plan.board, plan.year
        )
        cast(forms.ModelChoiceField, self.fields["responsible"]).queryset = selectors.staff_users()
        self.fields["due_on"].widget.attrs.update(
            {"min": f"{plan.year}-01-01", "max": f"{plan.year}-12-31"}
        )


class PlanDecideForm(forms.Form):
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput())
    paragraph = forms.CharField(
        label=_("Paragraph (§)"), max_length=18, help_text=_("For example: § 45.")
    )


class ReportCreateForm(forms.Form):
    contract = ContractChoiceField(label=_("Contract"), queryset=Contract.objects.none())
    year = _year_field()

    def __init__(self, *args, contracts, **kwargs):
        super().__init__(*args, **kwargs)
        # Only contracts the user reports on: another manager's contract is refused here.
        cast(forms.ModelChoiceField, self.fields["contract"]).queryset = contracts
        self.fields["year"].initial = timezone.localdate().year


class EvidenceChoiceField(forms.ModelMultipleChoiceField):
    # Whose form it is: a secret document's description is only in their labels if the
    # diarium lets them see it.
    viewer: User | AnonymousUser = AnonymousUser()

    def label_from_instance(self, obj):
        seen = selectors.evidence_as_seen_by(self.viewer, obj)
        label = f"{seen.number} {seen.description}"
        return f"{label} ({seen.secrecy_reference})" if seen.withheld else label


# The secrecy choices of uploaded evidence are those of any registered document: the
# diarium's own fields (their rules are checked by registry.services.document_register).
EVIDENCE_SECRECY_FIELDS = ("secrecy", "secrecy_ground", "mask_description")


class AssessmentForm(forms.Form):
    requirement = forms.ModelChoiceField(
        queryset=Requirement.objects.none(), widget=forms.HiddenInput
    )
    result = forms.ChoiceField(
        label=_("Result"), choices=Assessment.Result.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    evidence = EvidenceChoiceField(
        label=_("Evidence in the contract's case"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    upload = MultipleFileField(
        label=_("Upload evidence"),
        help_text=_(
            "Registered as a document in the contract's case, with the secrecy chosen "
            "below. Its files are not published in the postlista unless you say so."
        ),
    )
    # Opt-in, so that the files stay unpublished whatever a client leaves out: evidence
    # often names staff, users or relatives (registered as "contains personal data").
    files_public = forms.BooleanField(
        label=_("The files contain no personal data and may be published in the postlista"),
        required=False,
    )
    reason = reason_field()

    def __init__(
        self,
        *args,
        report: FollowUpReport,
        user: User | AnonymousUser | None = None,
        changing: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        if not changing:
            # Asked only when an assessment is changed: a first one needs no reason.
            del self.fields["reason"]
        contract = report.contract
        cast(
            forms.ModelChoiceField, self.fields["requirement"]
        ).queryset = selectors.essential_requirements(contract)
        self.has_case = contract.case_id is not None
        if self.has_case:
            evidence = cast(EvidenceChoiceField, self.fields["evidence"])
            evidence.queryset = selectors.case_documents(contract)
            evidence.viewer = user or AnonymousUser()
            for name in EVIDENCE_SECRECY_FIELDS:
                self.fields[name] = copy.deepcopy(DocumentFieldsForm.base_fields[name])
            self.fields["secrecy"].required = False
            self.fields["secrecy"].help_text = _("Of the uploaded evidence.")
            cast(
                forms.ModelChoiceField, self.fields["secrecy_ground"]
            ).queryset = SecrecyGround.objects.filter(active=True)
            self.order_fields(
                [
                    *("requirement", "result", "comment", "evidence", "upload"),
                    *EVIDENCE_SECRECY_FIELDS,
                    "files_public",
                ]
            )
        else:
            # Evidence is a registered document; without the contract's case there is
            # nowhere to register it (the page says so).
            del self.fields["evidence"]
            del self.fields["upload"]
            del self.fields["files_public"]

    def clean(self):
        data = super().clean()
        if not self.has_case and self.files:
            raise ValidationError(
                _(
                    "Evidence documents are registered in the contract's case, and the "
                    "contract has none. Ask the registrar to tie the contract to its case."
                )
            )
        return data


class DeficiencyForm(forms.Form):
    requirement = forms.ModelChoiceField(
        label=_("Requirement"),
        queryset=Requirement.objects.none(),
        required=False,
        empty_label=_("– none –"),
    )
    description = forms.CharField(label=_("Deficiency"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, report: FollowUpReport, **kwargs):
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["requirement"]
        ).queryset = report.contract.requirements.order_by("order", "id")


class DeficiencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.description[:80]


class MeasureForm(forms.Form):
    description = forms.CharField(label=_("Measure"), widget=forms.Textarea(attrs={"rows": 3}))
    deficiency = DeficiencyChoiceField(
        label=_("For the deficiency"), queryset=None, required=False, empty_label=_("– none –")
    )
    responsible = forms.CharField(label=_("Responsible"), max_length=200)
    due_on = forms.DateField(label=_("Due"), widget=DateInput())

    def __init__(self, *args, report: FollowUpReport, **kwargs):
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["deficiency"]
        ).queryset = report.deficiencies.order_by("id")


class MeasureStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Measure.Status.choices)


class GoalChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.board.code}: {obj.title}"


class ReportTextForm(forms.Form):
    goal_effect = forms.CharField(
        label=_("Effect on the board's goal attainment"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("How the deficiencies have affected, or affect, the board's goals."),
    )
    goals = GoalChoiceField(
        label=_("Goals affected"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    partner_view = forms.CharField(
        label=_("The provider's view of the cooperation"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args, report: FollowUpReport, **kwargs):
        super().__init__(*args, **kwargs)
        if report.partner_view_received_on and report.partner_view:
            self.fields["partner_view"].help_text = _(
                "Written by the provider on %(date)s, through the link it was sent."
            ) % {"date": date_format(report.partner_view_received_on, "Y-m-d")}
        goals = cast(forms.ModelMultipleChoiceField, self.fields["goals"])
        goals.queryset = selectors.report_goal_choices(report)
        if not goals.queryset.exists():
            # Kept (a goal sent anyway is refused), with a word on why there is no choice.
            goals.help_text = _(
                "No goals of the year are registered for the contract's boards; an "
                "administrator adds them from the boards' business plans."
            )


class PublishForm(forms.Form):
    public_summary = forms.CharField(
        label=_("Summary for the public"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        help_text=_(
            "Written for the public: what was followed up and what the result was. Name no "
            "users, relatives or staff. Next to it the public page shows the number of "
            "essential requirements met, partly met and not met, the number of deficiencies "
            "by area and the number of measures in the action plan by status; nothing else "
            "of the report."
        ),
    )


class PartnerLinkForm(forms.Form):
    email = forms.EmailField(
        max_length=254,  # what the outbox keeps
        label=_("The provider's e-mail address"),
        help_text=_(
            "The provider gets a link to a page where it writes its view of the "
            "cooperation; the view then appears in this report. For an in-house unit, "
            "give the address of the unit's head."
        ),
    )


class PartnerViewForm(forms.Form):
    """The provider's own form, on the page its secret link opens."""

    text = forms.CharField(
        label=_("Your view of the cooperation"),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=10000,
        help_text=_(
            "For example: how the cooperation with the kommun has worked during the year, "
            "what has gone well and what could be better. Do not name the people you "
            "provide the service to."
        ),
    )
