"""Forms of the procurement pages. They only parse what was typed; the rules (weights
adding up to 100 %, what may happen in which status) are the services'."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from insyn.contracts.forms import SekField
from insyn.core import identifiers
from insyn.core.models import Board, Party, Unit, User
from insyn.procurement import selectors
from insyn.procurement.models import EvaluationCriterion, Procurement, Tender
from insyn.registry.forms import DateInput, MultipleFileField
from insyn.registry.models import SecrecyGround


def _boards():
    return Board.objects.filter(active=True).order_by("name")


def _choice(field: forms.Field) -> forms.ModelChoiceField:
    return cast(forms.ModelChoiceField, field)


class DecimalCommaField(forms.DecimalField):
    """A decimal as Swedes write it, with a comma ("7,5") or a point."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widget.input_type = "text"
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".").replace(" ", "")
        return super().to_python(value)


QUARTERS = [("", _("– not decided –")), *[(str(q), f"Q{q}") for q in range(1, 5)]]


# --- The list -------------------------------------------------------------------------------


class ProcurementFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("– all –")), *Procurement.Status.choices],
    )
    board = forms.ModelChoiceField(
        label=_("Board"), queryset=Board.objects.none(), required=False, empty_label=_("– all –")
    )
    procedure = forms.ChoiceField(
        label=_("Procedure"),
        required=False,
        choices=[("", _("– all –")), *Procurement.Procedure.choices],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["year"]).choices = [
            ("", _("– all –")),
            *[(str(y), str(y)) for y in selectors.plan_years()],
        ]
        _choice(self.fields["board"]).queryset = _boards()


# --- Planning and changing -----------------------------------------------------------------


class ProcurementForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    procedure = forms.ChoiceField(
        label=_("Procedure"),
        # An IOP is not a procurement procedure; old IOP entries must choose another one.
        choices=[("", "–"), *[(p.value, p.label) for p in Procurement.NEW_PROCEDURES]],
        help_text=_(
            "A direct award or a simplified procedure only below the thresholds; "
            "the page warns if the estimated value does not allow it."
        ),
    )
    category = forms.ChoiceField(
        label=_("What is bought"),
        choices=Procurement.Category.choices,
        initial=Procurement.Category.SUPPLIES_SERVICES,
        required=False,
        help_text=_("Decides which EU threshold applies."),
    )
    reserved = forms.BooleanField(
        label=_("Reserved for non-profit organisations"),
        required=False,
    )
    estimated_value = SekField(
        label=_("Estimated value (SEK)"),
        help_text=_(
            "The total over the contract's whole length, options and extensions included, "
            "excluding VAT."
        ),
    )
    cpv_code = forms.CharField(
        label=_("CPV code"), max_length=12, required=False, help_text=_("NNNNNNNN-N")
    )
    board = forms.ModelChoiceField(label=_("Board"), queryset=Board.objects.none())
    other_boards = forms.ModelMultipleChoiceField(
        label=_("Other boards taking part"),
        queryset=Board.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=Unit.objects.none(), required=False, empty_label=_("– none –")
    )
    responsible = forms.ModelChoiceField(
        label=_("Responsible procurement officer"), queryset=User.objects.none()
    )
    plan_year = forms.IntegerField(label=_("Planned year"), min_value=2000, max_value=2100)
    plan_quarter = forms.TypedChoiceField(
        label=_("Planned quarter"),
        choices=QUARTERS,
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args, user: User, procurement: Procurement | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # The board answering for the procurement: one the officer plans for (and the one it
        # has). Other boards may take part whoever plans it.
        from insyn.core.legal import cite

        self.fields["reserved"].help_text = _(
            "Reserved under %(lou)s or %(lov)s: only for a reserved procurement or a choice system."
        ) % {
            "lou": cite("lou_reserved_ideburna", short=True),
            "lov": cite("lov_reserved_ideburna", short=True),
        }
        own = [b.pk for b in _boards() if selectors.user_can_plan(user, b)]
        if procurement is not None:
            own.append(procurement.board_id)
        _choice(self.fields["board"]).queryset = _boards().filter(pk__in=own)
        cast(forms.ModelMultipleChoiceField, self.fields["other_boards"]).queryset = _boards()
        _choice(self.fields["unit"]).queryset = (
            Unit.objects.filter(active=True).select_related("board").order_by("board__name", "name")
        )
        _choice(self.fields["responsible"]).queryset = selectors.procurement_officers()
        self.fields["plan_year"].widget.input_type = "text"
        self.fields["plan_year"].widget.attrs.update({"inputmode": "numeric", "size": "6"})

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "description": data["description"],
            "procedure": data["procedure"],
            "category": data["category"] or Procurement.Category.SUPPLIES_SERVICES,
            "reserved": data["reserved"],
            "estimated_value": data["estimated_value"],
            "cpv_code": data["cpv_code"],
            "board": data["board"],
            "other_boards": list(data["other_boards"]),
            "unit": data["unit"],
            "responsible": data["responsible"],
            "plan_year": data["plan_year"],
            "plan_quarter": data["plan_quarter"],
        }


