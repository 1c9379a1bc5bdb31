"""The staff pages of the challenge process, through HTTP, with named users per role:

- lisa: business guide (lots)
- sven: head of the sector Gata och park (Tekniska nämnden)
- otto: head of Kansliavdelningen only (another unit)
- sam: board secretary of the executive board (KS), which decides challenges
- tina: board secretary of Tekniska nämnden only
- ulla: procurement officer
- rebecka: registrar; nora: no role (tests/conftest.py)
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from insyn.challenges import services
from insyn.challenges.models import (
    Challenge,
    ChecklistTick,
    Decision,
    Exit,
    ImpactAnalysis,
    Meeting,
    StakeholderInformation,
)
from insyn.challenges.public_forms import new_submission_key
from insyn.core.calendar import add_working_days
from insyn.core.models import Party, Role
from insyn.notifications.models import OutgoingEmail
from insyn.procurement.models import Procurement
from insyn.registry.models import Document
from tests import factories

pytestmark = pytest.mark.django_db

GROUPS = ["staff", "union", "users", "relatives"]


def _person(username, role, **scope):
    user = factories.UserFactory(username=username, first_name=username.title(), last_name="T")
    return factories.assign(user, role, **scope)


@pytest.fixture
def lisa(ks_unit):
    return _person("lisa", Role.BUSINESS_GUIDE, unit=ks_unit)


@pytest.fixture
def sven(tn_unit):
    return _person("sven", Role.SECTOR_HEAD, unit=tn_unit)


@pytest.fixture
def otto(ks_unit):
    return _person("otto", Role.SECTOR_HEAD, unit=ks_unit)


@pytest.fixture
def sam(ks):
    return _person("sam", Role.BOARD_SECRETARY, board=ks)


@pytest.fixture
def tina(tn):
    return _person("tina", Role.BOARD_SECRETARY, board=tn)


@pytest.fixture
def ulla(organisation):
    return _person("ulla", Role.PROCUREMENT_OFFICER)


@pytest.fixture
def karin(organisation):
    return _person("karin", Role.CHIEF_EXECUTIVE)


@pytest.fixture
def people(lisa, sven, otto, sam, tina, ulla, karin, rebecka, nora):
    return locals()


def pdf(name="brev.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n%test\n", content_type="application/pdf")


def form_data(unit, **overrides):
    data = {
        "challenger_kind": "company",
        "name": "Grönytor i Testby AB",
        "org_number": "556045-6781",
        "contact_person": "Greta Grön",
        "email": "info@gronytor.example",
        "phone": "",
        "postal_address": "",
        "activity_unit": str(unit.pk),
        "activity_description": "",
        "improvement_environment": "",
        "improvement_quality": "Bättre skötsel av parkerna",
        "improvement_price": "10 % lägre",
        "improvement_other": "",
    }
    data.update(overrides)
    return data


def submit(unit, **overrides) -> Challenge:
    challenge, _created = services.challenge_submit(
        challenger=services.Challenger(
            kind="company",
            name=overrides.pop("name", "Grönytor i Testby AB"),
            org_number="556045-6781",
            email=overrides.pop("email", "info@gronytor.example"),
        ),
        proposal=services.Proposal(activity_unit=unit, quality="Bättre skötsel"),
        **overrides,
    )
    return challenge


def act(client, user, name, challenge, data=None, **kwargs):
    client.force_login(user)
    url = reverse(f"challenges:{name}", kwargs={"challenge_id": challenge.pk, **kwargs})
    return client.post(url, data or {})


def levels(response) -> list[int]:
    """The levels of the messages this request added (not those waiting from before)."""
    return [m.level for m in get_messages(response.wsgi_request)._queued_messages]


def assert_done(response):
    """Saved: back to the challenge page with a success message."""
    assert response.status_code == 302, (response.status_code, response.content[:3000])
    assert response["Location"].startswith(
        reverse("challenges:detail", args=[int(response["Location"].split("/")[2])])
    )
    assert messages.ERROR not in levels(response), [
        str(m) for m in get_messages(response.wsgi_request)._queued_messages
    ]


def assert_forbidden(response, challenge):
    """Refused for lack of rights: 403, with the reason and a way back to the challenge."""
    assert response.status_code == 403
    detail = reverse("challenges:detail", args=[challenge.pk])
    assert f'href="{detail}"' in response.content.decode()


def assert_refused(response):
    """Refused for the challenge's state: back to its page with an error message."""
    assert response.status_code == 302
    assert messages.ERROR in levels(response)


