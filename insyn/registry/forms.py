from __future__ import annotations

from typing import cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from insyn.core import identifiers, uploads
from insyn.core.models import Party, Unit, User
from insyn.registry.models import AccessRequest, Case, Document, SecrecyGround, Series

# File types a registrar may attach: office documents, PDF, images, e-mail and plain text
# (the allow-list and the content checks are in insyn/core/uploads.py).
ALLOWED_EXTENSIONS = uploads.ALLOWED_EXTENSIONS


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        items = data if isinstance(data, list | tuple) else ([data] if data else [])
        cleaned = [super(MultipleFileField, self).clean(item, initial) for item in items]
        errors = []
        for upload in cleaned:
            if upload is None:
                continue
            # The uploader's name is only kept for display, cleaned; it is never a path.
            upload.name = uploads.clean_filename(upload.name)
            ext = uploads.extension(upload.name)
            if upload.size > settings.MAX_UPLOAD_BYTES:
                errors.append(
                    ValidationError(
                        _("%(name)s is too large: a file may be at most %(limit)d MB."),
                        params={
                            "name": upload.name,
                            "limit": settings.MAX_UPLOAD_BYTES // (1024 * 1024),
                        },
                        code="file_too_large",
                    )
                )
            elif ext not in ALLOWED_EXTENSIONS:
                errors.append(
                    ValidationError(
                        _("%(name)s: this file type is not accepted."),
                        params={"name": upload.name},
                        code="file_type",
                    )
                )
            elif not uploads.content_matches(upload, ext):
                errors.append(
                    ValidationError(
                        _(
                            "%(name)s: the content is not a %(extension)s file. "
                            "Check that you chose the right file."
                        ),
                        params={"name": upload.name, "extension": ext},
                        code="file_content",
                    )
                )
            else:
                # The type that belongs to the checked extension, not the browser's claim.
                upload.content_type = uploads.KINDS[ext].mime
        if errors:
            raise ValidationError(errors)
        return [u for u in cleaned if u is not None]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DocumentFieldsForm(forms.Form):
    """The fields of a document, shared by registration and correction."""

    direction = forms.ChoiceField(label=_("Direction"), choices=Document.Direction.choices)
    document_date = forms.DateField(label=_("Date received, drawn up or sent"), widget=DateInput())
    description = forms.CharField(label=_("Short description"), max_length=500)
    counterpart_kind = forms.ChoiceField(
        label=_("Sender or recipient is"),
        choices=[("", _("– not applicable –")), *Party.Kind.choices],
        required=False,
    )
    counterpart_name = forms.CharField(
        label=_("Sender or recipient"), max_length=200, required=False
    )
    counterpart_org_number = forms.CharField(
        label=_("Organisation number"),
        max_length=13,
        required=False,
        help_text=_("For a company, an idéburen organisation or a public body: NNNNNN-NNNN."),
    )
    counterpart_personal_identity_number = forms.CharField(
        label=_("Personal identity number"),
        max_length=13,
        required=False,
        help_text=_("Only if needed. Seen by staff only, never published."),
    )
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)
    case_officer = forms.ModelChoiceField(
        label=_("Case officer"), queryset=User.objects.none(), required=False
    )
    secrecy = forms.ChoiceField(
        label=_("Secrecy"), choices=Document.Secrecy.choices, initial=Document.Secrecy.PUBLIC
    )
    secrecy_ground = forms.ModelChoiceField(
        label=_("Legal ground for secrecy"),
        queryset=SecrecyGround.objects.none(),
        required=False,
    )
    mask_counterpart = forms.BooleanField(label=_("Mask sender or recipient"), required=False)
    mask_description = forms.BooleanField(label=_("Mask description"), required=False)
    contains_personal_data = forms.BooleanField(
        label=_("The files contain personal data (not published)"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = Unit.objects.filter(
            active=True
        ).select_related("board")
        cast(forms.ModelChoiceField, self.fields["case_officer"]).queryset = User.objects.filter(
            is_active=True, role_assignments__isnull=False
        ).distinct()
        cast(
            forms.ModelChoiceField, self.fields["secrecy_ground"]
        ).queryset = SecrecyGround.objects.filter(active=True)
        self.fields["document_date"].initial = timezone.localdate()

    def clean_counterpart_org_number(self) -> str:
        return identifiers.org_number_cleaned(self.cleaned_data["counterpart_org_number"])

    def clean_counterpart_personal_identity_number(self) -> str:
        return identifiers.personal_identity_number_cleaned(
            self.cleaned_data["counterpart_personal_identity_number"]
        )

    def clean_document_date(self):
        value = self.cleaned_data["document_date"]
        if value and value > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."))
        return value

    def clean(self):
        data = super().clean() or {}
        kind = data.get("counterpart_kind")
        if data.get("counterpart_org_number") and kind == Party.Kind.PRIVATE_PERSON:
            self.add_error(
                "counterpart_org_number", _("A private person has no organisation number.")
            )
        if data.get("counterpart_personal_identity_number") and kind != Party.Kind.PRIVATE_PERSON:
            self.add_error(
                "counterpart_personal_identity_number",
                _("Only a private person has a personal identity number."),
            )
        if data.get("direction") != Document.Direction.DRAWN_UP and not data.get(
            "counterpart_name"
        ):
            self.add_error("counterpart_name", _("Give the sender or recipient."))
        if data.get("counterpart_name") and not kind:
            self.add_error("counterpart_kind", _("Say who the sender or recipient is."))
        secrecy = data.get("secrecy")
        masked = data.get("mask_counterpart") or data.get("mask_description")
        if secrecy != Document.Secrecy.PUBLIC and not data.get("secrecy_ground"):
            self.add_error(
                "secrecy_ground", _("Give the legal ground for secrecy (OSL chapter and section).")
            )
        if secrecy == Document.Secrecy.PARTIAL and not masked:
            self.add_error("secrecy", _("Choose which fields are masked."))
        if secrecy == Document.Secrecy.PUBLIC and masked:
            self.add_error("secrecy", _("Masked fields make the document partly secret."))
        return data


class DocumentRegisterForm(DocumentFieldsForm):
    attachments = MultipleFileField(label=_("Files"))


class CaseFieldsForm(forms.Form):
    series = forms.ModelChoiceField(label=_("Series"), queryset=Series.objects.none())
    title = forms.CharField(label=_("Case title"), max_length=500)
    public_title = forms.CharField(
        label=_("Public title"),
        max_length=500,
        required=False,
        help_text=_("Only if the title holds secret or personal data."),
    )

    def __init__(self, *args, series_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["series"]).queryset = Series.objects.filter(
            pk__in=[s.pk for s in series_choices]
        ).select_related("board")


class CaseWithDocumentForm(CaseFieldsForm, DocumentRegisterForm):
    field_order = ["series", "title", "public_title"]


class DocumentCorrectForm(DocumentFieldsForm):
    reason = forms.CharField(
        label=_("Why is the entry corrected?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("counterpart_org_number", "counterpart_personal_identity_number"):
            del self.fields[name]


class DocumentLinkPartyForm(forms.Form):
    """The registrar links a document to the party it is from, after checking."""

    org_number = forms.CharField(
        label=_("Organisation number"),
        max_length=13,
        required=False,
        help_text=_("For a company, an idéburen organisation or a public body: NNNNNN-NNNN."),
    )
    personal_identity_number = forms.CharField(
        label=_("Personal identity number"),
        max_length=13,
        required=False,
        help_text=_("Only for a private person. Seen by staff only, never published."),
    )
    reason = forms.CharField(
        label=_("How was the sender checked?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_org_number(self) -> str:
        return identifiers.org_number_cleaned(self.cleaned_data["org_number"])

    def clean_personal_identity_number(self) -> str:
        return identifiers.personal_identity_number_cleaned(
            self.cleaned_data["personal_identity_number"]
        )

    def clean(self):
        data = super().clean() or {}
        if "org_number" in data and "personal_identity_number" in data:
            if data["org_number"] and data["personal_identity_number"]:
                self.add_error(
                    "personal_identity_number",
                    _("Give an organisation number or a personal identity number, not both."),
                )
            elif not (data["org_number"] or data["personal_identity_number"]):
                self.add_error(
                    "org_number",
                    _("Give an organisation number or a personal identity number."),
                )
        return data


class AccessRequestDescriptionForm(forms.Form):
    description = forms.CharField(
        label=_("Description in the postlista"),
        max_length=500,
        help_text=_("Published as it stands: leave out anything secret or personal."),
    )


class AccessRequestAssignForm(forms.Form):
    handler = forms.ModelChoiceField(
        label=_("Handler"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("– nobody –"),
        help_text=_("The member of staff who answers the request."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["handler"]).queryset = (
            User.objects.filter(is_active=True, role_assignments__isnull=False)
            .distinct()
            .order_by("first_name", "last_name", "username")
        )


class AccessRequestDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=AccessRequest.Outcome.choices, widget=forms.RadioSelect
    )
    masked_parts = forms.CharField(
        label=_("Which parts are masked"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            'Only when released with parts masked, e.g. "names and personal data on page 3".'
        ),
    )
    secrecy_ground = forms.ModelChoiceField(
        label=_("Secrecy ground"),
        queryset=SecrecyGround.objects.none(),
        required=False,
        help_text=_("The OSL provision for what is withheld."),
    )
    reason = forms.CharField(
        label=_("Reasons"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why the secrecy applies here; printed in the decision."),
    )
    pages = forms.IntegerField(
        label=_("Pages copied"),
        min_value=0,
        max_value=100000,
        required=False,
        help_text=_("For copies on paper: nine pages are free, then the fee of the avgiftstaxa."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["secrecy_ground"]
        ).queryset = SecrecyGround.objects.filter(active=True)


class CaseCloseForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class CaseReopenForm(forms.Form):
    reason = forms.CharField(label=_("Why is the case reopened?"), max_length=500)


class CaseSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    board = forms.ChoiceField(label=_("Board"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *Case.Status.choices]
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2999)

    def __init__(self, *args, boards=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["board"]).choices = [("", _("All"))] + [
            (b.code, b.name) for b in boards
        ]


class PostlistaSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    board = forms.ChoiceField(label=_("Board"), required=False)
    direction = forms.ChoiceField(
        label=_("Direction"),
        required=False,
        choices=[("", _("All")), *Document.Direction.choices],
    )
    date_from = forms.DateField(label=_("Registered from"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Registered to"), required=False, widget=DateInput())

    def __init__(self, *args, boards=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["board"]).choices = [("", _("All"))] + [
            (b.code, b.name) for b in boards
        ]

    def clean(self):
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return data


class AccessRequestForm(forms.Form):
    requested = forms.CharField(
        label=_("Which documents do you want to see?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Describe the documents as well as you can, e.g. a subject or a date."),
    )
    reference = forms.CharField(
        label=_("Case or document number, if you know it"), max_length=60, required=False
    )
    board = forms.ChoiceField(
        label=_("Which board holds the documents, if you know it?"),
        required=False,
        help_text=_("The request is registered with that board. Not needed if you gave a number."),
    )
    delivery = forms.ChoiceField(
        label=_("How do you want them?"),
        choices=AccessRequest.Delivery.choices,
        widget=forms.RadioSelect,
        initial=AccessRequest.Delivery.EMAIL,
    )
    name = forms.CharField(
        label=_("Name (optional)"),
        max_length=200,
        required=False,
        help_text=_("You do not have to say who you are."),
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    postal_address = forms.CharField(
        label=_("Postal address"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # A field people never see: robots fill it in, and are turned away.
    website = forms.CharField(required=False, label=_("Leave this field empty"))
    # One key per form shown (insyn.challenges.public_forms.with_submission_key): the same
    # form sent twice registers one request.
    submission_key = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)

    def __init__(self, *args, boards=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["board"]).choices = [("", _("– I do not know –"))] + [
            (b.code, b.name) for b in boards
        ]

    def clean(self):
        data = super().clean() or {}
        delivery = data.get("delivery")
        if delivery == AccessRequest.Delivery.EMAIL and not data.get("email"):
            self.add_error("email", _("Give an e-mail address for the copy."))
        if delivery == AccessRequest.Delivery.POST and not data.get("postal_address"):
            self.add_error("postal_address", _("Give a postal address for the copy."))
        return data
