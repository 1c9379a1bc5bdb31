"""Writes of the challenge process. Each function is one transaction: the diarium entries,
the challenge's own rows and the outgoing e-mail (through the outbox) commit together or
not at all. What the challenger sends and every letter and decision are registered in the
challenge's case, so nobody retypes them into the diarium."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from insyn.challenges import selectors
from insyn.challenges.models import (
    Action,
    Challenge,
    ChecklistItem,
    ChecklistTick,
    Decision,
    Exit,
    ImpactAnalysis,
    Meeting,
    ProcessDefinition,
    ScreenOutReason,
    StakeholderInformation,
    Step,
    StepEntry,
)
from insyn.core import identifiers, tokens
from insyn.core.calendar import add_working_days
from insyn.core.i18n import in_organisation_language
from insyn.core.legal import cite
from insyn.core.models import Party, Role, Unit, User
from insyn.core.pdf import pdf_from_template
from insyn.core.selectors import organisation_for_pages
from insyn.core.services import party_resolve
from insyn.notifications.services import email_queue, email_render
from insyn.procurement import services as procurement_services
from insyn.procurement.models import Procurement
from insyn.registry import services as registry
from insyn.registry.models import Case, Document, Series

_TOKEN_SALT = "insyn.challenges.status-link"  # noqa: S105  (a salt, not a secret)


# --- The status link --------------------------------------------------------------------


def status_token(challenge: Challenge) -> str:
    """The secret of the challenger's status link: the stored nonce and its HMAC."""
    return tokens.sign(_TOKEN_SALT, challenge.status_nonce)


def status_token_check(token: str) -> str | None:
    """The nonce of a well-signed token (under the current key or a fallback), or None."""
    return tokens.unsign(_TOKEN_SALT, token)


def status_url(challenge: Challenge) -> str:
    path = reverse("portal:challenge_status", args=[status_token(challenge)])
    return f"{settings.INSYN_BASE_URL}{path}"


def staff_url(challenge: Challenge) -> str:
    path = reverse("challenges:detail", args=[challenge.pk])
    return f"{settings.INSYN_BASE_URL}{path}"


# --- Small helpers --------------------------------------------------------------------


def _today() -> datetime.date:
    return timezone.localdate()


def _date(day: datetime.date | None) -> str:
    return date_format(day, "j F Y") if day else ""


def _mail_context(challenge: Challenge, **extra: str) -> dict[str, str]:
    organisation = organisation_for_pages()
    step = challenge.current_step
    context = {
        "organisation": organisation.name if organisation else settings.INSYN_SITE_NAME,
        "number": challenge.case.number,
        "activity": challenge.activity_label,
        "received_on": _date(challenge.received_on),
        "step": step.name if step else "",
        "due_on": _date(challenge.step_due_on),
        "staff_link": staff_url(challenge),
    }
    context.update(extra)
    return context


def _mail(challenge: Challenge, *, key: str, event: str, to: Sequence[str], **extra: str) -> bool:
    """Queue message `key` about `challenge` to `to`; True if anyone gets it."""
    recipients = [address for address in to if address]
    if not recipients:
        return False
    subject, body = email_render(key, _mail_context(challenge, **extra))
    email_queue(
        event=f"challenge:{challenge.pk}:{event}",
        to=recipients,
        subject=subject,
        body=body,
        case=challenge.case,
    )
    return True


def _mail_challenger(challenge: Challenge, *, key: str, event: str, **extra: str) -> bool:
    if not challenge.email:
        return False
    return _mail(
        challenge,
        key=key,
        event=event,
        to=[challenge.email],
        status_link=status_url(challenge),
        **extra,
    )


def _counterpart(challenge: Challenge) -> registry.Counterpart:
    return registry.Counterpart(
        name=challenge.challenger_name,
        kind=challenge.challenger_kind,
        party=challenge.challenger_party,
    )


def _pdf_upload(name: str, template: str, context: dict) -> SimpleUploadedFile:
    content = pdf_from_template(template, {"organisation": organisation_for_pages(), **context})
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _register(
    challenge: Challenge,
    *,
    direction: str,
    description: str,
    registered_by: User | None,
    files: Sequence[UploadedFile] = (),
    with_counterpart: bool = True,
    document_date: datetime.date | None = None,
) -> Document:
    """Register a document in the challenge's case. Anything to or from the challenger
    carries their contact details, so its files are kept off the public web (they can
    still be requested as public documents)."""
    return registry.document_register(
        case=challenge.case,
        direction=direction,
        description=description,
        document_date=document_date or _today(),
        registered_by=registered_by,
        counterpart=_counterpart(challenge) if with_counterpart else None,
        contains_personal_data=with_counterpart,
        files=files,
    )


def _lock(challenge: Challenge) -> Challenge:
    return (
        Challenge.objects.select_for_update(of=("self",))
        .select_related("case", "current_step", "definition", "activity_unit")
        .get(pk=challenge.pk)
    )


def _require_open(challenge: Challenge) -> None:
    if not challenge.is_open:
        raise ValidationError(_("The challenge is closed."))


# --- Checklists -----------------------------------------------------------------------


def _tick(
    challenge: Challenge, item: ChecklistItem, *, user: User | None, note: str = ""
) -> ChecklistTick | None:
    tick, created = ChecklistTick.objects.get_or_create(
        challenge=challenge,
        item=item,
        defaults={"ticked_at": timezone.now(), "ticked_by": user, "note": note[:300]},
    )
    return tick if created else None


def _record_action(challenge: Challenge, action: str, *, only_current: bool = False) -> None:
    """Tick the items tied to `action` in the current step and, unless `only_current`, in
    the steps still to come (a formal challenge sent early counts when its step comes)."""
    current = challenge.current_step
    items = ChecklistItem.objects.filter(step__definition=challenge.definition, action=action)
    if current is not None:
        if only_current:
            items = items.filter(step=current)
        else:
            items = items.filter(step__order__gte=current.order)
    elif only_current:
        return
    for item in items:
        _tick(challenge, item, user=None)


