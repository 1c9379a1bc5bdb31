"""Swedish organisation and personal identity numbers, checked with python-stdnum."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import luhn
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.se import orgnr, personnummer


def validate_org_number(value: str) -> None:
    if not value:
        return
    try:
        orgnr.validate(value)
    except StdnumError as exc:
        raise ValidationError(
            _("%(value)s is not a valid organisation number (NNNNNN-NNNN).") % {"value": value},
            code="invalid_org_number",
        ) from exc


def format_org_number(value: str) -> str:
    """The canonical NNNNNN-NNNN form, so that the same number is always stored alike."""
    return orgnr.format(value) if value else value


def org_number_cleaned(value: str) -> str:
    """A form field's organisation number: stripped, checked and in its canonical form
    (empty stays empty)."""
    value = value.strip()
    validate_org_number(value)
    return format_org_number(value)


def validate_personal_identity_number(value: str) -> None:
    if not value:
        return
    try:
        personnummer.validate(value)
    except StdnumError as exc:
        raise ValidationError(
            _("This is not a valid personal identity number (ÅÅÅÅMMDD-NNNN)."),
            code="invalid_personal_identity_number",
        ) from exc


def personal_identity_number_cleaned(value: str) -> str:
    """A form field's personal identity number: stripped and checked (empty stays empty)."""
    value = value.strip()
    validate_personal_identity_number(value)
    return value


def format_personal_identity_number(value: str) -> str:
    """Twelve digits with a hyphen (ÅÅÅÅMMDD-NNNN), the form the Tax Agency recommends."""
    compact = personnummer.compact(value)
    birth = personnummer.get_birth_date(compact)
    return f"{birth:%Y%m%d}-{compact[-4:]}"


def looks_like_personal_identity_number(value: str) -> bool:
    """True if the text holds something shaped like a personnummer with a valid checksum;
    used to keep personal data out of public descriptions."""
    digits = "".join(ch for ch in value if ch.isdigit())
    return len(digits) in (10, 12) and luhn.is_valid(digits[-10:])
