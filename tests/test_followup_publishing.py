"""Publishing the yearly follow-up on the public pages, and the provider's own view of the
cooperation by a secret link, through HTTP with named users:

- anna: contract manager of the KS contracts
- bo: contract manager of a TN contract, not of anna's
- the provider: no user at all, only the link it is mailed
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from insyn.contracts import services as contracts
from insyn.contracts.models import Contract
from insyn.core import links, tokens
from insyn.core.models import Party, Role
from insyn.followup import services
from insyn.followup.models import FollowUpReport
from insyn.notifications.models import OutgoingEmail
from tests import factories

pytestmark = pytest.mark.django_db

YEAR = 2026
PUBLIC_TEXT = "Verksamheten håller god kvalitet; lönerna rättas under hösten."
# The report's own texts: on the staff page, never on a public one.
PRIVATE_TEXTS = (
    "Kommentar om städningen hos Greta",  # an assessment's comment
    "Kommentar om lönerna",
    "Två anställda utan avtalsenlig lön",  # a deficiency
    "Lönerevision med facket",  # a measure
    "Leverantörens vd Karl Karlsson",  # a measure's responsible person
    "Leverantören tycker att samarbetet är trögt",  # the provider's view
    "Intern sammanfattning om Greta",  # the staff summary
    "Påverkar målet om goda villkor",  # the effect on goal attainment
)


def _messages(response, level: str) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == level]


@pytest.fixture
def anna(organisation):
    user = factories.UserFactory(username="anna", first_name="Anna", last_name="Avtal")
    return factories.assign(user, Role.CONTRACT_MANAGER)


@pytest.fixture
def bo(organisation):
    user = factories.UserFactory(username="bo", first_name="Bo", last_name="Annan")
    return factories.assign(user, Role.CONTRACT_MANAGER)


def _contract(number, board, *, manager, party=None, unit=None, case=None):
    if unit is not None:
        kind, procedure = Contract.Kind.INTERNAL, Contract.Procedure.INTERNAL
    else:
        kind, procedure = Contract.Kind.EXTERNAL, Contract.Procedure.OPEN
    contract = contracts.contract_create(
        data=contracts.ContractData(
            number=number,
            title=f"Avtal {number}",
            kind=kind,
            procedure=procedure,
            provider_party=party,
            provider_unit=unit,
            start_date=datetime.date(YEAR - 2, 1, 1),
            shares=[contracts.Share(board, Decimal("100"))],
            case=case,
        ),
        user=None,
    )
    Contract.objects.filter(pk=contract.pk).update(contract_manager=manager)
    contract.refresh_from_db()
    for title, area in (("Städfrekvens", "quality"), ("Kollektivavtal", "labour")):
        contracts.requirement_add(
            contract=contract, title=title, text="", area=area, essential=True
        )
    return contract


@pytest.fixture
def provider(organisation):
    return factories.PartyFactory(
        name="Städbolaget AB", org_number="556045-6781", email="info@stadbolaget.example"
    )


@pytest.fixture
def cleaning(ks, anna, provider, register):
    case = register(title="Avtal lokalvård").case
    return _contract("AVT-1", ks, manager=anna, party=provider, case=case)


@pytest.fixture
def parks(ks, anna, tn_unit):
    """Egen regi: published and shown the same way."""
    return _contract("INT-1", ks, manager=anna, unit=tn_unit)


@pytest.fixture
def roads(tn, bo):
    return _contract("TN-1", tn, manager=bo, party=factories.PartyFactory())


def _draft(contract, year=YEAR, *, with_texts=True):
    """A report with one requirement met and one partly met, a deficiency in labour
    conditions with a planned measure; the report's own texts name people."""
    report = services.report_create(contract=contract, year=year)
    met, partly = contract.requirements.filter(essential=True).order_by("order", "id")
    services.assessment_record(
        report=report, requirement=met, result="met", comment=PRIVATE_TEXTS[0]
    )
    services.assessment_record(
        report=report, requirement=partly, result="partly", comment=PRIVATE_TEXTS[1]
    )
    deficiency = services.deficiency_add(
        report=report, description=PRIVATE_TEXTS[2], requirement=partly
    )
    services.measure_add(
        report=report,
        description=PRIVATE_TEXTS[3],
        responsible=PRIVATE_TEXTS[4],
        due_on=datetime.date(year, 12, 1),
        deficiency=deficiency,
    )
    if with_texts:
        services.report_describe(
            report=report,
            goal_effect=PRIVATE_TEXTS[7],
            goals=[],
            partner_view=PRIVATE_TEXTS[5],
            summary=PRIVATE_TEXTS[6],
        )
    return report