@in_organisation_language
@transaction.atomic
def checklist_tick(
    *, challenge: Challenge, item: ChecklistItem, user: User, note: str = ""
) -> ChecklistTick:
    """Tick an item of the current step by hand (who and when are kept)."""
    challenge = _lock(challenge)
    _require_open(challenge)
    if item.step_id != challenge.current_step_id:
        raise ValidationError(_("Only the current step's checklist can be ticked."))
    tick = _tick(challenge, item, user=user, note=note)
    if tick is None:
        raise ValidationError(_("The item is already ticked."))
    return tick


@in_organisation_language
@transaction.atomic
def checklist_untick(*, challenge: Challenge, item: ChecklistItem, user: User) -> None:
    """Undo a tick made by hand in the current step; what insyn recorded itself stays."""
    challenge = _lock(challenge)
    _require_open(challenge)
    if item.step_id != challenge.current_step_id:
        raise ValidationError(_("Only the current step's checklist can be changed."))
    deleted, _rows = ChecklistTick.objects.filter(
        challenge=challenge, item=item, ticked_by__isnull=False
    ).delete()
    if not deleted:
        raise ValidationError(_("Only an item ticked by hand can be unticked."))


def _missing_items(challenge: Challenge) -> list[ChecklistItem]:
    step = challenge.current_step
    if step is None:
        return []
    ticked = set(ChecklistTick.objects.filter(challenge=challenge).values_list("item", flat=True))
    return [item for item in step.checklist.all() if item.required and item.pk not in ticked]


def _require_checklist(challenge: Challenge) -> None:
    missing = _missing_items(challenge)
    if missing:
        raise ValidationError(
            _("Tick the step's checklist first: %(items)s")
            % {"items": "; ".join(item.text for item in missing)}
        )


# --- Steps ----------------------------------------------------------------------------


def _enter_step(challenge: Challenge, step: Step, *, user: User | None, note: str = "") -> None:
    today = _today()
    StepEntry.objects.filter(challenge=challenge, left_on__isnull=True).update(left_on=today)
    due = (
        add_working_days(today, step.deadline_working_days)
        if step.deadline_working_days is not None
        else None
    )
    StepEntry.objects.create(
        challenge=challenge, step=step, entered_on=today, due_on=due, entered_by=user, note=note
    )
    challenge.current_step = step
    challenge.step_entered_on = today
    challenge.step_due_on = due
    challenge._history_user = user  # type: ignore[attr-defined]
    challenge._change_reason = _("Step %(step)s") % {"step": step}  # type: ignore[attr-defined]
    challenge.save()
    _notify_step(challenge, step)


def _notify_step(challenge: Challenge, step: Step) -> None:
    roles = [step.responsible_role, *step.notify_roles]
    to = selectors.staff_addresses(roles=roles, challenge=challenge)
    _mail(challenge, key="challenge_step_staff", event=f"step:{step.pk}", to=to)
    if step.notify_challenger:
        _mail_challenger(
            challenge,
            key="challenge_status",
            event=f"status:{step.pk}",
            status=str(step),
            note=step.description,
        )


@in_organisation_language
@transaction.atomic
def challenge_advance(
    *, challenge: Challenge, to_step: Step, user: User, note: str = ""
) -> Challenge:
    """Move to one of the current step's allowed next steps, once its checklist is done."""
    challenge = _lock(challenge)
    _require_open(challenge)
    current = challenge.current_step
    if current is None or not current.next_steps.filter(pk=to_step.pk).exists():
        raise ValidationError(_("The process does not allow that step next."))
    if Exit.ACCEPTED in current.exits and challenge.outcome != Exit.ACCEPTED:
        raise ValidationError(_("Only an accepted challenge goes on to procurement."))
    _require_checklist(challenge)
    _enter_step(challenge, to_step, user=user, note=note)
    return challenge


@in_organisation_language
@transaction.atomic
def challenge_assign(*, challenge: Challenge, responsible: User | None, user: User) -> Challenge:
    challenge = _lock(challenge)
    _require_open(challenge)
    if responsible is not None and not selectors.guides().filter(pk=responsible.pk).exists():
        raise ValidationError({"responsible": _("Choose one of the business guides.")})
    challenge.responsible = responsible
    challenge._history_user = user  # type: ignore[attr-defined]
    challenge._change_reason = _("Business guide assigned")  # type: ignore[attr-defined]
    challenge.save()
    return challenge


def _close(challenge: Challenge, *, user: User | None, reason: str) -> None:
    today = _today()
    StepEntry.objects.filter(challenge=challenge, left_on__isnull=True).update(left_on=today)
    challenge.closed_on = today
    challenge.step_due_on = None
    challenge._history_user = user  # type: ignore[attr-defined]
    challenge._change_reason = reason  # type: ignore[attr-defined]
    challenge.save()
    case = Case.objects.get(pk=challenge.case_id)
    if case.is_open and user is not None:
        registry.case_close(case=case, closed_by=user, note=reason)
    elif case.is_open:
        Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED, closed_on=today)


def _allow_exit(challenge: Challenge, exit: str) -> None:
    step = challenge.current_step
    if step is None or exit not in step.exits:
        raise ValidationError(
            _("The process does not allow this ending in the step %(step)s.")
            % {"step": step or "–"}
        )


