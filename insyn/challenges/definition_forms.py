"""Forms of the process definition pages: the version's name and board, and one step with
its checklist (a formset, so items can be changed, added and removed on one page)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from insyn.challenges import definitions
from insyn.challenges.models import Action, Exit, ProcessDefinition, Step
from insyn.core.models import Role


class DefinitionForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Shown to the public on the page about the right to challenge."),
    )
    board = forms.ModelChoiceField(
        label=_("Deciding board"),
        queryset=definitions.boards(),
        required=False,
        empty_label=_("The executive board (the challenge series' board)"),
        help_text=_("Challenges are registered in its series, and it decides them."),
    )


class StepForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Shown to the public on the challenge page."),
    )
    responsible_role = forms.ChoiceField(label=_("Responsible role"), choices=Role.choices)
    deadline_working_days = forms.IntegerField(
        label=_("Deadline in working days"),
        required=False,
        min_value=1,
        max_value=definitions.MAX_DEADLINE,
        help_text=_("Counted from the day the step is entered. Empty: no deadline."),
    )
    notify_roles = forms.MultipleChoiceField(
        label=_("Roles e-mailed when a challenge enters the step"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notify_challenger = forms.BooleanField(
        label=_("Tell the challenger when a challenge enters the step"), required=False
    )
    expected_documents = forms.CharField(
        label=_("Documents expected"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line."),
    )
    next_steps = forms.ModelMultipleChoiceField(
        label=_("Allowed next steps"),
        queryset=Step.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    exits = forms.MultipleChoiceField(
        label=_("Allowed endings in this step"),
        choices=Exit.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, definition: ProcessDefinition, step: Step | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the same version's other steps: an id from another version is refused.
        steps = definition.steps.order_by("order")
        if step is not None:
            steps = steps.exclude(pk=step.pk)
        field = self.fields["next_steps"]
        field.queryset = steps  # type: ignore[attr-defined]
        field.label_from_instance = str  # type: ignore[attr-defined]


class ChecklistItemForm(forms.Form):
    text = forms.CharField(label=_("Item"), max_length=300, required=False)
    action = forms.ChoiceField(
        label=_("Ticked by insyn when"),
        choices=[("", _("– ticked by hand –")), *Action.choices],
        required=False,
    )
    required = forms.BooleanField(
        label=_("Required before the next step"), required=False, initial=True
    )
    order = forms.IntegerField(label=_("Order"), required=False, min_value=0, max_value=999)

    def clean(self):
        data = super().clean() or {}
        if data.get("action") and not (data.get("text") or "").strip():
            self.add_error("text", _("Write the item's text."))
        return data


ChecklistFormSet = forms.formset_factory(
    ChecklistItemForm, extra=3, can_delete=True, max_num=100, absolute_max=100
)


def checklist_initial(step: Step | None) -> list[dict]:
    if step is None:
        return []
    return [
        {"text": item.text, "action": item.action, "required": item.required, "order": item.order}
        for item in step.checklist.all()
    ]


def checklist_rows(formset) -> list[definitions.ChecklistRow]:
    """The items to keep: rows not marked for removal and not left empty."""
    rows = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or data.get("DELETE") or not (data.get("text") or "").strip():
            continue
        rows.append(
            definitions.ChecklistRow(
                text=data["text"],
                action=data.get("action") or "",
                required=bool(data.get("required")),
                order=data.get("order"),
            )
        )
    return rows