def _submitted(contract, user, year=YEAR):
    return services.report_submit(report=_draft(contract, year), user=user)


def _publish_url(report):
    return reverse("followup:report_publish", kwargs={"report_id": report.pk})


def _detail_url(report):
    return reverse("followup:report_detail", kwargs={"report_id": report.pk})


def _public(client, url):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


# --- Publishing -------------------------------------------------------------------------


def test_publishing_needs_a_submitted_report_and_a_summary(client, anna, cleaning):
    report = _draft(cleaning)
    client.force_login(anna)
    # A draft: no form on the page, and a forged post is refused with a message.
    assert _publish_url(report) not in client.get(_detail_url(report)).content.decode()
    response = client.post(_publish_url(report), {"public_summary": PUBLIC_TEXT})
    assert response.status_code == 302 and response["Location"] == _detail_url(report)
    assert _messages(response, "error")
    report.refresh_from_db()
    assert not report.published and report.public_summary == ""

    services.report_submit(report=report, user=anna)
    page = client.get(_detail_url(report)).content.decode()
    assert _publish_url(report) in page and 'id="publish-public_summary"' in page
    # What the public will see next to the text is on the page before publishing.
    assert 'data-counts="results"' in page

    # Without a summary: the form again with its error, nothing published.
    response = client.post(_publish_url(report), {"public_summary": "   "})
    assert response.status_code == 422
    assert 'id="publish-public_summary-error"' in response.content.decode()
    report.refresh_from_db()
    assert not report.published

    response = client.post(_publish_url(report), {"public_summary": PUBLIC_TEXT})
    assert response.status_code == 302 and not _messages(response, "error")
    report.refresh_from_db()
    assert report.published and report.public_summary == PUBLIC_TEXT
    assert report.published_by == anna and report.published_on == timezone.localdate()

    page = client.get(_detail_url(report)).content.decode()
    assert "report-published" in page and "Anna Avtal" in page
    assert reverse("followup:report_unpublish", kwargs={"report_id": report.pk}) in page

    # GET is not a way to publish.
    assert client.get(_publish_url(report)).status_code == 405


def test_another_boards_contract_manager_cannot_publish_withdraw_or_send_the_link(
    client, anna, bo, cleaning, parks, roads
):
    report = _submitted(cleaning, anna)
    client.force_login(bo)
    response = client.post(_publish_url(report), {"public_summary": PUBLIC_TEXT})
    assert response.status_code == 403
    assert f'href="{_detail_url(report)}"' in response.content.decode()
    report.refresh_from_db()
    assert not report.published and report.public_summary == ""
    # bo sees the report, but no form to publish it.
    assert _publish_url(report) not in client.get(_detail_url(report)).content.decode()

    services.report_publish(report=report, public_summary=PUBLIC_TEXT, user=anna)
    response = client.post(reverse("followup:report_unpublish", kwargs={"report_id": report.pk}))
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.published

    draft = _draft(parks)
    response = client.post(
        reverse("followup:partner_link", kwargs={"report_id": draft.pk}),
        {"email": "bo@example.org"},
    )
    assert response.status_code == 403
    assert not OutgoingEmail.objects.exists()


def test_the_public_pages_show_the_published_counts_and_never_the_reports_texts(
    client, anna, cleaning, provider, register
):
    published = _submitted(cleaning, anna)
    services.report_publish(report=published, public_summary=PUBLIC_TEXT, user=anna)
    # Last year's report is submitted but not published; next year's is a draft, even
    # with its flag set by hand.
    _submitted(cleaning, anna, year=YEAR - 1)
    draft = _draft(cleaning, year=YEAR + 1)
    FollowUpReport.objects.filter(pk=draft.pk).update(
        published=True, public_summary="Utkastets text"
    )

    for url in (
        reverse("portal:provider_detail", kwargs={"key": f"p{provider.pk}"}),
        reverse("portal:contract_detail", kwargs={"contract_id": cleaning.pk}),
    ):
        body = _public(client, url)
        assert body.count('class="followup-summary"') == 1, url
        assert f'data-year="{YEAR}"' in body
        assert f'data-year="{YEAR - 1}"' not in body and f'data-year="{YEAR + 1}"' not in body
        assert PUBLIC_TEXT in body
        assert "met: 1; partly met: 1; not met: 0" in body
        assert "labour conditions: 1" in body
        assert "planned: 1; in progress: 0; done: 0" in body
        assert f"Published {timezone.localdate().isoformat()}" in body
        for text in (*PRIVATE_TEXTS, "Utkastets text", "Anna Avtal"):
            assert text not in body, (url, text)