@in_organisation_language
@transaction.atomic
def challenge_screen_out(
    *, challenge: Challenge, reason: str, motivation: str, user: User
) -> Challenge:
    """Screen the challenge out with a reason category; the motivation is sent to the
    challenger and registered as an outgoing document."""
    challenge = _lock(challenge)
    _require_open(challenge)
    _allow_exit(challenge, Exit.SCREENED_OUT)
    if reason not in ScreenOutReason.values:
        raise ValidationError({"reason": _("Choose why the challenge is screened out.")})
    if not motivation.strip():
        raise ValidationError({"motivation": _("Explain the decision to the challenger.")})
    challenge.outcome = Exit.SCREENED_OUT
    challenge.screen_out_reason = reason
    challenge.outcome_note = motivation.strip()
    label = ScreenOutReason(reason).label
    text = f"{label}\n\n{motivation.strip()}"
    _letter(
        challenge,
        subject=_("Your challenge %(number)s is screened out") % {"number": challenge.case.number},
        body=text,
        user=user,
        description=_("Notice: the challenge is screened out (%(reason)s)") % {"reason": label},
    )
    _close(challenge, user=user, reason=_("Screened out: %(reason)s") % {"reason": label})
    return challenge


@in_organisation_language
@transaction.atomic
def challenge_withdraw(
    *,
    challenge: Challenge,
    user: User | None,
    message: str = "",
    files: Sequence[UploadedFile] = (),
) -> Challenge:
    """The challenger withdraws (through the status link, or staff record a withdrawal
    that came by letter, e-mail or at a meeting). The withdrawal is registered."""
    challenge = _lock(challenge)
    _require_open(challenge)
    _allow_exit(challenge, Exit.WITHDRAWN)
    uploads = list(files)
    if not uploads:
        uploads = [
            _pdf_upload(
                "aterkallelse.pdf",
                "challenges/pdf/withdrawal.html",
                {"challenge": challenge, "message": message.strip(), "today": _today()},
            )
        ]
    _register(
        challenge,
        direction=Document.Direction.INCOMING,
        description=_("Withdrawal of the challenge"),
        registered_by=user,
        files=uploads,
    )
    challenge.outcome = Exit.WITHDRAWN
    challenge.outcome_note = message.strip()
    _mail_challenger(
        challenge,
        key="challenge_status",
        event="withdrawn",
        status=str(Exit.WITHDRAWN.label),
        note=_("The challenge is closed. Thank you for your interest."),
    )
    step = challenge.current_step
    roles = [step.responsible_role] if step else []
    to = selectors.staff_addresses(roles=roles, challenge=challenge)
    _mail(
        challenge,
        key="challenge_step_staff",
        event="withdrawn-staff",
        to=to,
        step=str(Exit.WITHDRAWN.label),
    )
    _close(challenge, user=user, reason=str(Exit.WITHDRAWN.label))
    return challenge


@in_organisation_language
@transaction.atomic
def challenge_complete(*, challenge: Challenge, user: User) -> Challenge:
    """Close a challenge at the last step (contract signed): the process is done."""
    challenge = _lock(challenge)
    _require_open(challenge)
    step = challenge.current_step
    if step is None or step.next_steps.exists():
        raise ValidationError(_("The process is not at its last step."))
    if challenge.outcome != Exit.ACCEPTED:
        raise ValidationError(_("Only an accepted challenge can be completed."))
    cancelled = (
        challenge.procurement is not None
        and challenge.procurement.status == Procurement.Status.CANCELLED
    )
    # A cancelled procurement (no tenders, or none acceptable) ends the process too; no
    # contract will be signed, so its checklist cannot be completed.
    if not cancelled:
        _require_checklist(challenge)
    status = _("the procurement is cancelled") if cancelled else _("the process is completed")
    _mail_challenger(challenge, key="challenge_status", event="completed", status=status, note="")
    _close(challenge, user=user, reason=status)
    return challenge


# --- Arrival ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Challenger:
    kind: str
    name: str
    org_number: str = ""
    contact_person: str = ""
    email: str = ""
    phone: str = ""
    postal_address: str = ""


@dataclass(frozen=True)
class Proposal:
    activity_unit: Unit | None = None
    activity_description: str = ""
    environment: str = ""
    quality: str = ""
    price: str = ""
    other: str = ""
    files: Sequence[UploadedFile] = field(default_factory=tuple)


def _check_submission(challenger: Challenger, proposal: Proposal) -> str:
    """The cleaned org. number; raises with every problem by field."""
    errors: dict[str, str] = {}
    org_number = ""
    if challenger.kind not in Challenge.ChallengerKind.values:
        errors["challenger_kind"] = _("Say whether you are a private person or an organisation.")
    if not challenger.name.strip():
        errors["name"] = _("Give your name or the organisation's name.")
    if challenger.kind in (Party.Kind.COMPANY, Party.Kind.NONPROFIT):
        number = challenger.org_number.strip()
        try:
            if not number:
                raise ValidationError(_("Give the organisation number (NNNNNN-NNNN)."))
            identifiers.validate_org_number(number)
            org_number = identifiers.format_org_number(number)
        except ValidationError as error:
            errors["org_number"] = error.messages[0]
    if not (
        challenger.email.strip() or challenger.phone.strip() or challenger.postal_address.strip()
    ):
        errors["email"] = _("Give at least one way to reach you: e-mail, telephone or address.")
    if proposal.activity_unit is None and not proposal.activity_description.strip():
        errors["activity_unit"] = _("Choose the activity you challenge, or describe it.")
    if not any(
        text.strip()
        for text in (proposal.environment, proposal.quality, proposal.price, proposal.other)
    ):
        errors["improvement_quality"] = _(
            "Describe at least one improvement: environment, quality, price or other."
        )
    if errors:
        raise ValidationError(errors)
    return org_number


def _series_for(definition: ProcessDefinition) -> Series:
    series = None
    if definition.board_id:
        series = Series.objects.filter(board_id=definition.board_id, active=True).first()
    if series is None:
        series = Series.objects.filter(prefix=settings.INSYN_CHALLENGE_SERIES, active=True).first()
    if series is None:
        raise ValidationError(
            _("The kommun cannot register challenges right now. Please try again later.")
        )
    return series