# --- The forms of the procurement page ------------------------------------------------------


class FollowupForm(forms.Form):
    approach = forms.CharField(
        label=_("How the contract will be followed up"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "For example: which requirements are followed up, how often, by whom, and how "
            "the provider reports."
        ),
    )


class CriterionForm(forms.Form):
    name = forms.CharField(label=_("Criterion"), max_length=200, required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", "–"), *EvaluationCriterion.Kind.choices], required=False
    )
    weight = DecimalCommaField(
        label=_("Weight (%)"), max_digits=5, decimal_places=2, required=False, min_value=0
    )

    def clean(self):
        data = super().clean() or {}
        filled = [data.get("name"), data.get("kind"), data.get("weight")]
        if any(v not in (None, "") for v in filled):
            if not data.get("name") and "name" not in self.errors:
                self.add_error("name", _("Name the criterion."))
            if not data.get("kind") and "kind" not in self.errors:
                self.add_error("kind", _("Choose price or quality."))
            if data.get("weight") is None and "weight" not in self.errors:
                self.add_error("weight", _("Give the weight."))
        return data


class BaseCriterionFormSet(forms.BaseFormSet):
    def rows(self) -> list[tuple[str, str, Decimal]]:
        """The rows filled in; empty rows are left out."""
        rows = []
        for form in self.forms:
            data = form.cleaned_data
            if data.get("name") and data.get("kind") and data.get("weight") is not None:
                rows.append((data["name"], data["kind"], data["weight"]))
        return rows


def criteria_formset(data=None, *, initial=None, extra: int = 3) -> BaseCriterionFormSet:
    """The criteria's rows and a few empty ones (no JavaScript needed to add a row)."""
    formset_class = forms.formset_factory(
        CriterionForm, formset=BaseCriterionFormSet, extra=extra, max_num=20, validate_max=True
    )
    # As the contract's shares: rows are shown from `initial` but read only from what was
    # sent, so that a row equal to its initial value is not skipped as unchanged.
    return cast(
        BaseCriterionFormSet,
        formset_class(data, initial=None if data is not None else initial, prefix="criteria"),
    )


class TenderForm(forms.Form):
    tenderer_name = forms.CharField(label=_("Tenderer"), max_length=200)
    tenderer_kind = forms.ChoiceField(
        label=_("Kind of tenderer"),
        choices=[
            (Party.Kind.COMPANY.value, _("company")),
            (Party.Kind.NONPROFIT.value, _("non-profit organisation (idéburen)")),
        ],
        initial=Party.Kind.COMPANY.value,
        help_text=_(
            "A sole trader's number is the owner's personnummer; insyn recognises it and "
            "never shows the name or number publicly."
        ),
    )
    tenderer_org_number = forms.CharField(
        label=_("Organisation number"), max_length=13, help_text=_("NNNNNN-NNNN")
    )
    received_on = forms.DateField(label=_("Received"), widget=DateInput())
    price = SekField(label=_("Tendered price (SEK)"))
    attachments = MultipleFileField(
        label=_("The tender"), help_text=_("Registered in the case as secret (OSL 19:3).")
    )

    def clean_tenderer_org_number(self) -> str:
        number = self.cleaned_data["tenderer_org_number"].strip()
        identifiers.validate_org_number(number)
        return number

    def clean_attachments(self):
        # MultipleFileField is optional by design; a tender is registered with its file.
        files = self.cleaned_data.get("attachments") or []
        if not files:
            raise ValidationError(_("Attach the tender."))
        return files