def test_egen_regi_is_published_the_same_way(client, anna, parks, tn_unit):
    report = _submitted(parks, anna)
    body = _public(client, reverse("portal:provider_detail", kwargs={"key": f"u{tn_unit.pk}"}))
    assert 'class="followup-summary"' not in body  # submitted, not published yet

    services.report_publish(report=report, public_summary=PUBLIC_TEXT, user=anna)
    body = _public(client, reverse("portal:provider_detail", kwargs={"key": f"u{tn_unit.pk}"}))
    assert PUBLIC_TEXT in body and "met: 1; partly met: 1; not met: 0" in body
    assert PRIVATE_TEXTS[2] not in body and PRIVATE_TEXTS[3] not in body


def test_a_withdrawn_publication_disappears(client, anna, cleaning, provider):
    report = _submitted(cleaning, anna)
    services.report_publish(report=report, public_summary=PUBLIC_TEXT, user=anna)
    provider_url = reverse("portal:provider_detail", kwargs={"key": f"p{provider.pk}"})
    assert PUBLIC_TEXT in _public(client, provider_url)

    client.force_login(anna)
    response = client.post(reverse("followup:report_unpublish", kwargs={"report_id": report.pk}))
    assert response.status_code == 302 and not _messages(response, "error")
    report.refresh_from_db()
    assert not report.published
    client.logout()
    for url in (
        provider_url,
        reverse("portal:contract_detail", kwargs={"contract_id": cleaning.pk}),
    ):
        body = _public(client, url)
        assert PUBLIC_TEXT not in body and 'class="followup-summary"' not in body


def test_a_sole_traders_contract_shows_the_figures_but_not_the_text(client, ks, anna):
    person = factories.PartyFactory(kind=Party.Kind.PRIVATE_PERSON, name="Sven Svensson")
    contract = _contract("AVT-9", ks, manager=anna, party=person)
    report = _submitted(contract, anna)
    services.report_publish(
        report=report, public_summary="Sven Svensson sköter fönsterputsen väl.", user=anna
    )
    body = _public(client, reverse("portal:contract_detail", kwargs={"contract_id": contract.pk}))
    assert 'class="followup-summary"' in body and "met: 1; partly met: 1; not met: 0" in body
    assert "Sven Svensson" not in body
    # Still no provider page.
    url = reverse("portal:provider_detail", kwargs={"key": f"p{person.pk}"})
    assert client.get(url).status_code == 404


# --- The provider's view ----------------------------------------------------------------


def _link_from(message) -> str:
    match = re.search(r"/samverkan/([^/\s]+)/", message.body)
    assert match, message.body
    return match.group(0)


