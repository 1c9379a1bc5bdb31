from typing import cast

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.template import Engine, TemplateSyntaxError
from django.template.base import Variable, VariableNode
from django.template.defaulttags import ForNode
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from insyn.notifications.models import EmailTemplate, OutgoingEmail


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = ["event", "recipient", "subject", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["event", "recipient", "subject"]
    readonly_fields = [f.name for f in OutgoingEmail._meta.fields]

    def has_add_permission(self, request):
        return False


def _known_fields(key: str) -> list[str]:
    from insyn.notifications.services import DEFAULT_TEMPLATES

    fields = DEFAULT_TEMPLATES[key][2] if key in DEFAULT_TEMPLATES else ""
    return [name.strip() for name in fields.split(",") if name.strip()]


def _check_template(source: str, *, fields: list[str]) -> None:
    """Refuse what would break or silently lose text: a template that does not compile,
    and a field the message is not given (it would be left empty without a word)."""
    try:
        template = Engine(autoescape=False).from_string(source)
    except TemplateSyntaxError as error:
        raise ValidationError(
            _("This is not a valid template: %(error)s. Write fields as {{ number }}.")
            % {"error": error}
        ) from error
    bound = {"forloop"}
    for loop in template.nodelist.get_nodes_by_type(ForNode):
        bound.update(loop.loopvars)  # type: ignore[attr-defined]
    used = set()
    for node in template.nodelist.get_nodes_by_type(VariableNode):
        var = node.filter_expression.var  # type: ignore[attr-defined]
        if isinstance(var, Variable) and var.lookups:
            used.add(var.lookups[0])
    unknown = sorted(used - bound - set(fields))
    if unknown:
        raise ValidationError(
            _("Unknown fields: %(unknown)s. This message can use: %(fields)s.")
            % {"unknown": ", ".join(unknown), "fields": ", ".join(fields)}
        )


class EmailTemplateForm(forms.ModelForm):
    key = forms.ChoiceField(label=_("kind of message"))

    class Meta:
        model = EmailTemplate
        fields = ["key", "subject", "body"]

    def __init__(self, *args, **kwargs):
        from insyn.notifications.services import DEFAULT_TEMPLATES

        super().__init__(*args, **kwargs)
        # Only kinds insyn sends, and on adding only those not replaced yet: a template
        # under any other key would never be used.
        if self.instance.pk:
            # The kind is fixed once saved (shown read-only by the admin).
            self.fields.pop("key", None)
            return
        taken = set(EmailTemplate.objects.values_list("key", flat=True))
        key_field = cast(forms.ChoiceField, self.fields["key"])
        key_field.choices = [("", "---------")] + [
            (key, key) for key in sorted(DEFAULT_TEMPLATES) if key not in taken
        ]

    def clean(self):
        data = super().clean() or {}
        key = data.get("key") or self.instance.key
        if not key:
            return data
        fields = _known_fields(key)
        for name in ("subject", "body"):
            if data.get(name):
                try:
                    _check_template(data[name], fields=fields)
                except ValidationError as error:
                    self.add_error(name, error)
        return data


@admin.register(EmailTemplate)
class EmailTemplateAdmin(admin.ModelAdmin):
    """The Swedish wording of the e-mails insyn sends. A template here replaces the one
    shipped with insyn for the same kind; deleting it brings the shipped one back."""

    form = EmailTemplateForm
    list_display = ["key", "subject", "updated_at"]
    search_fields = ["key", "subject"]
    readonly_fields = ["available_fields"]

    def get_fields(self, request, obj=None):
        return ["key", "available_fields", "subject", "body"]

    def get_readonly_fields(self, request, obj=None):
        # The kind is fixed once saved: changing it would silently replace another kind.
        return ["available_fields", "key"] if obj else ["available_fields"]

    def get_changeform_initial_data(self, request):
        """Start from the shipped wording: ?key=challenge_receipt fills in its subject and
        text (the list of kinds on the add page links there)."""
        from insyn.notifications.services import DEFAULT_TEMPLATES

        initial = super().get_changeform_initial_data(request)
        key = request.GET.get("key", "")
        if key in DEFAULT_TEMPLATES:
            subject, body, _fields = DEFAULT_TEMPLATES[key]
            initial.update(key=key, subject=subject, body=body)
        return initial

    @admin.display(description=_("available fields"))
    def available_fields(self, obj: EmailTemplate | None) -> str:
        from insyn.notifications.services import DEFAULT_TEMPLATES

        if obj is not None and obj.pk:
            return ", ".join("{{ " + name + " }}" for name in _known_fields(obj.key))
        # On adding: every kind with its fields, each a link that fills in its wording.
        add_url = reverse("admin:notifications_emailtemplate_add")
        rows = format_html_join(
            "",
            '<li><a href="{}?key={}">{}</a>: {}</li>',
            (
                (add_url, key, key, ", ".join(_known_fields(key)))
                for key in sorted(DEFAULT_TEMPLATES)
            ),
        )
        return format_html(
            "<p>{}</p><ul>{}</ul>",
            _("Choose a kind below to start from the wording insyn ships with."),
            rows,
        )

    def save_model(self, request, obj, form, change):
        obj.help_text = ", ".join(_known_fields(obj.key))
        super().save_model(request, obj, form, change)
