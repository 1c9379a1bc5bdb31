"""Forms of the contract register's staff pages. They only parse what was typed; the
register's rules (one provider, shares adding up to 100 %, an end after the start) are
checked by insyn.contracts.services.contract_check, so a form and an import row are
accepted on exactly the same terms."""

from __future__ import annotations

from decimal import Decimal
from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from insyn.contracts import selectors
from insyn.contracts.models import Area, Contract, LabourTopic, Level, RequirementTemplate
from insyn.core import identifiers
from insyn.core.legal import cite
from insyn.core.models import Board, Party, Unit
from insyn.registry.forms import DateInput
from insyn.registry.models import SecrecyGround

# The provider kinds of the list's filter: the party kinds, and the organisation's own units.
IN_HOUSE = "in_house"


class SekField(forms.DecimalField):
    """Whole kronor, as people write them: "1 200 000" (spaces, also no-break ones)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 15)
        kwargs.setdefault("decimal_places", 0)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.input_type = "text"
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def to_python(self, value):
        if isinstance(value, str):
            value = "".join(value.split()).replace("\u202f", "")
        return super().to_python(value)


def _boards():
    return Board.objects.filter(active=True).order_by("code")


def _choice(field: forms.Field) -> forms.ModelChoiceField:
    return cast(forms.ModelChoiceField, field)


# --- The list and the expiry watch ----------------------------------------------------------


class ContractFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        max_length=200,
        required=False,
        help_text=_("Number, title, provider or CPV code."),
    )
    board = forms.ModelChoiceField(
        label=_("Board"), queryset=Board.objects.none(), required=False, empty_label=_("– all –")
    )
    provider_kind = forms.ChoiceField(label=_("Provider"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind of agreement"),
        required=False,
        choices=[("", _("– all –")), *Contract.Kind.choices],
    )
    running = forms.BooleanField(label=_("Running today"), required=False)
    strategic = forms.BooleanField(label=_("Strategic"), required=False)
    mine = forms.BooleanField(label=_("My contracts"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _choice(self.fields["board"]).queryset = _boards()
        cast(forms.ChoiceField, self.fields["provider_kind"]).choices = [
            ("", _("– all –")),
            (Party.Kind.COMPANY.value, Party.Kind.COMPANY.label),
            (Party.Kind.NONPROFIT.value, Party.Kind.NONPROFIT.label),
            (Party.Kind.PUBLIC_BODY.value, Party.Kind.PUBLIC_BODY.label),
            (Party.Kind.PRIVATE_PERSON.value, Party.Kind.PRIVATE_PERSON.label),
            (IN_HOUSE, _("in-house unit (egen regi)")),
        ]


class ExpiringForm(forms.Form):
    months = forms.IntegerField(label=_("Months ahead"), min_value=1, max_value=36, initial=6)
    board = forms.ModelChoiceField(
        label=_("Board"), queryset=Board.objects.none(), required=False, empty_label=_("– all –")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _choice(self.fields["board"]).queryset = _boards()


# --- Registering and changing a contract ----------------------------------------------------


class ContractForm(forms.Form):
    number = forms.CharField(label=_("Contract number"), max_length=40)
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    kind = forms.ChoiceField(label=_("Kind of contract"), choices=Contract.Kind.choices)
    provider_party = forms.ModelChoiceField(
        label=_("Provider"),
        queryset=Party.objects.none(),
        required=False,
        empty_label=_("– choose, or give a new one below –"),
    )
    new_party_kind = forms.ChoiceField(
        label=_("The new provider is"),
        choices=[
            (Party.Kind.COMPANY.value, Party.Kind.COMPANY.label),
            (Party.Kind.NONPROFIT.value, Party.Kind.NONPROFIT.label),
            (Party.Kind.PUBLIC_BODY.value, Party.Kind.PUBLIC_BODY.label),
        ],
        required=False,
    )
    new_party_name = forms.CharField(label=_("Name"), max_length=200, required=False)
    new_party_org_number = forms.CharField(
        label=_("Organisation number"),
        max_length=13,
        required=False,
        help_text=_("NNNNNN-NNNN. An existing party with this number is used."),
    )
    provider_unit = forms.ModelChoiceField(
        label=_("In-house unit"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("– not an in-house provider –"),
        help_text=_("For an internal agreement (egen regi)."),
    )
    start_date = forms.DateField(label=_("Start"), widget=DateInput())
    end_date = forms.DateField(label=_("End"), widget=DateInput(), required=False)
    extension_terms = forms.CharField(
        label=_("Extension options"),
        max_length=200,
        required=False,
        help_text=_("For example: 2 + 1 + 1 years."),
    )
    latest_end_date = forms.DateField(
        label=_("Latest end with every extension"), widget=DateInput(), required=False
    )
    notice_date = forms.DateField(
        label=_("Notice date"),
        widget=DateInput(),
        required=False,
        help_text=_("The last day to give notice or to use an extension option."),
    )
    yearly_value = SekField(label=_("Estimated yearly value (SEK)"), max_digits=14)
    total_value = SekField(label=_("Estimated total value (SEK)"))
    values_secret = forms.BooleanField(label=_("The values are secret"), required=False)
    values_secrecy_ground = forms.ModelChoiceField(
        label=_("Secrecy ground"),
        queryset=SecrecyGround.objects.none(),
        required=False,
        empty_label=_("– none –"),
    )
    cpv_code = forms.CharField(
        label=_("CPV code"), max_length=12, required=False, help_text=_("NNNNNNNN-N")
    )
    procedure = forms.ChoiceField(label=_("Procedure"), choices=Contract.Procedure.choices)
    reserved = forms.BooleanField(label=_("Reserved for non-profit organisations"), required=False)
    value_level = forms.ChoiceField(
        label=_("Value"), choices=[("", _("– not classified –")), *Level.choices], required=False
    )
    impact_level = forms.ChoiceField(
        label=_("Impact on the activity"),
        choices=[("", _("– not classified –")), *Level.choices],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _choice(self.fields["provider_party"]).queryset = Party.objects.order_by("name")
        _choice(self.fields["provider_unit"]).queryset = Unit.objects.filter(
            delivers_in_house=True
        ).order_by("name")
        _choice(self.fields["values_secrecy_ground"]).queryset = SecrecyGround.objects.filter(
            active=True
        )
        # The citations come from insyn.core.legal; set here, in the request's language.
        self.fields["values_secrecy_ground"].help_text = _(
            "For example %(law)s, the provider's business secrets."
        ) % {"law": cite("osl_business", short=True)}
        self.fields["reserved"].help_text = _(
            "Reserved for idéburna organisations under %(lou)s or %(lov)s, or for "
            "organisations meeting certain conditions under %(lou_conditions)s."
        ) % {
            "lou": cite("lou_reserved_ideburna", short=True),
            "lov": cite("lov_reserved_ideburna", short=True),
            "lou_conditions": cite("lou_reserved_conditions", short=True),
        }

    def clean_new_party_org_number(self) -> str:
        number = self.cleaned_data["new_party_org_number"].strip()
        if number:
            identifiers.validate_org_number(number)
        return number

    def clean(self):
        data = super().clean() or {}
        new_party = bool(data.get("new_party_name", "").strip() or data.get("new_party_org_number"))
        if new_party:
            if data.get("provider_party") is not None:
                self.add_error(
                    "new_party_name", _("Choose a provider from the list or give a new one.")
                )
            if not data.get("new_party_org_number") and "new_party_org_number" not in self.errors:
                # Without a number the party cannot be told apart from another by the name.
                self.add_error(
                    "new_party_org_number", _("Give the new provider's organisation number.")
                )
        return data

    def wants_new_party(self) -> bool:
        return bool(self.cleaned_data.get("new_party_org_number"))


class ContractEditForm(ContractForm):
    reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=100,
        help_text=_("Kept in the contract's history."),
    )


class ShareForm(forms.Form):
    board = forms.ModelChoiceField(
        label=_("Board"), queryset=Board.objects.none(), required=False, empty_label="–"
    )
    share = forms.DecimalField(label=_("Share (%)"), max_digits=5, decimal_places=2, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _choice(self.fields["board"]).queryset = _boards()
        self.fields["share"].widget.input_type = "text"
        self.fields["share"].widget.attrs["inputmode"] = "decimal"

    def clean(self):
        data = super().clean() or {}
        board, share = data.get("board"), data.get("share")
        if board is None and share is not None and "board" not in self.errors:
            self.add_error("board", _("Choose the board."))
        if board is not None and share is None and "share" not in self.errors:
            self.add_error("share", _("Give the board's share."))
        return data


class BaseShareFormSet(forms.BaseFormSet):
    def shares(self) -> list[tuple[Board, Decimal]]:
        """The rows filled in; an emptied row removes the board from the contract."""
        rows = []
        for form in self.forms:
            board, share = form.cleaned_data.get("board"), form.cleaned_data.get("share")
            if board is not None and share is not None:
                rows.append((board, share))
        return rows


def share_formset(data=None, *, initial=None, extra: int = 3) -> BaseShareFormSet:
    """The boards' shares: the contract's rows and a few empty ones (no JavaScript to add
    rows, so there are always some to fill in)."""
    formset_class = forms.formset_factory(
        ShareForm, formset=BaseShareFormSet, extra=extra, max_num=20, validate_max=True
    )
    # The rows are shown from `initial`, but read only from what was sent: with `initial`
    # a sent row equal to it would count as unchanged and be skipped as empty.
    return cast(
        BaseShareFormSet,
        formset_class(data, initial=None if data is not None else initial, prefix="shares"),
    )


# --- The forms of the contract page ---------------------------------------------------------


class AppointForm(forms.Form):
    manager = forms.ModelChoiceField(
        label=_("Contract manager"),
        queryset=selectors.contract_managers().none(),
        required=False,
        empty_label=_("– nobody –"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _choice(self.fields["manager"]).queryset = selectors.contract_managers()


class ClassifyForm(forms.Form):
    value_level = forms.ChoiceField(
        label=_("Value"), choices=Level.choices, widget=forms.RadioSelect
    )
    impact_level = forms.ChoiceField(
        label=_("Impact on the activity"), choices=Level.choices, widget=forms.RadioSelect
    )


class StrategicForm(forms.Form):
    strategic = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1", widget=forms.HiddenInput
    )


class TerminateForm(forms.Form):
    terminated_on = forms.DateField(
        label=_("Last day of the contract"),
        widget=DateInput(),
        help_text=_("Not before the start, nor after the end date."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=100,
        help_text=_("For example: notice given by the provider. Kept in the contract's history."),
    )


class RequirementForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("Requirement"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    area = forms.ChoiceField(label=_("Area"), choices=[("", "–"), *Area.choices])
    labour_topic = forms.ChoiceField(
        label=_("Labour condition"),
        choices=[("", _("– not a labour condition –")), *LabourTopic.choices],
        required=False,
    )
    essential = forms.BooleanField(
        label=_("Essential"),
        required=False,
        help_text=_("Reported on in the yearly follow-up."),
    )


class TemplatesForm(forms.Form):
    """Whole groups of templates (e.g. "Hemtjänst"), single templates, or both."""

    groups = forms.MultipleChoiceField(
        label=_("Groups of requirements"), required=False, widget=forms.CheckboxSelectMultiple
    )
    templates = forms.ModelMultipleChoiceField(
        label=_("Single requirements"),
        queryset=RequirementTemplate.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        active = RequirementTemplate.objects.filter(active=True).order_by("group", "title")
        cast(forms.ModelMultipleChoiceField, self.fields["templates"]).queryset = active
        groups = sorted(set(active.values_list("group", flat=True)))
        cast(forms.MultipleChoiceField, self.fields["groups"]).choices = [(g, g) for g in groups]

    def clean(self):
        data = super().clean() or {}
        if not data.get("groups") and not data.get("templates") and not self.errors:
            raise ValidationError(_("Choose a group or at least one requirement."))
        return data

    def chosen(self) -> list[RequirementTemplate]:
        data = self.cleaned_data
        qs = RequirementTemplate.objects.filter(active=True)
        picked = {t.pk for t in data.get("templates") or []}
        chosen = qs.filter(group__in=data.get("groups") or []) | qs.filter(pk__in=picked)
        return list(chosen.distinct().order_by("group", "title"))