class ScoreForm(forms.Form):
    """A score 0–10 and a comment for each criterion of the procurement."""

    def __init__(self, *args, criteria: Sequence[EvaluationCriterion], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"score_{criterion.pk}"] = DecimalCommaField(
                label=_("%(criterion)s (%(weight)s %%): score 0–10")
                % {"criterion": criterion.name, "weight": f"{criterion.weight:g}"},
                max_digits=4,
                decimal_places=2,
                min_value=0,
                max_value=10,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment on %(criterion)s") % {"criterion": criterion.name},
                max_length=500,
                required=False,
            )

    def scores(self) -> dict[EvaluationCriterion, Decimal]:
        return {c: self.cleaned_data[f"score_{c.pk}"] for c in self.criteria}

    def comments(self) -> dict[EvaluationCriterion, str]:
        return {c: self.cleaned_data[f"comment_{c.pk}"] for c in self.criteria}


class DisqualifyForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for disqualifying the tender"),
        max_length=300,
        help_text=_("For example: a mandatory requirement is not met."),
    )


class TenderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Tender) -> str:
        return obj.tenderer.name


class AwardForm(forms.Form):
    tender = TenderChoiceField(
        label=_("Winning tender"), queryset=Tender.objects.none(), empty_label="–"
    )
    decided_on = forms.DateField(label=_("Date of the award decision"), widget=DateInput())
    notice_sent_on = forms.DateField(
        label=_("Notice of the decision sent to the tenderers"),
        widget=DateInput(),
        required=False,
        help_text=_(
            "The standstill period (avtalsspärr) runs from this day; empty: the day of the "
            "decision."
        ),
    )
    notice_electronic = forms.TypedChoiceField(
        label=_("How the notice was sent"),
        choices=[
            ("1", _("electronically (e-mail, the procurement system): 10 days' standstill")),
            ("0", _("otherwise (e.g. by post): 15 days' standstill")),
        ],
        coerce=lambda value: value == "1",
        initial="1",
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, procurement: Procurement, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("decided_on", timezone.localdate())
        kwargs["initial"].setdefault("notice_sent_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        _choice(self.fields["tender"]).queryset = Tender.objects.filter(
            procurement=procurement, disqualified=False
        ).select_related("tenderer")


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with the procurement and in its history."),
    )


class ContractFromAwardForm(forms.Form):
    number = forms.CharField(label=_("Contract number"), max_length=40)
    start_date = forms.DateField(label=_("Start"), widget=DateInput())
    end_date = forms.DateField(label=_("End"), widget=DateInput(), required=False)
    yearly_value = SekField(label=_("Estimated yearly value (SEK)"), max_digits=14)
    total_value = SekField(label=_("Estimated total value (SEK)"))


class ReviewForm(forms.Form):
    court = forms.CharField(
        label=_("Court"),
        max_length=200,
        help_text=_("For example: Förvaltningsrätten i Stockholm."),
    )
    case_number = forms.CharField(label=_("The court's case number"), max_length=50, required=False)
    filed_on = forms.DateField(label=_("Request filed at the court"), widget=DateInput())


class ReviewDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("The court decided"),
        choices=[
            (Procurement.Review.REJECTED.value, Procurement.Review.REJECTED.label),
            (Procurement.Review.CORRECTION.value, Procurement.Review.CORRECTION.label),
            (Procurement.Review.REDO.value, Procurement.Review.REDO.label),
        ],
        widget=forms.RadioSelect,
    )
    decided_on = forms.DateField(label=_("Date of the court's decision"), widget=DateInput())


class TenderSecrecyForm(forms.Form):
    """What of a tender stays secret after the award (OSL 19 kap. 3 § has ended)."""

    secrecy = forms.ChoiceField(
        label=_("After the award the tender is"),
        choices=[
            ("public", _("public")),
            ("partial", _("partly secret: masked fields, with a ground")),
            ("secret", _("secret, with a ground")),
        ],
        widget=forms.RadioSelect,
    )
    secrecy_ground = forms.ModelChoiceField(
        label=_("Secrecy ground"),
        queryset=SecrecyGround.objects.none(),
        required=False,
        empty_label="–",
    )
    mask_counterpart = forms.BooleanField(label=_("Mask the tenderer"), required=False)
    mask_description = forms.BooleanField(label=_("Mask the description"), required=False)
    reason = forms.CharField(
        label=_("Why"),
        max_length=500,
        help_text=_("Kept in the document's history, e.g. which parts are business secrets."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from insyn.procurement import law

        self.fields["secrecy_ground"].help_text = _(
            "For example %(law)s for a tenderer's business secrets."
        ) % {"law": law.OSL_BUSINESS_SECRETS}
        chapter, section = law.OSL_TENDERS_GROUND
        _choice(self.fields["secrecy_ground"]).queryset = SecrecyGround.objects.filter(
            active=True
        ).exclude(chapter=chapter, section=section)