def tick_manual(client, user, challenge):
    """Tick the current step's items that insyn does not record itself, through HTTP."""
    challenge.refresh_from_db()
    done = set(challenge.ticks.values_list("item", flat=True))
    for item in challenge.current_step.checklist.all():
        if item.pk not in done and not item.action:
            assert_done(act(client, user, "tick", challenge, {"action": "tick"}, item_id=item.pk))


def advance_to(client, user, challenge, order):
    step = challenge.definition.steps.get(order=order)
    assert_done(act(client, user, "advance", challenge, {"to_step": step.pk}))
    challenge.refresh_from_db()
    assert challenge.current_step.order == order


def inform_everyone(client, user, challenge):
    response = act(
        client,
        user,
        "stakeholders",
        challenge,
        {
            "groups": GROUPS,
            "informed_on": timezone.localdate().isoformat(),
            "method": "meeting",
            "informed_by": "Sven",
            "note": "APT",
        },
    )
    assert_done(response)


def page(client, user, challenge):
    client.force_login(user)
    response = client.get(reverse("challenges:detail", args=[challenge.pk]))
    assert response.status_code == 200
    return response.content.decode()


def public_submit(client, unit) -> Challenge:
    """The public form, as a challenger sends it."""
    client.logout()
    key = new_submission_key()
    data = form_data(unit, submission_key=key)
    response = client.post(reverse("portal:challenge_form"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return Challenge.objects.get(submission_key=key)


# --- The whole default path ---------------------------------------------------------------


def test_the_default_path_through_the_staff_pages(client, people, tn_unit, ks_series):
    lisa, sven, sam, ulla = people["lisa"], people["sven"], people["sam"], people["ulla"]
    challenge = public_submit(client, tn_unit)
    assert challenge.current_step.order == 1
    case = challenge.case

    # The inbox lists it for the guide; the guide takes it.
    client.force_login(lisa)
    inbox = client.get(reverse("challenges:inbox"))
    assert inbox.status_code == 200
    assert case.number in inbox.content.decode()
    assert_done(act(client, lisa, "assign", challenge, {"responsible": lisa.pk}))
    challenge.refresh_from_db()
    assert challenge.responsible == lisa

    # Step 1: a letter that confirms receipt, the guide's own checks.
    assert_done(
        act(
            client,
            lisa,
            "letter",
            challenge,
            {"purpose": "receipt", "subject": "Vi har tagit emot", "body": "Tack."},
        )
    )
    page(client, lisa, challenge)
    tick_manual(client, lisa, challenge)
    advance_to(client, lisa, challenge, 2)

    # Step 2: internal meeting.
    tick_manual(client, lisa, challenge)
    today = timezone.localdate().isoformat()
    meeting = {"held_on": today, "participants": "Lisa, Sven", "notes": "Möjlig höjd kvalitet"}
    assert_done(act(client, lisa, "meeting", challenge, {"kind": "internal", **meeting}))
    advance_to(client, lisa, challenge, 3)

    # Step 3: joint meeting with the challenger.
    joint = {**meeting, "participants": "Lisa, Sven, utmanaren"}
    assert_done(act(client, lisa, "meeting", challenge, {"kind": "joint", **joint}))
    tick_manual(client, lisa, challenge)
    advance_to(client, lisa, challenge, 4)

    # Step 4: the formal challenge comes by post; the sector informs everyone.
    response = act(
        client,
        lisa,
        "document",
        challenge,
        {
            "kind": "formal_challenge",
            "description": "",
            "document_date": today,
            "attachments": pdf(),
        },
    )
    assert_done(response)
    inform_everyone(client, sven, challenge)
    tick_manual(client, lisa, challenge)
    advance_to(client, lisa, challenge, 5)

    # Step 5: the sector head ticks and registers the impact analysis.
    tick_manual(client, sven, challenge)
    analysis = {
        "problems": "p",
        "opportunities": "o",
        "economy": "e",
        "quality": "q",
        "environment": "m",
        "staff": "s",
        "recommendation": "Anta",
    }
    assert_done(act(client, sven, "analysis", challenge, analysis))
    advance_to(client, lisa, challenge, 6)
    tick_manual(client, lisa, challenge)
    advance_to(client, lisa, challenge, 7)

    # Step 7: not to step 8 before the decision and the procurement.
    step8 = challenge.definition.steps.get(order=8)
    assert_refused(act(client, lisa, "advance", challenge, {"to_step": step8.pk}))
    assert 'action="{}"'.format(reverse("challenges:decision", args=[challenge.pk])) in page(
        client, sam, challenge
    )
    response = act(
        client,
        sam,
        "decision",
        challenge,
        {"decided_on": today, "paragraph": "45", "outcome": "accepted", "motivation": ""},
    )
    assert_done(response)
    inform_everyone(client, sven, challenge)
    response = act(
        client,
        lisa,
        "accept",
        challenge,
        {"title": "Skötsel av parker", "procedure": "open", "responsible": ulla.pk},
    )
    assert_done(response)
    challenge.refresh_from_db()
    assert challenge.outcome == Exit.ACCEPTED
    assert challenge.current_step.order == 8
    procurement = challenge.procurement
    assert procurement.case == case and procurement.responsible == ulla

    # Step 8: the procurement officer records tenders and the contract.
    supplier = Party.objects.create(kind=Party.Kind.COMPANY, name="Vinnaren AB")
    response = act(
        client,
        ulla,
        "procurement",
        challenge,
        {
            "status": "evaluation",
            "advertised_on": today,
            "tenders_received": "3",
            "evaluated_on": today,
        },
    )
    assert_done(response)
    response = act(
        client,
        ulla,
        "procurement",
        challenge,
        {
            "status": "contract_signed",
            "advertised_on": today,
            "tenders_received": "3",
            "evaluated_on": today,
            "awarded_on": today,
            "supplier": supplier.pk,
            "contract_signed_on": today,
        },
    )
    assert_done(response)
    procurement.refresh_from_db()
    assert procurement.status == Procurement.Status.CONTRACT_SIGNED
    assert procurement.supplier == supplier and procurement.tenders_received == 3
    inform_everyone(client, sven, challenge)
    assert_done(act(client, lisa, "complete", challenge))

    challenge.refresh_from_db()
    case.refresh_from_db()
    assert not challenge.is_open and not case.is_open
    # Every letter, minutes, analysis and decision is a document in the case.
    documents = set(case.documents.values_list("pk", flat=True))
    assert len(documents) == 7  # notification, letter, 2 minutes, formal, analysis, decision
    meetings = Meeting.objects.filter(challenge=challenge)
    assert meetings.count() == 2
    assert {m.minutes_id for m in meetings} <= documents
    assert ImpactAnalysis.objects.get(challenge=challenge).document_id in documents
    assert Decision.objects.get(challenge=challenge).document_id in documents
    assert case.documents.filter(direction=Document.Direction.OUTGOING).count() == 1
    assert case.documents.filter(direction=Document.Direction.INCOMING).count() == 2
    # The case's e-mails are recorded and listed on the page.
    emails = OutgoingEmail.objects.filter(case=case)
    assert emails.filter(recipient="info@gronytor.example").count() >= 4
    html = page(client, lisa, challenge)
    assert "info@gronytor.example" in html
    for number in case.documents.values_list("number", flat=True):
        assert number in html
    # Every item of every step is ticked, by someone or by insyn.
    ticked = set(ChecklistTick.objects.filter(challenge=challenge).values_list("item", flat=True))
    for step in challenge.definition.steps.all():
        for item in step.checklist.filter(required=True):
            assert item.pk in ticked, (step.order, item.text)


# --- Endings -------------------------------------------------------------------------------


def test_withdrawal_at_the_joint_meeting_is_registered(client, people, tn_unit, ks_series):
    lisa = people["lisa"]
    challenge = submit(tn_unit)
    tick_manual(client, lisa, challenge)
    advance_to(client, lisa, challenge, 2)
    tick_manual(client, lisa, challenge)
    today = timezone.localdate().isoformat()
    act(client, lisa, "meeting", challenge, {"kind": "internal", "held_on": today,
        "participants": "Lisa", "notes": "ok"})  # fmt: skip
    advance_to(client, lisa, challenge, 3)
    before = challenge.case.documents.count()
    response = act(
        client,
        lisa,
        "withdraw",
        challenge,
        {"message": "Vi avstår, sa utmanaren på mötet", "attachments": pdf("aterkallelse.pdf")},
    )
    assert_done(response)
    challenge.refresh_from_db()
    assert challenge.outcome == Exit.WITHDRAWN and not challenge.is_open
    assert challenge.case.documents.count() == before + 1
    withdrawal = challenge.case.documents.order_by("-sequence").first()
    assert withdrawal.direction == Document.Direction.INCOMING
    assert withdrawal.attachments.get().original_name == "aterkallelse.pdf"
    # Closed: the forms are gone, and a late post is refused without a 500.
    assert 'action="{}"'.format(reverse("challenges:withdraw", args=[challenge.pk])) not in page(
        client, lisa, challenge
    )
    response = act(client, lisa, "withdraw", challenge, {"message": "igen"})
    assert response.status_code in (302, 422)


def test_screening_out_with_a_reason(client, people, tn_unit, ks_series):
    lisa = people["lisa"]
    challenge = submit(tn_unit)
    # No reason, an unknown reason, no motivation: 422, nothing saved.
    for data in (
        {},
        {"reason": "because", "motivation": "x"},
        {"reason": "public_authority", "motivation": ""},
    ):
        response = act(client, lisa, "screen_out", challenge, data)
        assert response.status_code == 422
    challenge.refresh_from_db()
    assert challenge.is_open and challenge.case.documents.count() == 1
    response = act(
        client,
        lisa,
        "screen_out",
        challenge,
        {"reason": "public_authority", "motivation": "Det gäller myndighetsutövning."},
    )
    assert_done(response)
    challenge.refresh_from_db()
    assert challenge.outcome == Exit.SCREENED_OUT
    assert challenge.screen_out_reason == "public_authority"
    assert not challenge.is_open
    assert challenge.case.documents.filter(direction=Document.Direction.OUTGOING).count() == 1


def test_a_rejected_challenge_is_closed_after_the_decision(client, people, tn_unit, ks_series):
    lisa, sam = people["lisa"], people["sam"]
    challenge = submit(tn_unit)
    # Straight to step 7 (the steps before are tested above).
    step7 = challenge.definition.steps.get(order=7)
    Challenge.objects.filter(pk=challenge.pk).update(current_step=step7)
    assert_refused(act(client, lisa, "reject", challenge))  # no decision yet
    today = timezone.localdate().isoformat()
    data = {"decided_on": today, "paragraph": "§ 12", "outcome": "rejected", "motivation": "Nej"}
    assert_done(act(client, sam, "decision", challenge, data))
    # Not accepted by the board: the form says so (422) and nothing is opened.
    accept = {"title": "x", "procedure": "open", "responsible": people["ulla"].pk}
    assert act(client, lisa, "accept", challenge, accept).status_code == 422
    inform_everyone(client, people["sven"], challenge)
    assert_done(act(client, lisa, "reject", challenge))
    challenge.refresh_from_db()
    assert challenge.outcome == Exit.REJECTED and not challenge.is_open
    assert Procurement.objects.count() == 0


# --- Deadlines and the inbox -------------------------------------------------------------


def _today_is(monkeypatch, day: datetime.date) -> None:
    # Every caller uses timezone.localdate() through the module, so this is "today".
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)


def test_a_deadline_skips_midsommarafton_and_the_weekend(
    client, people, tn_unit, ks_series, monkeypatch, pdf_file
):
    thursday = datetime.date(2026, 6, 18)  # midsommarafton is Friday 19 June 2026
    _today_is(monkeypatch, thursday)
    client.force_login(people["rebecka"])
    data = form_data(tn_unit, channel="post", received_on="2026-06-18")
    response = client.post(reverse("challenges:register"), {**data, "attachments": pdf_file()})
    assert response.status_code == 302, response.content.decode()[:3000]
    challenge = Challenge.objects.get()
    assert challenge.channel == Challenge.Channel.POST
    assert challenge.received_on == thursday
    assert challenge.current_step.deadline_working_days == 5
    assert challenge.step_due_on == add_working_days(thursday, 5)
    # 19 June midsommarafton, 20-21 the weekend: Mon 22 .. Fri 26 are the five days.
    assert challenge.step_due_on == datetime.date(2026, 6, 26)
    assert challenge.case.documents.get().attachments.count() == 2  # the form and the letter

    # Not overdue on the due date; overdue the Monday after.
    client.force_login(people["lisa"])
    _today_is(monkeypatch, datetime.date(2026, 6, 26))
    html = client.get(reverse("challenges:inbox")).content.decode()
    assert "challenge-row--overdue" not in html
    _today_is(monkeypatch, datetime.date(2026, 6, 29))
    html = client.get(reverse("challenges:inbox")).content.decode()
    assert 'class="challenge-row challenge-row--overdue"' in html
    assert 'class="overdue"' in html  # a word, not only a colour
    html = client.get(reverse("challenges:inbox") + "?overdue=on").content.decode()
    assert challenge.case.number in html
    assert 'class="overdue"' in page(client, people["lisa"], challenge)


def test_registering_with_bad_input_saves_nothing(client, people, tn_unit, ks_series):
    client.force_login(people["lisa"])
    url = reverse("challenges:register")
    assert client.get(url).status_code == 200
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    for data in (
        {},
        form_data(tn_unit, channel="web", received_on=timezone.localdate().isoformat()),
        form_data(tn_unit, channel="post", received_on=tomorrow),
        form_data(tn_unit, channel="post", received_on="2026-01-01", activity_unit="999999"),
        form_data(tn_unit, channel="post", received_on="2026-01-01", org_number="123"),
        form_data(
            tn_unit,
            channel="post",
            received_on="2026-01-01",
            improvement_quality="",
            improvement_price="",
        ),
    ):
        response = client.post(url, data)
        assert response.status_code == 422, data
    assert Challenge.objects.count() == 0
    assert Document.objects.count() == 0
    client.force_login(people["sven"])
    assert client.get(url).status_code == 403


def test_inbox_filters(client, people, tn_unit, ks_unit, ks_series):
    lisa = people["lisa"]
    parks = submit(tn_unit, name="Park AB")
    office = submit(ks_unit, name="Kontor AB")
    closed = submit(ks_unit, name="Stängd AB")
    tick_manual(client, lisa, parks)
    advance_to(client, lisa, parks, 2)
    act(client, lisa, "screen_out", closed, {"reason": "too_small", "motivation": "Liten"})

    def listed(query=""):
        response = client.get(reverse("challenges:inbox") + query)
        assert response.status_code == 200, query
        return {int(pk) for pk in _rows(response.content.decode())}

    client.force_login(lisa)
    assert listed() == {parks.pk, office.pk}
    assert listed("?step=2") == {parks.pk}
    assert listed("?step=1") == {office.pk}
    assert listed(f"?unit={tn_unit.pk}") == {parks.pk}
    assert listed(f"?unit={ks_unit.pk}&closed=on") == {closed.pk}
    # The challenger's name is shown to staff.
    assert "Park AB" in client.get(reverse("challenges:inbox")).content.decode()
    # Forged filters: 422 with the form's errors, never a 500.
    for query in ("?unit=999999", "?unit=abc", "?step=99", "?step=x"):
        assert client.get(reverse("challenges:inbox") + query).status_code == 422, query
    # A sector head sees only the challenges of the units in their scope.
    client.force_login(people["sven"])
    assert listed() == {parks.pk}
    client.force_login(people["otto"])
    assert listed() == {office.pk}


def _rows(html: str) -> list[str]:
    import re

    return re.findall(r'data-challenge="(\d+)"', html)


# --- Who may do what -------------------------------------------------------------------------


def test_permissions(client, people, tn_unit, ks_series):
    challenge = submit(tn_unit)
    detail = reverse("challenges:detail", args=[challenge.pk])
    inbox = reverse("challenges:inbox")

    assert client.get(detail).status_code == 302  # anonymous: to the login page
    client.force_login(people["nora"])
    assert client.get(inbox).status_code == 403
    assert client.get(detail).status_code == 403
    # Sector head of another unit: not this challenge.
    client.force_login(people["otto"])
    assert client.get(inbox).status_code == 200
    assert client.get(detail).status_code == 403
    assert act(client, people["otto"], "analysis", challenge, {}).status_code == 403
    # The sector head of the unit sees it, but leads nothing.
    html = page(client, people["sven"], challenge)
    assert reverse("challenges:advance", args=[challenge.pk]) not in html
    assert reverse("challenges:screen_out", args=[challenge.pk]) not in html
    assert act(client, people["sven"], "advance", challenge, {}).status_code == 403
    # Unknown ids: 404.
    client.force_login(people["lisa"])
    assert client.get(reverse("challenges:detail", args=[999999])).status_code == 404
    item = challenge.current_step.checklist.filter(action="").first()
    assert act(client, people["lisa"], "tick", challenge, item_id=999999).status_code == 404
    response = client.post(reverse("challenges:tick", args=[999999, item.pk]))
    assert response.status_code == 404
    # Only the board secretary records the decision, and only the deciding board's.
    step7 = challenge.definition.steps.get(order=7)
    Challenge.objects.filter(pk=challenge.pk).update(current_step=step7)
    data = {"decided_on": timezone.localdate().isoformat(), "paragraph": "1", "outcome": "accepted"}
    assert act(client, people["lisa"], "decision", challenge, data).status_code == 403
    assert_forbidden(act(client, people["tina"], "decision", challenge, data), challenge)
    assert not Decision.objects.exists()
    # A registrar may open the tick URL but not tick this step: 403 with the reason.
    Challenge.objects.filter(pk=challenge.pk).update(
        current_step=challenge.definition.steps.get(order=1)
    )
    response = act(client, people["rebecka"], "tick", challenge, item_id=item.pk)
    assert_forbidden(response, challenge)
    assert "Bara företagslotsen" in response.content.decode()
    assert not ChecklistTick.objects.filter(item=item).exists()
    assert 'name="action" value="tick"' not in page(client, people["rebecka"], challenge)
    # The procurement officer may not screen out.
    assert act(client, people["ulla"], "screen_out", challenge, {}).status_code == 403


def test_forged_and_invalid_posts(client, people, tn_unit, ks_series):
    lisa, sven = people["lisa"], people["sven"]
    challenge = submit(tn_unit)
    steps = {s.order: s for s in challenge.definition.steps.all()}
    other_item = steps[2].checklist.first()
    # An item of another step, a step not next, an unknown step: messages, no change.
    assert_refused(act(client, lisa, "tick", challenge, item_id=other_item.pk))
    assert not ChecklistTick.objects.filter(item=other_item).exists()
    assert_refused(act(client, lisa, "advance", challenge, {"to_step": steps[3].pk}))
    assert_refused(act(client, lisa, "advance", challenge, {"to_step": "999999"}))
    # Step 1's checklist is not done: the service's refusal is a message.
    assert_refused(act(client, lisa, "advance", challenge, {"to_step": steps[2].pk}))
    challenge.refresh_from_db()
    assert challenge.current_step.order == 1
    # Tick and untick by hand; what insyn recorded cannot be unticked.
    item = steps[1].checklist.filter(action="").first()
    assert_done(act(client, lisa, "tick", challenge, {"action": "tick"}, item_id=item.pk))
    assert_refused(act(client, lisa, "tick", challenge, {"action": "tick"}, item_id=item.pk))
    html = page(client, lisa, challenge)
    assert 'name="action" value="untick"' in html
    assert_done(act(client, lisa, "tick", challenge, {"action": "untick"}, item_id=item.pk))
    auto = steps[1].checklist.get(action="registered")
    assert_refused(act(client, lisa, "tick", challenge, {"action": "untick"}, item_id=auto.pk))
    assert ChecklistTick.objects.filter(item=auto, ticked_by=None).exists()
    assert_refused(act(client, lisa, "tick", challenge, {"action": "explode"}, item_id=item.pk))

    documents = challenge.case.documents.count()
    today = timezone.localdate().isoformat()
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    invalid = [
        (lisa, "meeting", {"kind": "internal", "held_on": today, "participants": ""}),
        (lisa, "meeting", {"kind": "party", "held_on": today, "participants": "x", "notes": "y"}),
        (
            lisa,
            "meeting",
            {"kind": "joint", "held_on": tomorrow, "participants": "x", "notes": "y"},
        ),
        (lisa, "meeting", {"kind": "joint", "held_on": today, "participants": "x"}),  # no minutes
        (lisa, "letter", {"purpose": "receipt", "subject": "", "body": ""}),
        (lisa, "letter", {"purpose": "bribe", "subject": "s", "body": "b"}),
        (lisa, "document", {"kind": "other", "description": "x", "document_date": today}),
        (
            lisa,
            "document",
            {"kind": "other", "description": "", "document_date": today, "attachments": pdf()},
        ),
        (lisa, "assign", {"responsible": str(sven.pk)}),  # not a business guide
        (
            sven,
            "stakeholders",
            {"groups": ["press"], "informed_on": today, "method": "meeting", "informed_by": "S"},
        ),
        (
            sven,
            "stakeholders",
            {"groups": GROUPS, "informed_on": "igår", "method": "meeting", "informed_by": "S"},
        ),
        (sven, "analysis", {"problems": "p"}),
        (lisa, "accept", {"title": "", "procedure": "auction", "responsible": "x"}),
    ]
    for user, name, data in invalid:
        response = act(client, user, name, challenge, data)
        assert response.status_code == 422, (name, data, response.status_code)
        assert 'id="error-summary"' in response.content.decode()
    # What was typed is kept.
    response = act(client, lisa, "letter", challenge, {"subject": "Ämnesrad kvar", "body": ""})
    assert 'value="Ämnesrad kvar"' in response.content.decode()
    assert challenge.case.documents.count() == documents
    assert not Meeting.objects.exists()
    assert not StakeholderInformation.objects.exists()
    assert not ImpactAnalysis.objects.exists()
    challenge.refresh_from_db()
    assert challenge.responsible is None
    # Not at the decision: the secretary is told so; the procurement form has nothing yet.
    assert_refused(
        act(client, people["sam"], "decision", challenge,
            {"decided_on": today, "paragraph": "1", "outcome": "accepted"})
    )  # fmt: skip
    assert_refused(act(client, people["ulla"], "procurement", challenge, {"status": "planned"}))
    assert_refused(act(client, lisa, "complete", challenge))
    assert not Decision.objects.exists()
    # GET on an action URL is not allowed.
    client.force_login(lisa)
    assert client.get(reverse("challenges:meeting", args=[challenge.pk])).status_code == 405