@in_organisation_language
def challenge_submit(
    *,
    challenger: Challenger,
    proposal: Proposal,
    channel: str = Challenge.Channel.WEB,
    registered_by: User | None = None,
    received_on: datetime.date | None = None,
    submission_key: str = "",
    registered_on: datetime.date | None = None,
) -> tuple[Challenge, bool]:
    """Register a challenge: its case, the notification as the first incoming document
    (with the form's content as a PDF beside the challenger's files), the challenge in the
    first step of the active process, and the e-mail to the kommun's leadership, the
    business guides and the challenger. Returns (challenge, created): the same form sent
    twice (`submission_key`) gives the first challenge and False. `registered_on` (not
    today) is for bringing in a challenge registered before insyn (and the demo)."""
    if submission_key:
        existing = Challenge.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing, False
    try:
        return _challenge_submit(
            challenger=challenger,
            proposal=proposal,
            channel=channel,
            registered_by=registered_by,
            received_on=received_on,
            submission_key=submission_key,
            registered_on=registered_on,
        ), True
    except IntegrityError:
        # The same form arrived twice at the same moment; the other request registered it.
        existing = (
            Challenge.objects.filter(submission_key=submission_key).first()
            if submission_key
            else None
        )
        if existing is None:
            raise
        return existing, False


@transaction.atomic
def _challenge_submit(
    *,
    challenger: Challenger,
    proposal: Proposal,
    channel: str,
    registered_by: User | None,
    received_on: datetime.date | None,
    submission_key: str,
    registered_on: datetime.date | None = None,
) -> Challenge:
    org_number = _check_submission(challenger, proposal)
    definition = selectors.definition_active()
    if definition is None:
        raise ValidationError(_("The right to challenge is not open for new challenges."))
    first_step = definition.steps.order_by("order").first()
    if first_step is None:
        raise ValidationError(_("The right to challenge is not open for new challenges."))
    series = _series_for(definition)
    today = _today()
    received = received_on or today
    if received > today:
        raise ValidationError({"received_on": _("The date cannot be in the future.")})

    challenge = Challenge(
        definition=definition,
        channel=channel,
        received_on=received,
        challenger_kind=challenger.kind,
        challenger_name=challenger.name.strip(),
        org_number=org_number,
        contact_person=challenger.contact_person.strip(),
        email=challenger.email.strip(),
        phone=challenger.phone.strip(),
        postal_address=challenger.postal_address.strip(),
        activity_unit=proposal.activity_unit,
        activity_description=proposal.activity_description.strip(),
        improvement_environment=proposal.environment.strip(),
        improvement_quality=proposal.quality.strip(),
        improvement_price=proposal.price.strip(),
        improvement_other=proposal.other.strip(),
        status_nonce=secrets.token_urlsafe(16),
        submission_key=submission_key or None,
    )
    activity = challenge.activity_label
    files = [
        _pdf_upload(
            "intresseanmalan.pdf",
            "challenges/pdf/notification.html",
            {"challenge": challenge, "channel": challenge.get_channel_display()},
        ),
        *proposal.files,
    ]
    document = registry.case_register_with_document(
        series=series,
        title=_("Challenge: %(activity)s") % {"activity": activity},
        # A private person's own description of the activity may identify them.
        public_title=(
            _("Challenge: %(activity)s") % {"activity": selectors.public_activity(challenge)}
            if challenge.is_private_person and proposal.activity_unit is None
            else ""
        ),
        registered_by=registered_by,
        unit=proposal.activity_unit,
        direction=Document.Direction.INCOMING,
        description=_("Notification of a challenge (intresseanmälan)"),
        document_date=received,
        # The name as submitted, linked to no party: anyone can type a known company's
        # org. number, so the registrar links the document after checking
        # (registry.services.document_link_party). The number stays on the challenge.
        counterpart=registry.Counterpart(name=challenger.name.strip(), kind=challenger.kind),
        # Contact details are personal data: the files stay off the public web.
        contains_personal_data=True,
        files=files,
        registered_on=registered_on,
    )
    challenge.case = document.case
    challenge._history_user = registered_by  # type: ignore[attr-defined]
    challenge._change_reason = _("Registered")  # type: ignore[attr-defined]
    challenge.save()

    _enter_step(challenge, first_step, user=registered_by)
    _record_action(challenge, Action.REGISTERED)
    _notify_leadership(challenge, event="new")
    if _mail_challenger(challenge, key="challenge_receipt", event="receipt"):
        _record_action(challenge, Action.RECEIPT_CONFIRMED)
    return challenge


def _notify_leadership(challenge: Challenge, *, event: str) -> None:
    """Tell the deciding board, the chief executive and the head of the sector
    challenged. The checklist item is ticked only once a sector head has been told: a
    challenge of an activity the challenger only described reaches no sector until the
    business guide ties it to a unit (challenge_set_unit)."""
    challenger = _("a private person") if challenge.is_private_person else challenge.challenger_name
    _mail(
        challenge,
        key="challenge_new_staff",
        event=event,
        to=selectors.leadership_addresses(challenge=challenge),
        challenger=challenger,
    )
    if selectors.staff_addresses(roles=[Role.SECTOR_HEAD], challenge=challenge):
        _record_action(challenge, Action.LEADERSHIP_NOTIFIED)


@in_organisation_language
@transaction.atomic
def challenge_set_unit(*, challenge: Challenge, unit: Unit, user: User) -> Challenge:
    """Tie the challenge to the unit that runs the activity, when the challenger only
    described it: the sector then sees the challenge, is told of it, and can do its steps."""
    challenge = _lock(challenge)
    _require_open(challenge)
    if not unit.active:
        raise ValidationError({"unit": _("Choose an active unit.")})
    challenge.activity_unit = unit
    challenge._history_user = user  # type: ignore[attr-defined]
    challenge._change_reason = _("Tied to %(unit)s") % {"unit": unit.name}  # type: ignore[attr-defined]
    challenge.save()
    registry.case_correct(
        case=challenge.case,
        changed_by=user,
        reason=_("The challenge is tied to %(unit)s") % {"unit": unit.name},
        unit=unit,
    )
    _notify_leadership(challenge, event=f"unit:{unit.pk}")
    return challenge