def test_the_provider_gets_a_link_and_writes_its_view_until_the_report_is_submitted(
    client, anna, cleaning, django_capture_on_commit_callbacks
):
    report = _draft(cleaning, with_texts=False)
    link = reverse("followup:partner_link", kwargs={"report_id": report.pk})
    client.force_login(anna)
    page = client.get(_detail_url(report)).content.decode()
    # Prefilled with the provider's address; a link to give another way is made on request.
    assert 'value="info@stadbolaget.example"' in page
    assert reverse("followup:partner_link_create", kwargs={"report_id": report.pk}) in page
    assert "/samverkan/" not in page

    for bad in ("", "not-an-address"):
        response = client.post(link, {"email": bad})
        assert response.status_code == 422
        assert 'id="partner-email-error"' in response.content.decode()
    assert not OutgoingEmail.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link, {"email": "info@stadbolaget.example"})
    assert response.status_code == 302 and _messages(response, "success")
    assert [m.to for m in mail.outbox] == [["info@stadbolaget.example"]]
    message = mail.outbox[0]
    assert "AVT-1" in message.subject
    assert "Testby kommun" in message.body and str(YEAR) in message.body
    assert message.reply_to == [anna.email]
    path = _link_from(message)
    page = client.get(_detail_url(report)).content.decode()
    assert path in page  # the same link, listed on the staff page

    # The same address again the same day: not mailed twice.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link, {"email": "info@stadbolaget.example"})
    assert response.status_code == 302 and _messages(response, "info")
    assert len(mail.outbox) == 1

    # The provider, not signed in.
    client.logout()
    response = client.get(path)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
    body = response.content.decode()
    assert "Testby kommun" in body and "Avtal AVT-1" in body and str(YEAR) in body
    for text in PRIVATE_TEXTS[:5]:
        assert text not in body  # nothing else of the report

    response = client.post(path, {"text": "  "})
    assert response.status_code == 422
    report.refresh_from_db()
    assert report.partner_view == ""
    response = client.post(path, {"text": "Samarbetet har fungerat bra."})
    assert response.status_code == 302 and response["Location"] == path
    report.refresh_from_db()
    assert report.partner_view == "Samarbetet har fungerat bra."
    assert report.partner_view_received_on == timezone.localdate()
    assert "Samarbetet har fungerat bra." in client.get(path).content.decode()

    # The manager sees it, marked as written by the provider.
    client.force_login(anna)
    page = client.get(_detail_url(report), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Samarbetet har fungerat bra." in page
    assert f"Written by the provider on {timezone.localdate().isoformat()}" in page

    # Submitted: the page says the follow-up is closed, and a save changes nothing.
    services.report_submit(report=report, user=anna)
    response = client.post(link, {"email": "info@stadbolaget.example"})
    assert response.status_code == 302 and _messages(response, "error")
    page = client.get(_detail_url(report)).content.decode()
    assert "partner-view-source" in page and f'action="{link}"' not in page
    client.logout()
    body = client.get(path).content.decode()
    assert "partner-view-closed" in body and "<textarea" not in body
    response = client.post(path, {"text": "Ändrat i efterhand"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.partner_view == "Samarbetet har fungerat bra."


def test_a_forged_or_unknown_link_is_not_found(client, anna, cleaning):
    report = _draft(cleaning)
    link = services.partner_link_issue(report=report, user=anna)
    other = services.partner_link_issue(report=report, user=anna)
    good = reverse("portal:partner_view", kwargs={"token": links.link_token(link)})
    assert client.get(good).status_code == 200
    value, _dot, signature = good.rstrip("/").rsplit("/", 1)[1].partition(".")
    flipped = signature[:-1] + ("0" if signature[-1] != "0" else "1")
    for token in (
        f"{value}.{flipped}",  # a changed signature
        f"{other.nonce}.{signature}",  # another link with this link's signature
        tokens.sign("challenge.status", value),  # signed for something else
        tokens.sign("insyn.core.links.calendar_feed", value),  # signed for another kind
        tokens.sign("insyn.core.links.partner_view", "no-such-link"),  # never issued
        tokens.sign("followup.partner_view", str(report.pk)),  # the old form of link
        "abc",
    ):
        url = reverse("portal:partner_view", kwargs={"token": token})
        assert client.get(url).status_code == 404, token
        assert client.post(url, {"text": "Falskt"}).status_code == 404, token
    report.refresh_from_db()
    assert PRIVATE_TEXTS[5] == report.partner_view


def test_an_in_house_unit_has_no_address_to_prefill(client, anna, parks):
    report = _draft(parks, with_texts=False)
    client.force_login(anna)
    page = client.get(_detail_url(report)).content.decode()
    assert 'id="partner-email"' in page and 'id="partner-email" value=' not in page
    response = client.post(reverse("followup:partner_link", kwargs={"report_id": report.pk}))
    assert response.status_code == 422


def test_paragraphs_survive_the_browser_and_the_managers_notes_survive_the_provider(
    client, anna, cleaning, provider
):
    # Browsers send a textarea's line breaks as CRLF; the public page keeps the paragraphs.
    report = _submitted(cleaning, anna)
    client.force_login(anna)
    client.post(
        _publish_url(report),
        {"public_summary": "Första stycket.\r\n\r\nAndra stycket."},
    )
    report.refresh_from_db()
    assert report.public_summary == "Första stycket.\n\nAndra stycket."
    page = _public(client, reverse("portal:provider_detail", args=[f"p{provider.pk}"]))
    assert "<p>Första stycket.</p><p>Andra stycket.</p>" in page

    # A view the manager noted is kept when the provider writes its own.
    draft = _draft(cleaning, YEAR + 1)
    draft = services.partner_view_record(report=draft, text="Bra dialog.\r\nTack!")
    assert draft.partner_view.startswith("Bra dialog.\nTack!")
    assert PRIVATE_TEXTS[5] in draft.partner_view
