"""The board's decision on a challenge says how to appeal it (laglighetsprövning under
kommunallagen 13 kap.), in the registered decision extract and in the letter to the
challenger; and the challenge's meetings keep their history.

Named users: lisa (business guide), sam (board secretary of KS, which decides).
"""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from insyn.challenges import services
from insyn.challenges.models import Challenge, Decision
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
