"""The board's decision on a challenge says how to appeal it (laglighetsprövning under
kommunallagen 13 kap.), in the registered decision extract and in the letter to the
challenger; and the challenge's meetings keep their history.

Named users: lisa (business guide), sam (board secretary of KS, which decides).
"""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from insyn.challenges import services
from insyn.challenges.models import Challenge, Decision, Meeting
from insyn.core.models import Role
from insyn.notifications.models import OutgoingEmail
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def lisa(ks_unit):
    user = factories.UserFactory(username="lisa", first_name="Lisa", last_name="T")
    return factories.assign(user, Role.BUSINESS_GUIDE, unit=ks_unit)


@pytest.fixture
def sam(ks):
    user = factories.UserFactory(username="sam", first_name="Sam", last_name="T")
    return factories.assign(user, Role.BOARD_SECRETARY, board=ks)


def submit(unit) -> Challenge:
    challenge, _created = services.challenge_submit(
        challenger=services.Challenger(
            kind="company",
            name="Grönytor i Testby AB",
            org_number="556045-6781",
            email="info@gronytor.example",
        ),
        proposal=services.Proposal(activity_unit=unit, quality="Bättre skötsel"),
    )
    return challenge


def pdf_text(document) -> str:
    data = document.attachments.first().file.read()
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("outcome", ["rejected", "accepted"])
def test_the_decision_says_how_to_appeal_it(client, sam, tn_unit, ks_series, outcome):
    challenge = submit(tn_unit)
    step7 = challenge.definition.steps.get(order=7)
    Challenge.objects.filter(pk=challenge.pk).update(current_step=step7)
    client.force_login(sam)
    data = {
        "decided_on": timezone.localdate().isoformat(),
        "paragraph": "§ 12",
        "outcome": outcome,
        "motivation": "Skälen.",
    }
    response = client.post(
        reverse("challenges:decision", kwargs={"challenge_id": challenge.pk}), data
    )
    assert response.status_code == 302
    decision = Decision.objects.get(challenge=challenge)

    extract = flat(pdf_text(decision.document))
    letter = flat(OutgoingEmail.objects.get(event__endswith=":decision").body)
    for text in (extract, letter):
        assert "Hur man överklagar" in text
        assert "laglighetsprövning enligt 13 kap. kommunallagen (2017:725)" in text
        assert "förvaltningsrätten" in text
        assert (
            "inom tre veckor från den dag då det tillkännagavs på kommunens anslagstavla "
            "att protokollet över beslutet justerats (13 kap. 5 § KL)"
        ) in text
        # What the court reviews: lawfulness, not merits.
        assert "prövar bara om beslutet är lagligt, inte om det är lämpligt" in text
        # Not the appeal of an authority decision to the kammarrätt.
        assert "kammarrätt" not in text


# --- The history of the meetings ----------------------------------------------------------


def post(client, user, name, challenge, data):
    client.force_login(user)
    return client.post(reverse(f"challenges:{name}", kwargs={"challenge_id": challenge.pk}), data)


def test_a_meeting_keeps_its_history_shown_where_the_meeting_is(
    client, lisa, sam, tn_unit, ks_series
):
    challenge = submit(tn_unit)
    today = timezone.localdate()
    held = today - datetime.timedelta(days=3)
    response = post(
        client,
        lisa,
        "meeting",
        challenge,
        {
            "kind": "internal",
            "held_on": today.isoformat(),
            "participants": "Lisa, Sven",
            "notes": "Möjlig höjd kvalitet",
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(challenge=challenge)
    correction = {
        "meeting": meeting.pk,
        "held_on": held.isoformat(),
        "participants": "Lisa, Sven, Karin",
    }
    # Without a reason: 422 with the form's errors, nothing changed.
    response = post(client, lisa, "meeting_correct", challenge, correction)
    assert response.status_code == 422
    meeting.refresh_from_db()
    assert meeting.held_on == today and meeting.history.count() == 1
    # Someone who does not guide the challenge cannot correct it.
    response = post(client, sam, "meeting_correct", challenge, {**correction, "reason": "x"})
    assert response.status_code in (302, 403)
    meeting.refresh_from_db()
    assert meeting.held_on == today
    # The guide corrects the date with a reason.
    reason = "Fel datum i anteckningarna"
    response = post(client, lisa, "meeting_correct", challenge, {**correction, "reason": reason})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.held_on == held and meeting.participants == "Lisa, Sven, Karin"

    client.force_login(lisa)
    html = client.get(reverse("challenges:detail", args=[challenge.pk])).content.decode()
    history = html[html.index(f'id="meeting-{meeting.pk}-history"') :]
    history = flat(history[: history.index("</details>")])
    assert "Lisa T" in history and reason in history
    assert "Mötet registrerat" in history  # who recorded it, and why
    assert f"{today.isoformat()} → {held.isoformat()}" in re.sub(r"<[^>]+>", "", history)
    assert "Lisa, Sven → Lisa, Sven, Karin" in re.sub(r"<[^>]+>", "", history)