# --- Documents from the challenger, letters to them -----------------------------------


class DocumentKind:
    FORMAL_CHALLENGE = "formal_challenge"
    OTHER = "other"


@in_organisation_language
@transaction.atomic
def challenge_document_receive(
    *,
    challenge: Challenge,
    kind: str,
    description: str,
    files: Sequence[UploadedFile],
    registered_by: User | None,
    document_date: datetime.date | None = None,
) -> Document:
    """Register a document from the challenger in the case: sent through the status link
    (registered_by None) or brought in by staff from post or e-mail."""
    challenge = _lock(challenge)
    _require_open(challenge)
    if not files:
        raise ValidationError({"attachments": _("Attach the document.")})
    if kind == DocumentKind.FORMAL_CHALLENGE:
        text = _("Formal challenge")
        if description.strip():
            text = f"{text}: {description.strip()}"
    else:
        text = description.strip()
        if not text:
            raise ValidationError({"description": _("Say briefly what the document is.")})
    document = _register(
        challenge,
        direction=Document.Direction.INCOMING,
        description=text[:500],
        registered_by=registered_by,
        files=files,
        document_date=document_date,
    )
    extra = {"document_number": document.number, "description": document.description}
    if kind == DocumentKind.FORMAL_CHALLENGE:
        _record_action(challenge, Action.FORMAL_CHALLENGE_REGISTERED)
    if (
        _mail_challenger(
            challenge, key="challenge_document_received", event=f"document:{document.pk}", **extra
        )
        and kind == DocumentKind.FORMAL_CHALLENGE
    ):
        _record_action(challenge, Action.FORMAL_CHALLENGE_CONFIRMED)
    if registered_by is None and challenge.current_step is not None:
        roles = [challenge.current_step.responsible_role]
        _mail(
            challenge,
            key="challenge_document_staff",
            event=f"document-staff:{document.pk}",
            to=selectors.staff_addresses(roles=roles, challenge=challenge),
            **extra,
        )
    return document


LETTER_ACTIONS = {
    "receipt": Action.RECEIPT_CONFIRMED,
    "formal_challenge": Action.FORMAL_CHALLENGE_CONFIRMED,
    "decision": Action.DECISION_COMMUNICATED,
}


def _letter(
    challenge: Challenge,
    *,
    subject: str,
    body: str,
    user: User,
    description: str,
    appeal: Sequence[str] = (),
) -> Document:
    document = _register(
        challenge,
        direction=Document.Direction.OUTGOING,
        description=description[:500],
        registered_by=user,
        files=[
            _pdf_upload(
                "brev.pdf",
                "challenges/pdf/letter.html",
                {
                    "challenge": challenge,
                    "subject": subject,
                    "body": body,
                    "today": _today(),
                    "sender": user,
                    "appeal": appeal,
                },
            )
        ],
    )
    if challenge.email:
        how_to_appeal = "".join(f"\n\n{p}" for p in appeal)
        if appeal:
            how_to_appeal = "\n\nHur man överklagar" + how_to_appeal
        email_queue(
            event=f"challenge:{challenge.pk}:letter:{document.pk}",
            to=[challenge.email],
            subject=subject,
            body=f"{body.strip()}{how_to_appeal}\n\n{_('Diarienummer')}: {document.number}\n",
            reply_to=user.email,
            case=challenge.case,
        )
    return document


@in_organisation_language
@transaction.atomic
def letter_send(
    *, challenge: Challenge, purpose: str, subject: str, body: str, user: User
) -> Document:
    """Write to the challenger: the letter is registered as an outgoing document (with a
    PDF of its text) and e-mailed when there is an address; otherwise it is sent by post
    from the PDF. A letter with a purpose ticks what it does (e.g. receipt confirmed)."""
    challenge = _lock(challenge)
    errors = {}
    if not subject.strip():
        errors["subject"] = _("Give the letter a subject.")
    if not body.strip():
        errors["body"] = _("Write the letter.")
    if errors:
        raise ValidationError(errors)
    if purpose and purpose not in LETTER_ACTIONS:
        raise ValidationError({"purpose": _("Choose what the letter is about.")})
    if purpose == "decision" and not Decision.objects.filter(challenge=challenge).exists():
        raise ValidationError({"purpose": _("The board's decision is not recorded yet.")})
    document = _letter(
        challenge,
        subject=subject.strip(),
        body=body.strip(),
        user=user,
        description=_("Letter to the challenger: %(subject)s") % {"subject": subject.strip()},
        # A letter that tells the board's decision says how to appeal it, as the
        # decision extract does.
        appeal=decision_appeal_instructions() if purpose == "decision" else (),
    )
    if purpose:
        # Only in the step the letter belongs to: a letter sent early must not tick a
        # later step's item for good.
        _record_action(challenge, LETTER_ACTIONS[purpose], only_current=True)
    return document


# --- Meetings, stakeholders, analysis, decision -----------------------------------------


