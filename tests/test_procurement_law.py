"""Procurement as the law has it (issue 16): the procedure fits the value (thresholds as
dated settings), the avtalsspärr and a request for review hold the contract, the tenders'
secrecy ends at the award, the award decision says how to appeal, the evaluation keeps
its history, and an IOP is not a procurement procedure.

Through HTTP with the named users of test_procurement_pages.py (ulla: procurement officer
for the whole organisation) where a page does it; the services where dates in the past are
needed."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from insyn import demo
from insyn.contracts import services as contracts
from insyn.contracts.models import Contract
from insyn.core.calendar import next_working_day
from insyn.core.models import Role
from insyn.procurement import services, thresholds
from insyn.procurement.models import Procurement, ProcurementThreshold, Tender
from insyn.registry.models import Document, SecrecyGround
from tests import factories
from tests import test_procurement_pages as pages
from tests.test_procurement_pages import (
    add_tender,
    awarded,
    detail_url,
    plan,
    plan_form,
    started,
    with_criteria,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
P = Procurement.Procedure


@pytest.fixture
def ulla(organisation):
    return pages._person("ulla", Role.PROCUREMENT_OFFICER)


@pytest.fixture
def frida(ks):
    return pages._person("frida", Role.ADMINISTRATION_HEAD, board=ks)


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def shares(board) -> list[contracts.Share]:
    return [contracts.Share(board, Decimal(100))]


# --- 1. Thresholds ---------------------------------------------------------------------------


def test_the_current_thresholds_are_a_dated_setting():
    amounts = thresholds.thresholds_on(datetime.date(2024, 6, 1))
    assert amounts == {
        "direct_award": Decimal(700_000),
        "supplies_services": Decimal(2_389_585),
        "works": Decimal(59_880_179),
        "social": Decimal(8_109_450),
    }
    assert thresholds.thresholds_on(datetime.date(2023, 12, 31)) == {}
    # New values apply from their own date; older dates keep the old ones.
    ProcurementThreshold.objects.create(
        kind="supplies_services", amount=Decimal(2_500_000), valid_from=datetime.date(2026, 1, 1)
    )
    assert thresholds.thresholds_on(datetime.date(2026, 1, 1))["supplies_services"] == 2_500_000
    assert thresholds.thresholds_on(datetime.date(2025, 12, 31))["supplies_services"] == (2_389_585)


def test_a_simplified_procedure_above_the_eu_threshold_is_warned_and_cannot_start(
    client, ulla, ks, ks_series
):
    client.force_login(ulla)
    data = plan_form(ks, ulla, procedure="simplified", reserved="", estimated_value="5 400 000")
    response = client.post(reverse("procurement:create"), data)
    assert response.status_code == 302
    procurement = Procurement.objects.get()
    warnings = [m.message for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
    assert len(warnings) == 1 and "2\xa0389\xa0585" in warnings[0]
    assert 'id="procedure-problems"' in client.get(detail_url(procurement)).content.decode()
    edit = client.get(reverse("procurement:edit", args=[procurement.pk])).content.decode()
    assert 'id="procedure-problems"' in edit

    services.procurement_followup_record(procurement=procurement, approach="Stickprov", user=ulla)
    response = client.post(reverse("procurement:start", args=[procurement.pk]))
    procurement.refresh_from_db()
    assert procurement.status == Procurement.Status.PLANNED and procurement.case is None

    # The open procedure fits any value: the warning goes and the procurement starts.
    data["procedure"] = "open"
    response = client.post(reverse("procurement:edit", args=[procurement.pk]), data)
    assert response.status_code == 302
    assert 'id="procedure-problems"' not in client.get(detail_url(procurement)).content.decode()
    client.post(reverse("procurement:start", args=[procurement.pk]))
    procurement.refresh_from_db()
    assert procurement.status == Procurement.Status.ADVERTISED


@pytest.mark.parametrize(
    ("procedure", "category", "value", "fits"),
    [
        # Window cleaning, 530 000 kr a year over two years: 1 060 000 kr in all.
        (P.DIRECT, "supplies_services", 1_060_000, False),
        (P.DIRECT, "supplies_services", 699_999, True),
        (P.DIRECT, "supplies_services", 700_000, False),
        (P.SIMPLIFIED, "supplies_services", 1_060_000, True),
        (P.SIMPLIFIED, "supplies_services", 4_100_000, False),  # the laundry
        (P.SIMPLIFIED, "works", 4_100_000, True),
        # Social and other specific services: LOU 19 kap. whatever the value, and a
        # direct award below their threshold.
        (P.SIMPLIFIED, "social", 20_000_000, True),
        (P.DIRECT, "social", 8_000_000, True),
        (P.DIRECT, "social", 8_200_000, False),
        (P.OPEN, "supplies_services", 90_000_000, True),
        (P.DIRECT, "supplies_services", None, False),  # no value: cannot be checked
    ],
)
def test_which_procedure_fits_which_value(procedure, category, value, fits):
    problems = thresholds.procedure_problems(
        procedure=procedure,
        category=category,
        value=None if value is None else Decimal(value),
        day=datetime.date(2025, 3, 1),
    )
    assert (not problems) is fits


def _social(cpv: str) -> bool:
    """Roughly the CPV codes of LOU's annex of social and other specific services (health,
    social, education, recreation, legal, security, catering): enough for the demo."""
    return cpv[:2] in ("85", "80") or cpv.startswith(
        ("925", "926", "924", "7911", "7912", "7913", "7971", "7972", "98", "555")
    )


def test_the_demo_procurements_and_contracts_use_procedures_their_values_allow():
    unlawful = []
    for deal in demo.DEALS:
        if deal.procedure not in P.values or deal.procedure == P.IOP:
            continue  # internal agreements and IOP: no procurement
        problems = thresholds.procedure_problems(
            procedure=deal.procedure,
            category="social" if _social(deal.cpv) else "supplies_services",
            value=Decimal(deal.yearly * 1000 * deal.years),
        )
        if problems:
            unlawful.append(deal.title)
    for item in demo.PLANNED:
        if thresholds.procedure_problems(
            procedure=item.procedure,
            category="social" if _social(item.cpv) else "supplies_services",
            value=Decimal(item.value),
        ):
            unlawful.append(item.title)
    assert unlawful == []
    window = next(d for d in demo.DEALS if d.title == "Fönsterputs i kommunens lokaler")
    assert window.procedure == P.SIMPLIFIED


# --- 6. IOP is not a procurement procedure ---------------------------------------------------


def test_iop_is_not_offered_and_an_old_iop_entry_stays_readable_but_cannot_start(
    client, ulla, ks, ks_series
):
    client.force_login(ulla)
    form = client.get(reverse("procurement:create")).content.decode()
    assert 'value="iop"' not in form
    response = client.post(reverse("procurement:create"), plan_form(ks, ulla, procedure="iop"))
    assert response.status_code == 422 and not Procurement.objects.exists()
    with pytest.raises(ValidationError):
        plan(ks, ulla, procedure=P.IOP)

    # An entry made before IOP was taken out of the procedures.
    legacy = plan(ks, ulla)
    Procurement.objects.filter(pk=legacy.pk).update(procedure=P.IOP, followup_approach="Möten")
    page = client.get(detail_url(legacy))
    assert page.status_code == 200 and 'id="procedure-problems"' in page.content.decode()
    client.post(reverse("procurement:start", args=[legacy.pk]))
    legacy.refresh_from_db()
    assert legacy.status == Procurement.Status.PLANNED


# --- 2. Avtalsspärr and review ---------------------------------------------------------------


def test_the_contract_is_refused_during_the_standstill_period(
    client, ulla, ks, ks_series, pdf_file
):
    procurement, _winner, _other = awarded(client, ulla, ks, pdf_file)
    last_day = next_working_day(TODAY() + days(10), include_today=True)
    assert procurement.award_notice_electronic is True
    assert procurement.standstill_ends_on == last_day
    url = reverse("procurement:contract", args=[procurement.pk])
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(detail_url(procurement))
    refusal = [m.message for m in get_messages(response.wsgi_request)][-1]
    assert "avtalsspärr" in refusal.lower()
    page = client.get(detail_url(procurement)).content.decode()
    assert 'id="signing-refusal"' in page and url not in page
    with pytest.raises(ValidationError):
        contracts.contract_from_award(
            procurement=procurement,
            number="AVT-1",
            start_date=TODAY(),
            end_date=None,
            shares=shares(ks),
            user=ulla,
        )
    # Nor by setting the status by hand.
    with pytest.raises(ValidationError):
        services.procurement_update(
            procurement=procurement,
            user=ulla,
            status=Procurement.Status.CONTRACT_SIGNED,
            contract_signed_on=TODAY(),
        )
    assert not Contract.objects.exists()


def test_a_notice_sent_otherwise_than_electronically_gives_fifteen_days(
    client, ulla, ks, ks_series, pdf_file
):
    procurement, _winner, _other = awarded(
        client, ulla, ks, pdf_file, days_ago=12, notice_electronic="0"
    )
    sent = TODAY() - days(12)
    assert procurement.standstill_ends_on == next_working_day(sent + days(15), include_today=True)
    assert procurement.contract_allowed_from() > TODAY()
    # Ten days would have passed: an electronic notice would allow the contract now.
    assert next_working_day(sent + days(10), include_today=True) < TODAY()


def test_after_the_standstill_the_contract_is_made(client, ulla, ks, ks_series, pdf_file):
    procurement, winner, _other = awarded(client, ulla, ks, pdf_file, days_ago=20)
    page = client.get(detail_url(procurement)).content.decode()
    assert reverse("procurement:contract", args=[procurement.pk]) in page
    contract = contracts.contract_from_award(
        procurement=procurement,
        number="AVT-2",
        start_date=TODAY(),
        end_date=None,
        shares=shares(ks),
        user=ulla,
    )
    assert contract.provider_party == winner.tenderer


def test_a_direct_award_has_no_standstill(client, ulla, ks, ks_series, pdf_file):
    procurement = started(ks, ulla, procedure=P.DIRECT, estimated_value=Decimal(300_000))
    price, quality = with_criteria(procurement)
    tender = add_tender(procurement, ulla, "Glasklart AB", "556045-6781", pdf_file)
    services.tender_score(tender=tender, scores={price: Decimal(8), quality: Decimal(8)})
    services.procurement_award(
        procurement=procurement, tender=tender, decided_on=TODAY(), user=ulla
    )
    procurement.refresh_from_db()
    assert procurement.standstill_ends_on is None
    contracts.contract_from_award(
        procurement=procurement,
        number="AVT-3",
        start_date=TODAY(),
        end_date=None,
        shares=shares(ks),
        user=ulla,
    )


def test_a_request_for_review_stops_the_signing_until_the_court_decides(
    client, ulla, ks, ks_series, pdf_file
):
    procurement, _winner, _other = awarded(client, ulla, ks, pdf_file, days_ago=30)
    assert procurement.contract_allowed_from() <= TODAY()
    # The request came in during the standstill (filed 25 days ago).
    response = client.post(
        reverse("procurement:review", args=[procurement.pk]),
        {
            "court": "Förvaltningsrätten i Stockholm",
            "case_number": "1234-26",
            "filed_on": (TODAY() - days(25)).isoformat(),
        },
    )
    assert response.status_code == 302
    procurement.refresh_from_db()
    assert procurement.review == Procurement.Review.PENDING
    assert Document.objects.filter(case=procurement.case, description__contains="1234-26").exists()
    response = client.get(reverse("procurement:contract", args=[procurement.pk]))
    assert response.status_code == 302
    assert (
        "Förvaltningsrätten i Stockholm"
        in [m.message for m in get_messages(response.wsgi_request)][-1]
    )
    with pytest.raises(ValidationError):
        contracts.contract_from_award(
            procurement=procurement,
            number="AVT-4",
            start_date=TODAY(),
            end_date=None,
            shares=shares(ks),
            user=ulla,
        )

    # Rejected five days ago: förlängd avtalsspärr, ten days from the decision.
    decided = TODAY() - days(5)
    response = client.post(
        reverse("procurement:review_decide", args=[procurement.pk]),
        {"outcome": "rejected", "decided_on": decided.isoformat()},
    )
    assert response.status_code == 302
    procurement.refresh_from_db()
    assert procurement.review_standstill_ends_on == next_working_day(
        decided + days(10), include_today=True
    )
    assert procurement.contract_allowed_from() > TODAY()
    assert client.get(reverse("procurement:contract", args=[procurement.pk])).status_code == 302
    with pytest.raises(ValidationError):
        contracts.contract_from_award(
            procurement=procurement,
            number="AVT-4",
            start_date=TODAY(),
            end_date=None,
            shares=shares(ks),
            user=ulla,
        )


def test_a_request_rejected_long_ago_lets_the_contract_be_signed(
    ulla, ks, ks_series, pdf_file, client
):
    procurement, _winner, _other = awarded(client, ulla, ks, pdf_file, days_ago=40)
    services.procurement_review_register(
        procurement=procurement,
        court="Förvaltningsrätten i Göteborg",
        filed_on=TODAY() - days(35),
        user=ulla,
    )
    services.procurement_review_decide(
        procurement=procurement, outcome="rejected", decided_on=TODAY() - days(15), user=ulla
    )
    procurement.refresh_from_db()
    contract = contracts.contract_from_award(
        procurement=procurement,
        number="AVT-5",
        start_date=TODAY(),
        end_date=None,
        shares=shares(ks),
        user=ulla,
    )
    assert contract.procurement == procurement


def test_an_upheld_request_sends_the_procurement_back_to_evaluation_or_cancels_it(
    client, ulla, ks, ks_series, pdf_file
):
    procurement, winner, _other = awarded(client, ulla, ks, pdf_file, days_ago=30)
    services.procurement_review_register(
        procurement=procurement,
        court="Förvaltningsrätten i Malmö",
        filed_on=TODAY() - days(25),
        user=ulla,
    )
    services.procurement_review_decide(
        procurement=procurement, outcome="correction", decided_on=TODAY(), user=ulla
    )
    procurement.refresh_from_db()
    assert procurement.status == Procurement.Status.EVALUATION and procurement.supplier is None
    assert not Tender.objects.filter(procurement=procurement, awarded=True).exists()
    # A new award after the correction gets its own standstill.
    services.procurement_award(
        procurement=procurement, tender=winner, decided_on=TODAY(), user=ulla
    )
    procurement.refresh_from_db()
    assert procurement.review == "" and procurement.standstill_ends_on > TODAY()

    services.procurement_review_register(
        procurement=procurement, court="Förvaltningsrätten i Malmö", filed_on=TODAY(), user=ulla
    )
    services.procurement_review_decide(
        procurement=procurement, outcome="redo", decided_on=TODAY(), user=ulla
    )
    procurement.refresh_from_db()
    assert procurement.status == Procurement.Status.CANCELLED
    assert "Förvaltningsrätten i Malmö" in procurement.cancellation_reason


# --- 3. The tenders' secrecy after the award -----------------------------------------------


def test_after_the_award_the_officer_releases_the_tenders_and_the_postlista_follows(
    client, ulla, ks, ks_series, pdf_file
):
    procurement, winner, other = awarded(client, ulla, ks, pdf_file)
    business = SecrecyGround.objects.get(chapter=31, section="16")
    tenders_ground = SecrecyGround.objects.get(chapter=19, section="3")
    postlista = client.get("/postlista/").content.decode()
    assert "Plogbolaget" not in postlista.replace("Tilldelningsbeslut: Plogbolaget", "")
    assert "Snö &amp; Grus" not in postlista

    page = client.get(detail_url(procurement)).content.decode()
    assert 'id="secrecy"' in page
    tender_url = reverse("procurement:tender", args=[procurement.pk, winner.pk])
    # OSL 19:3 ended with the award: it is no ground any more.
    response = client.post(
        tender_url,
        {
            "action": "secrecy",
            "secrecy": "secret",
            "secrecy_ground": str(tenders_ground.pk),
            "reason": "Fortfarande hemligt",
        },
    )
    assert response.status_code == 422
    winner.document.refresh_from_db()
    assert winner.document.secrecy_ground == tenders_ground
    response = client.post(
        tender_url, {"action": "secrecy", "secrecy": "public", "reason": "Inga affärshemligheter"}
    )
    assert response.status_code == 302
    other_url = reverse("procurement:tender", args=[procurement.pk, other.pk])
    response = client.post(
        other_url,
        {
            "action": "secrecy",
            "secrecy": "secret",
            "secrecy_ground": str(business.pk),
            "reason": "Kalkyler och personalplanering är affärshemligheter",
        },
    )
    assert response.status_code == 302
    winner.refresh_from_db()
    other.refresh_from_db()
    assert winner.document.secrecy == Document.Secrecy.PUBLIC
    assert winner.secrecy_reviewed_on == TODAY()
    assert other.document.secrecy == Document.Secrecy.SECRET
    assert other.document.secrecy_ground == business
    assert other.document.history.first().history_change_reason.startswith("Kalkyler")

    client.logout()
    # The released tender: its tenderer, its description and its file are public.
    released = client.get(reverse("portal:postlista_document", args=[winner.document.pk]))
    text = released.content.decode()
    assert "Plogbolaget AB" in text
    attachment = winner.document.attachments.get()
    file_url = reverse("portal:postlista_file", args=[winner.document.pk, attachment.pk])
    assert file_url in text
    assert client.get(file_url).status_code == 200
    # The one kept secret: nothing of it.
    kept = client.get(reverse("portal:postlista_document", args=[other.document.pk]))
    assert "Snö &amp; Grus" not in kept.content.decode()
    secret_file = other.document.attachments.get()
    assert (
        client.get(
            reverse("portal:postlista_file", args=[other.document.pk, secret_file.pk])
        ).status_code
        == 404
    )
    postlista = client.get("/postlista/").content.decode()
    assert "Snö &amp; Grus" not in postlista
    assert "Snö" not in client.get("/postlista/?q=Grus").content.decode()
    assert winner.document.number in client.get("/postlista/?q=Plogbolaget").content.decode()


def test_the_tenders_are_released_only_once_the_award_is_decided_or_the_procurement_cancelled(
    ulla, ks, ks_series, pdf_file
):
    procurement = started(ks, ulla)
    tender = add_tender(procurement, ulla, "Plogbolaget AB", "556045-6781", pdf_file)
    with pytest.raises(ValidationError):
        services.tender_secrecy_review(tender=tender, secrecy="public", reason="x", user=ulla)
    tender.document.refresh_from_db()
    assert tender.document.secrecy == Document.Secrecy.SECRET
    # A cancelled procurement is finished too: then its tenders are reviewed.
    services.procurement_cancel(procurement=procurement, reason="Inga godtagbara anbud", user=ulla)
    services.tender_secrecy_review(tender=tender, secrecy="public", reason="Avslutad", user=ulla)
    tender.document.refresh_from_db()
    assert tender.document.secrecy == Document.Secrecy.PUBLIC


# --- 4. The award decision says how to appeal ------------------------------------------------


def test_the_award_decision_gives_reasons_ranking_standstill_and_how_to_request_review(
    client, ulla, ks, ks_series, pdf_file
):
    procurement, _winner, _other = awarded(client, ulla, ks, pdf_file)
    decision = Document.objects.filter(
        case=procurement.case, attachments__original_name="tilldelningsbeslut.pdf"
    ).get()
    with decision.attachments.get().file.open("rb") as handle:
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(handle.read())).pages)
    text = " ".join(text.split())
    assert "Skäl för beslutet" in text and "högsta viktade poängen" in text
    assert "Snö & Grus AB" in text  # the ranking
    assert "Avtalsspärr" in text and procurement.standstill_ends_on.isoformat() in text
    assert "tio dagar" in text and "20 kap. 1 § LOU" in text
    assert "överprövning" in text and "förvaltningsrätt" in text
    assert "20 kap. 9 § LOU" in text and "20 kap. 10 § LOU" in text


# --- 5. The history of the evaluation --------------------------------------------------------


def test_scores_and_criteria_keep_their_history_and_the_page_shows_it(
    client, ulla, ks, ks_series, pdf_file
):
    procurement = started(ks, ulla)
    client.force_login(ulla)
    rows = {
        "criteria-TOTAL_FORMS": "2",
        "criteria-INITIAL_FORMS": "0",
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "20",
        "criteria-0-name": "Pris",
        "criteria-0-kind": "price",
        "criteria-0-weight": "60",
        "criteria-1-name": "Kvalitet",
        "criteria-1-kind": "quality",
        "criteria-1-weight": "40",
    }
    assert (
        client.post(reverse("procurement:criteria", args=[procurement.pk]), rows).status_code == 302
    )
    rows.update({"criteria-0-weight": "70", "criteria-1-weight": "30"})
    assert (
        client.post(reverse("procurement:criteria", args=[procurement.pk]), rows).status_code == 302
    )
    price = procurement.criteria.get(name="Pris")
    assert [h.weight for h in price.history.order_by("history_date")] == [60, 70]
    assert price.history.first().history_user == ulla

    tender = add_tender(procurement, ulla, "Plogbolaget AB", "556045-6781", pdf_file)
    quality = procurement.criteria.get(name="Kvalitet")
    url = reverse("procurement:tender", args=[procurement.pk, tender.pk])
    for mark in ("6", "8,5"):
        response = client.post(
            url,
            {
                "action": "score",
                f"score_{price.pk}": mark,
                f"score_{quality.pk}": "7",
                f"comment_{price.pk}": "",
                f"comment_{quality.pk}": "",
            },
        )
        assert response.status_code == 302
    score = tender.scores.get(criterion=price)
    assert [h.score for h in score.history.order_by("history_date")] == [6, Decimal("8.5")]
    assert all(h.history_user == ulla for h in score.history.all())
    assert tender.scores.get(criterion=quality).history.count() == 1  # unchanged: no new row

    page = client.get(detail_url(procurement)).content.decode()
    assert 'id="history"' in page
    history = page[page.index('id="history"') :]
    assert "<del>6</del> → <ins>8,5</ins>" in history
    assert "<del>60</del> → <ins>70</ins>" in history
    assert ulla.get_full_name() in history or ulla.username in history


def test_only_those_who_run_the_procurement_see_its_evaluation_history(
    client, ulla, frida, ks, ks_series
):
    procurement = started(ks, ulla)
    with_criteria(procurement)
    client.force_login(frida)
    page = client.get(detail_url(procurement))
    assert page.status_code == 200 and 'id="history"' not in page.content.decode()
    client.force_login(ulla)
    assert 'id="history"' in client.get(detail_url(procurement)).content.decode()


def test_accepting_a_challenge_does_not_offer_iop_as_the_procurement_procedure():
    from insyn.challenges.forms import AcceptForm

    offered = [value for value, _label in AcceptForm.base_fields["procedure"].choices]
    assert "iop" not in offered and "open" in offered


def test_a_partly_secret_tender_shows_in_the_postlista_only_what_is_not_masked(
    client, ulla, ks, ks_series, pdf_file
):
    procurement, _winner, other = awarded(client, ulla, ks, pdf_file)
    business = SecrecyGround.objects.get(chapter=31, section="16")
    response = client.post(
        reverse("procurement:tender", args=[procurement.pk, other.pk]),
        {
            "action": "secrecy",
            "secrecy": "partial",
            "secrecy_ground": str(business.pk),
            "mask_counterpart": "on",
            "reason": "Anbudsgivarens identitet röjer en affärsförbindelse",
        },
    )
    assert response.status_code == 302
    other.refresh_from_db()
    document = other.document
    assert document.secrecy == Document.Secrecy.PARTIAL and document.mask_counterpart
    assert other.history.first().history_user == ulla
    client.logout()
    text = client.get(reverse("portal:postlista_document", args=[document.pk])).content.decode()
    assert document.number in text and "Vinterväghållning" in text  # the description
    assert "Snö &amp; Grus" not in text
    attachment = document.attachments.get()
    file_url = reverse("portal:postlista_file", args=[document.pk, attachment.pk])
    assert file_url not in text and client.get(file_url).status_code == 404
    assert document.number not in client.get("/postlista/?q=Grus").content.decode()


def test_an_administrator_keeps_the_thresholds_in_the_admin(client, ks):
    admin = factories.UserFactory(username="adam", is_staff=True, is_superuser=True)
    client.force_login(admin)
    url = reverse("admin:procurement_procurementthreshold_changelist")
    page = client.get(url)
    assert page.status_code == 200 and "2389585" in page.content.decode().replace("\u00a0", "")
    response = client.post(
        reverse("admin:procurement_procurementthreshold_add"),
        {"kind": "direct_award", "amount": "800000", "valid_from": "2026-01-01", "source": "Test"},
    )
    assert response.status_code == 302
    assert thresholds.thresholds_on(datetime.date(2026, 2, 1))["direct_award"] == 800_000
