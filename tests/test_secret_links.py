"""Secret links (insyn.core.links) through HTTP: the provider's page for its view of a
follow-up and a person's calendar feed expire, are revoked one at a time by those who
issued them, and record their use; a revoked or expired link is gone (410) on a Swedish
page that tells nothing of what it opened, and a forged one is still not found (404).

- anna: manager of the cleaning contract (issues and revokes its provider links)
- bo: manager of another contract
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from insyn.core import links, tokens
from insyn.core.models import Role, SecretLink
from insyn.followup import services
from insyn.followup.models import FollowUpReport
from tests import factories
from tests.test_followup_staff import YEAR, _contract

pytestmark = pytest.mark.django_db


@pytest.fixture
def anna(organisation):
    user = factories.UserFactory(username="anna", first_name="Anna", last_name="Avtal")
    return factories.assign(user, Role.CONTRACT_MANAGER)


@pytest.fixture
def bo(organisation):
    user = factories.UserFactory(username="bo", first_name="Bo", last_name="Annan")
    return factories.assign(user, Role.CONTRACT_MANAGER)


@pytest.fixture
def report(ks, anna):
    contract = _contract("AVT-77", ks, manager=anna)
    return services.report_create(contract=contract, year=YEAR)


def _partner_url(link: SecretLink) -> str:
    return reverse("portal:partner_view", kwargs={"token": links.link_token(link)})


def _feed_url(link: SecretLink) -> str:
    return reverse("portal:cycle_person_feed", args=[links.link_token(link)])


def _assert_gone(response) -> None:
    assert response.status_code == 410
    body = response.content.decode()
    assert "Länken fungerar inte längre" in body
    # Nothing of what it opened: not the contract, its year, nor a form.
    for text in ("AVT-77", "Avtal AVT-77", "<textarea"):
        assert text not in body
    assert "no-store" in response["Cache-Control"]


def test_a_provider_link_expires_after_the_set_number_of_days(client, settings, report, anna):
    settings.INSYN_SECRET_LINK_DAYS = {**settings.INSYN_SECRET_LINK_DAYS, "partner_view": 30}
    link = services.partner_link_issue(report=report, user=anna)
    assert link.expires_at - link.issued_at == datetime.timedelta(days=30)
    assert client.get(_partner_url(link)).status_code == 200

    SecretLink.objects.filter(pk=link.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    _assert_gone(client.get(_partner_url(link)))
    response = client.post(_partner_url(link), {"text": "Efter utgången tid"})
    _assert_gone(response)
    report.refresh_from_db()
    assert report.partner_view == ""


def test_the_manager_revokes_one_provider_link_and_the_other_keeps_working(
    client, report, anna, bo
):
    sent = services.partner_link_issue(report=report, user=anna, to="info@bolaget.example")
    given = services.partner_link_issue(report=report, user=anna)
    revoke = reverse(
        "followup:partner_link_revoke", kwargs={"report_id": report.pk, "link_id": sent.pk}
    )
    detail = reverse("followup:report_detail", kwargs={"report_id": report.pk})

    # Another contract's manager may not revoke it: refused for lack of rights (403).
    client.force_login(bo)
    response = client.post(revoke)
    assert response.status_code == 403
    client.logout()
    assert client.get(_partner_url(sent)).status_code == 200

    client.force_login(anna)
    page = client.get(detail).content.decode()
    assert "info@bolaget.example" in page and revoke in page
    assert links.link_url(sent) in page and links.link_url(given) in page
    response = client.post(revoke)
    assert response.status_code == 302
    page = client.get(detail).content.decode()
    assert f'data-link="{sent.pk}" data-valid="no"' in page
    assert links.link_url(sent) not in page  # no longer given out again

    client.logout()
    _assert_gone(client.get(_partner_url(sent)))
    assert client.get(_partner_url(given)).status_code == 200


def test_a_provider_links_use_is_recorded_and_the_link_itself_is_not_stored(client, report, anna):
    link = services.partner_link_issue(report=report, user=anna)
    assert link.use_count == 0 and link.last_used_at is None
    client.get(_partner_url(link))
    client.post(_partner_url(link), {"text": "Bra samarbete."})
    link.refresh_from_db()
    assert link.use_count == 2
    assert link.last_used_at is not None
    # The row holds the nonce, never the signature that makes it a link.
    signature = links.link_token(link).partition(".")[2]
    row = SecretLink.objects.filter(pk=link.pk).values().get()
    assert not any(signature in str(value) for value in row.values())

    client.force_login(anna)
    page = client.get(
        reverse("followup:report_detail", kwargs={"report_id": report.pk}),
        HTTP_ACCEPT_LANGUAGE="en",
    ).content.decode()
    assert "2 times, last" in page


def test_a_forged_link_is_still_not_found(client, report, anna):
    link = services.partner_link_issue(report=report, user=anna)
    nonce, _dot, signature = links.link_token(link).partition(".")
    for token in (
        f"{nonce}.{'0' * len(signature)}",
        tokens.sign("insyn.core.links.calendar_feed", nonce),  # the wrong kind
        tokens.sign("followup.partner_view", str(report.pk)),  # the old form of link
    ):
        assert client.get(reverse("portal:partner_view", kwargs={"token": token})).status_code == (
            404
        )
    # A revoked link whose signature is changed is not found either: nothing to tell.
    services.partner_link_revoke(link=link, user=anna)
    forged = reverse("portal:partner_view", kwargs={"token": f"{nonce}.{'0' * len(signature)}"})
    assert client.get(forged).status_code == 404
    link.refresh_from_db()
    assert link.use_count == 0


def test_a_link_is_made_only_for_a_draft_report(client, report, anna):
    FollowUpReport.objects.filter(pk=report.pk).update(status=FollowUpReport.Status.SUBMITTED)
    client.force_login(anna)
    response = client.post(reverse("followup:partner_link_create", kwargs={"report_id": report.pk}))
    assert response.status_code == 302
    assert not SecretLink.objects.exists()


def test_a_person_makes_and_revokes_their_own_calendar_feed_link(client, anna, bo):
    client.force_login(anna)
    response = client.post(reverse("followup:my_feed_link_create"))
    assert response.status_code == 302
    link = SecretLink.objects.get(kind=SecretLink.Kind.CALENDAR_FEED)
    assert link.object_id == anna.pk and link.issued_by == anna
    assert link.expires_at - link.issued_at == datetime.timedelta(days=365)
    client.logout()
    response = client.get(_feed_url(link))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    link.refresh_from_db()
    assert link.use_count == 1

    revoke = reverse("followup:my_feed_link_revoke", kwargs={"link_id": link.pk})
    # Someone else's link is not theirs to revoke, nor to learn about.
    client.force_login(bo)
    assert client.post(revoke).status_code == 404
    client.logout()
    assert client.get(_feed_url(link)).status_code == 200

    client.force_login(anna)
    page = client.get(reverse("followup:my_feed_link")).content.decode()
    assert links.link_url(link) in page and revoke in page
    assert client.post(revoke).status_code == 302
    assert links.link_url(link) not in client.get(reverse("followup:my_feed_link")).content.decode()
    client.logout()
    _assert_gone(client.get(_feed_url(link)))


def test_an_expired_calendar_feed_link_is_gone(client, anna):
    link = services.calendar_feed_issue(user=anna)
    SecretLink.objects.filter(pk=link.pk).update(expires_at=timezone.now())
    _assert_gone(client.get(_feed_url(link)))


def test_an_administrator_revokes_any_link_in_the_admin(client, report, anna):
    link = services.partner_link_issue(report=report, user=anna)
    admin = factories.UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    changelist = reverse("admin:core_secretlink_changelist")
    page = client.get(changelist).content.decode()
    assert links.link_token(link) not in page and link.nonce not in page
    response = client.post(changelist, {"action": "revoke", "_selected_action": [link.pk]})
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.revoked_at is not None and link.revoked_by == admin
    client.logout()
    _assert_gone(client.get(_partner_url(link)))