@in_organisation_language
@transaction.atomic
def meeting_record(
    *,
    challenge: Challenge,
    kind: str,
    held_on: datetime.date,
    participants: str,
    notes: str,
    files: Sequence[UploadedFile],
    user: User,
) -> Meeting:
    """Record a meeting; its minutes (the notes as a PDF, and any files) are registered as
    a drawn-up document."""
    challenge = _lock(challenge)
    _require_open(challenge)
    errors = {}
    if kind not in Meeting.Kind.values:
        errors["kind"] = _("Choose the kind of meeting.")
    if held_on > _today():
        errors["held_on"] = _("Record a meeting once it has been held.")
    if not participants.strip():
        errors["participants"] = _("List who took part.")
    if not notes.strip() and not files:
        errors["notes"] = _("Write the minutes or attach them.")
    if errors:
        raise ValidationError(errors)
    label = Meeting.Kind(kind).label
    uploads = list(files)
    if notes.strip():
        uploads.insert(
            0,
            _pdf_upload(
                "minnesanteckningar.pdf",
                "challenges/pdf/minutes.html",
                {
                    "challenge": challenge,
                    "kind": label,
                    "held_on": held_on,
                    "participants": participants.strip(),
                    "notes": notes.strip(),
                    "activity": selectors.public_activity(challenge),
                },
            ),
        )
    document = _register(
        challenge,
        direction=Document.Direction.DRAWN_UP,
        description=_("Minutes: %(kind)s %(date)s") % {"kind": label, "date": held_on},
        registered_by=user,
        files=uploads,
        with_counterpart=False,
        document_date=held_on,
    )
    # The minutes name the people who took part.
    Document.objects.filter(pk=document.pk).update(contains_personal_data=True)
    meeting = Meeting(
        challenge=challenge,
        kind=kind,
        held_on=held_on,
        participants=participants.strip(),
        minutes=document,
        recorded_by=user,
    )
    meeting._history_user = user  # type: ignore[attr-defined]
    meeting._change_reason = _("Meeting recorded")  # type: ignore[attr-defined]
    meeting.save()
    action = Action.INTERNAL_MEETING if kind == Meeting.Kind.INTERNAL else Action.JOINT_MEETING
    _record_action(challenge, action)
    return meeting


@in_organisation_language
@transaction.atomic
def meeting_correct(
    *,
    meeting: Meeting,
    held_on: datetime.date,
    participants: str,
    reason: str,
    user: User,
) -> Meeting:
    """Correct a recorded meeting's date or participants, with the reason; the history
    keeps who changed what, when and why. The registered minutes stay as registered (a
    document is corrected in the diarium)."""
    challenge = _lock(meeting.challenge)
    _require_open(challenge)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk, challenge=challenge)
    errors = {}
    if held_on > _today():
        errors["held_on"] = _("Record a meeting once it has been held.")
    if not participants.strip():
        errors["participants"] = _("List who took part.")
    if not reason.strip():
        errors["reason"] = _("Say why the meeting is corrected.")
    if errors:
        raise ValidationError(errors)
    if meeting.held_on == held_on and meeting.participants == participants.strip():
        raise ValidationError(_("Nothing was changed."))
    meeting.held_on = held_on
    meeting.participants = participants.strip()
    meeting._history_user = user  # type: ignore[attr-defined]
    meeting._change_reason = reason.strip()  # type: ignore[attr-defined]
    meeting.save()
    return meeting


@in_organisation_language
@transaction.atomic
def stakeholder_information_record(
    *,
    challenge: Challenge,
    groups: Sequence[str],
    informed_on: datetime.date,
    method: str,
    informed_by: str,
    note: str,
    user: User,
) -> list[StakeholderInformation]:
    """Record that groups were informed. When every group has been informed in the
    current step, the step's "stakeholders informed" item is ticked."""
    challenge = _lock(challenge)
    _require_open(challenge)
    errors = {}
    if not groups or set(groups) - set(StakeholderInformation.Group.values):
        errors["groups"] = _("Choose who was informed.")
    if method not in StakeholderInformation.Method.values:
        errors["method"] = _("Choose how they were informed.")
    if informed_on > _today():
        errors["informed_on"] = _("The date cannot be in the future.")
    if not informed_by.strip():
        errors["informed_by"] = _("Say who informed them.")
    if errors:
        raise ValidationError(errors)
    rows = [
        StakeholderInformation.objects.create(
            challenge=challenge,
            step=challenge.current_step,
            group=group,
            informed_on=informed_on,
            method=method,
            informed_by=informed_by.strip(),
            note=note.strip(),
            recorded_by=user,
        )
        for group in groups
    ]
    informed = set(
        StakeholderInformation.objects.filter(
            challenge=challenge, step=challenge.current_step
        ).values_list("group", flat=True)
    )
    if informed >= set(StakeholderInformation.Group.values):
        _record_action(challenge, Action.STAKEHOLDERS_INFORMED, only_current=True)
    return rows


IMPACT_FIELDS = ("problems", "opportunities", "economy", "quality", "environment", "staff")


@in_organisation_language
@transaction.atomic
def impact_analysis_register(
    *, challenge: Challenge, user: User, recommendation: str = "", **texts: str
) -> ImpactAnalysis:
    """Register the impact analysis as a drawn-up document (a PDF of its sections)."""
    challenge = _lock(challenge)
    _require_open(challenge)
    errors = {
        name: _("Write this part of the analysis.")
        for name in IMPACT_FIELDS
        if not texts.get(name, "").strip()
    }
    if errors:
        raise ValidationError(errors)
    analysis = ImpactAnalysis(
        challenge=challenge,
        recommendation=recommendation.strip(),
        recorded_by=user,
        **{name: texts[name].strip() for name in IMPACT_FIELDS},
    )
    document = _register(
        challenge,
        direction=Document.Direction.DRAWN_UP,
        description=_("Impact analysis (konsekvensanalys)"),
        registered_by=user,
        with_counterpart=False,
        files=[
            _pdf_upload(
                "konsekvensanalys.pdf",
                "challenges/pdf/impact_analysis.html",
                {
                    "challenge": challenge,
                    "analysis": analysis,
                    "today": _today(),
                    # The analysis may be published: never a private person's own words.
                    "activity": selectors.public_activity(challenge),
                },
            )
        ],
    )
    analysis.document = document
    analysis.save()
    _record_action(challenge, Action.IMPACT_ANALYSIS_REGISTERED)
    return analysis


def decision_allowed(challenge: Challenge) -> bool:
    """The decision is recorded in the step that ends in accepted or rejected, or in one
    whose checklist expects it."""
    step = challenge.current_step
    if step is None or not challenge.is_open or hasattr(challenge, "decision"):
        return False
    return (
        bool({Exit.ACCEPTED, Exit.REJECTED} & set(step.exits))
        or step.checklist.filter(action=Action.DECISION_RECORDED).exists()
    )


def decision_appeal_instructions() -> list[str]:
    """How the board's decision on a challenge is appealed, in Swedish, for the decision
    extract and the letter to the challenger. A board's decision is appealed by
    laglighetsprövning under kommunallagen 13 kap.: anyone who is a member of the kommun
    may appeal, to the förvaltningsrätt, within three weeks of the day the adjustment of
    the minutes was posted on the anslagstavla; the court reviews lawfulness, not merits,
    and can only quash the decision."""
    return [
        f"Beslutet kan överklagas genom laglighetsprövning enligt {cite('kl_legality_review')}. "
        "Den som är medlem av kommunen – är folkbokförd i kommunen, äger fast egendom där "
        "eller ska betala kommunalskatt där – får överklaga.",
        "Överklagandet ska vara skriftligt. Ange vilket beslut som överklagas och de "
        "omständigheter som överklagandet grundas på. Skicka överklagandet till "
        "förvaltningsrätten.",
        "Överklagandet ska ha kommit in till förvaltningsrätten inom tre veckor från den dag "
        "då det tillkännagavs på kommunens anslagstavla att protokollet över beslutet "
        f"justerats ({cite('kl_appeal_time', short=True)}).",
        "Förvaltningsrätten prövar bara om beslutet är lagligt, inte om det är lämpligt: "
        "om det har tillkommit i laga ordning, om det gäller en angelägenhet för kommunen, "
        "om nämnden har hållit sig inom sina befogenheter och om beslutet strider mot lag "
        f"eller annan författning ({cite('kl_review_grounds', short=True)}). Rätten kan "
        "bara upphäva beslutet, inte sätta ett annat beslut i dess ställe.",
    ]


@in_organisation_language
@transaction.atomic
def decision_record(
    *,
    challenge: Challenge,
    decided_on: datetime.date,
    paragraph: str,
    outcome: str,
    motivation: str,
    user: User,
) -> Decision:
    """Record the board's decision from its minutes. The extract is registered as a
    drawn-up document, and the decision is sent to the challenger."""
    challenge = _lock(challenge)
    if Decision.objects.filter(challenge=challenge).exists():
        raise ValidationError(_("The decision is already recorded."))
    if not decision_allowed(challenge):
        raise ValidationError(_("The process is not at the decision yet."))
    errors = {}
    if outcome not in Decision.Outcome.values:
        errors["outcome"] = _("Choose the decision.")
    if not paragraph.strip():
        errors["paragraph"] = _("Give the paragraph of the minutes, e.g. § 123.")
    if decided_on > _today():
        errors["decided_on"] = _("The date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    board = selectors.deciding_board(challenge)
    paragraph = paragraph.strip()
    if not paragraph.startswith("§"):
        paragraph = f"§ {paragraph}"
    decision = Decision(
        challenge=challenge,
        board=board,
        decided_on=decided_on,
        paragraph=paragraph,
        outcome=outcome,
        motivation=motivation.strip(),
        recorded_by=user,
    )
    outcome_label = Decision.Outcome(outcome).label
    decision.document = _register(
        challenge,
        direction=Document.Direction.DRAWN_UP,
        description=_("Decision %(board)s %(paragraph)s: %(outcome)s")
        % {"board": board.code, "paragraph": paragraph, "outcome": outcome_label},
        registered_by=user,
        with_counterpart=False,
        document_date=decided_on,
        files=[
            _pdf_upload(
                "beslut.pdf",
                "challenges/pdf/decision.html",
                {
                    "challenge": challenge,
                    "decision": decision,
                    "outcome": outcome_label,
                    "activity": selectors.public_activity(challenge),
                    "appeal": decision_appeal_instructions(),
                },
            )
        ],
    )
    decision.save()
    _record_action(challenge, Action.DECISION_RECORDED)
    if _mail_challenger(
        challenge,
        key="challenge_decision",
        event="decision",
        board=board.name,
        decided_on=_date(decided_on),
        paragraph=paragraph,
        outcome=str(outcome_label),
        motivation=decision.motivation,
        document_number=decision.document.number,
        appeal="\n\n".join(decision_appeal_instructions()),
    ):
        _record_action(challenge, Action.DECISION_COMMUNICATED)
    return decision


@in_organisation_language
@transaction.atomic
def challenge_reject(*, challenge: Challenge, user: User) -> Challenge:
    """End the process after the board rejected the challenge."""
    challenge = _lock(challenge)
    _require_open(challenge)
    _allow_exit(challenge, Exit.REJECTED)
    decision = Decision.objects.filter(challenge=challenge).first()
    if decision is None or decision.outcome != Decision.Outcome.REJECTED:
        raise ValidationError(_("Record the board's decision to reject the challenge first."))
    _require_checklist(challenge)
    challenge.outcome = Exit.REJECTED
    _close(challenge, user=user, reason=str(Exit.REJECTED.label))
    return challenge


@in_organisation_language
@transaction.atomic
def challenge_accept(
    *,
    challenge: Challenge,
    title: str,
    procedure: str,
    responsible: User,
    user: User,
) -> Procurement:
    """Hand an accepted challenge to procurement: open the linked procurement in the same
    case, then go on to the next step (Lerum's step 8) once the step's checklist is done."""
    challenge = _lock(challenge)
    _require_open(challenge)
    _allow_exit(challenge, Exit.ACCEPTED)
    decision = Decision.objects.filter(challenge=challenge).first()
    if decision is None or decision.outcome != Decision.Outcome.ACCEPTED:
        raise ValidationError(_("Record the board's decision to accept the challenge first."))
    procurement = procurement_services.procurement_open(
        title=title,
        procedure=procedure,
        responsible=responsible,
        board=decision.board,
        unit=challenge.activity_unit,
        case=challenge.case,
        user=user,
    )
    challenge.procurement = procurement
    challenge.outcome = Exit.ACCEPTED
    challenge.save()
    _record_action(challenge, Action.PROCUREMENT_OPENED)
    _mail_challenger(
        challenge,
        key="challenge_status",
        event="accepted",
        status=str(Exit.ACCEPTED.label),
        note=_("Everyone, not only you, is welcome to tender when the procurement is advertised."),
    )
    # With the step's checklist done the process goes straight on; otherwise it waits in
    # this step (e.g. for the stakeholders to be informed) and is moved on by hand.
    step = challenge.current_step
    following = step.next_steps.order_by("order").first() if step else None
    if not _missing_items(challenge):
        if following is not None:
            _enter_step(challenge, following, user=user)
        else:
            _close(challenge, user=user, reason=str(Exit.ACCEPTED.label))
    return procurement


@in_organisation_language
@transaction.atomic
def challenge_procurement_update(
    *,
    challenge: Challenge,
    user: User,
    supplier_name: str = "",
    supplier_org_number: str = "",
    **changes,
) -> Procurement:
    """Record how the linked procurement goes (step 8): evaluated tenders and the signed
    contract tick the step's checklist."""
    challenge = _lock(challenge)
    _require_open(challenge)
    if challenge.procurement is None:
        raise ValidationError(_("The challenge has no procurement."))
    if supplier_org_number.strip():
        # A supplier not in insyn yet, found or created in this same transaction.
        changes["supplier"] = party_resolve(
            kind=Party.Kind.COMPANY, name=supplier_name, org_number=supplier_org_number.strip()
        )
    procurement = procurement_services.procurement_update(
        procurement=challenge.procurement, user=user, **changes
    )
    reached = procurement_services.status_reached
    if reached(procurement, Procurement.Status.AWARDED) or procurement.evaluated_on:
        _record_action(challenge, Action.TENDERS_EVALUATED)
    if reached(procurement, Procurement.Status.CONTRACT_SIGNED):
        _record_action(challenge, Action.CONTRACT_SIGNED)
    return procurement


# --- Reminders --------------------------------------------------------------------------


@in_organisation_language
def overdue_remind(*, today: datetime.date | None = None) -> int:
    """E-mail the responsible people about each step past its due date, once a day.
    Run daily by `insyn challenge_reminders`. Returns how many steps were reminded of."""
    today = today or _today()
    count = 0
    for challenge in selectors.challenges_overdue(today=today):
        with transaction.atomic():
            entry = (
                StepEntry.objects.select_for_update()
                .filter(challenge=challenge, left_on__isnull=True)
                .first()
            )
            if entry is None or entry.reminded_on == today:
                continue
            to = selectors.responsible_addresses(challenge)
            if _mail(
                challenge, key="challenge_overdue", event=f"overdue:{entry.pk}:{today}", to=to
            ):
                count += 1
            entry.reminded_on = today
            entry.save(update_fields=["reminded_on"])
    return count


class ProcurementDocumentKind:
    ADVERTISEMENT = "advertisement"
    TENDER = "tender"
    EVALUATION = "evaluation"
    AWARD = "award"
    CONTRACT = "contract"


# Tenders and the evaluation are secret until the award decision (19 kap. 3 § andra
# stycket OSL, insyn.core.legal "osl_tenders"); the
# registrar lifts the secrecy by correcting the entry when it no longer applies.
_SECRET_UNTIL_AWARD = {ProcurementDocumentKind.TENDER, ProcurementDocumentKind.EVALUATION}


@in_organisation_language
@transaction.atomic
def procurement_document_register(
    *,
    challenge: Challenge,
    kind: str,
    description: str,
    files: Sequence[UploadedFile],
    user: User,
    counterpart_name: str = "",
    counterpart_org_number: str = "",
    document_date: datetime.date | None = None,
) -> Document:
    """Register a document of the linked procurement (advertisement, a tender, the
    evaluation, the award decision, the contract) in the challenge's case."""
    from insyn.registry.models import SecrecyGround

    challenge = _lock(challenge)
    _require_open(challenge)
    if challenge.procurement is None:
        raise ValidationError(_("The challenge has no procurement."))
    labels = {
        ProcurementDocumentKind.ADVERTISEMENT: _("Procurement documents (advertisement)"),
        ProcurementDocumentKind.TENDER: _("Tender"),
        ProcurementDocumentKind.EVALUATION: _("Evaluation of the tenders"),
        ProcurementDocumentKind.AWARD: _("Award decision"),
        ProcurementDocumentKind.CONTRACT: _("Contract"),
    }
    errors = {}
    if kind not in labels:
        errors["kind"] = _("Choose the kind of document.")
    if not files:
        errors["attachments"] = _("Attach the document.")
    if kind == ProcurementDocumentKind.TENDER and not counterpart_name.strip():
        errors["counterpart_name"] = _("Give the tenderer.")
    if errors:
        raise ValidationError(errors)
    text = str(labels[kind])
    if description.strip():
        text = f"{text}: {description.strip()}"
    secret = kind in _SECRET_UNTIL_AWARD
    ground = SecrecyGround.objects.filter(chapter=19, section="3").first() if secret else None
    if secret and ground is None:
        raise ValidationError(
            _("The secrecy ground %(law)s is missing; ask an administrator.")
            % {"law": cite("osl_tenders", short=True)}
        )
    counterpart = None
    if counterpart_name.strip() or counterpart_org_number.strip():
        counterpart = registry.Counterpart(
            name=counterpart_name.strip(),
            kind=Party.Kind.COMPANY,
            org_number=counterpart_org_number.strip(),
        )
    direction = (
        Document.Direction.INCOMING
        if kind == ProcurementDocumentKind.TENDER
        else Document.Direction.DRAWN_UP
    )
    return registry.document_register(
        case=challenge.case,
        direction=direction,
        description=text[:500],
        document_date=document_date or _today(),
        registered_by=user,
        counterpart=counterpart,
        secrecy=Document.Secrecy.SECRET if secret else Document.Secrecy.PUBLIC,
        secrecy_ground=ground,
        files=files,
    )
