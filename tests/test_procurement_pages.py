"""The procurement pages, through HTTP, with named users per role:

- ulla: procurement officer for the whole organisation
- petra: procurement officer for Tekniska nämnden (TN) only
- frida: head of administration for KS (reads the procurement pages)
- nora: no role (tests/conftest.py)

And the public procurement plan at /upphandlingar/. Assertions are on status, data and
page structure, never on message text (the Swedish catalogue is written later).
"""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from insyn.contracts.models import Contract
from insyn.core.models import Party, Role
from insyn.procurement import services
from insyn.procurement.models import EvaluationCriterion, Procurement, Tender, TenderScore
from insyn.registry.models import Document
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _person(username, role, **scope):
    user = factories.UserFactory(username=username, first_name=username.title(), last_name="T")
    return factories.assign(user, role, **scope)


@pytest.fixture
def ulla(organisation):
    return _person("ulla", Role.PROCUREMENT_OFFICER)


@pytest.fixture
def petra(tn):
    return _person("petra", Role.PROCUREMENT_OFFICER, board=tn)


@pytest.fixture
def frida(ks):
    return _person("frida", Role.ADMINISTRATION_HEAD, board=ks)


def levels(response) -> list[int]:
    """The levels of the messages this request added."""
    return [m.level for m in get_messages(response.wsgi_request)._queued_messages]


def detail_url(procurement: Procurement) -> str:
    return reverse("procurement:detail", args=[procurement.pk])


def assert_done(response, procurement: Procurement):
    assert response.status_code == 302, (response.status_code, response.content[:3000])
    assert response["Location"].startswith(detail_url(procurement))
    assert messages.ERROR not in levels(response)


def assert_refused(response, procurement: Procurement):
    """Refused without a 403: back to the procurement's page with an error message."""
    assert response.status_code == 302
    assert response["Location"].startswith(detail_url(procurement))
    assert messages.ERROR in levels(response)


def plan(board, responsible, **fields) -> Procurement:
    values = {
        "title": "Snöröjning 2027–2030",
        "procedure": Procurement.Procedure.OPEN,
        "plan_year": 2027,
        "plan_quarter": 2,
        "estimated_value": Decimal("4000000"),
    }
    values.update(fields)
    return services.procurement_plan(
        board=board, responsible=responsible, user=responsible, **values
    )


def started(board, responsible, **fields) -> Procurement:
    procurement = plan(board, responsible, **fields)
    services.procurement_followup_record(
        procurement=procurement, approach="Kvartalsvisa avstämningar.", user=responsible
    )
    return services.procurement_start(procurement=procurement, user=responsible)


def with_criteria(procurement: Procurement) -> tuple[EvaluationCriterion, EvaluationCriterion]:
    services.criteria_set(
        procurement=procurement,
        criteria=[
            services.Criterion("Pris", "price", Decimal("60")),
            services.Criterion("Kvalitet", "quality", Decimal("40")),
        ],
    )
    price, quality = procurement.criteria.all()
    return price, quality


def tender_data(pdf_file, **overrides):
    data = {
        "tenderer_name": "Plogbolaget AB",
        "tenderer_kind": "company",
        "tenderer_org_number": "556045-6781",
        "received_on": TODAY().isoformat(),
        "price": "3 900 000",
        "attachments": pdf_file("anbud.pdf"),
    }
    data.update(overrides)
    return data


def add_tender(
    procurement, user, name, org_number, pdf_file, price=None, received_on=None
) -> Tender:
    return services.tender_register(
        procurement=procurement,
        tenderer_name=name,
        tenderer_org_number=org_number,
        received_on=received_on or TODAY(),
        price=price,
        files=[pdf_file()],
        user=user,
    )


def plan_form(ks, responsible, **overrides) -> dict[str, str]:
    data = {
        "title": "Hemtjänst i Norrby",
        "description": "Hemtjänst enligt LOV i Norrby",
        "procedure": "choice_system",
        "reserved": "on",
        "estimated_value": "12 000 000",
        "cpv_code": "85000000-9",
        "board": str(ks.pk),
        "unit": "",
        "responsible": str(responsible.pk),
        "plan_year": "2027",
        "plan_quarter": "3",
    }
    data.update(overrides)
    return data


# --- The plan ------------------------------------------------------------------------------


def test_a_procurement_officer_plans_a_procurement_and_finds_it_in_the_list(client, ulla, ks, tn):
    client.force_login(ulla)
    response = client.get(reverse("procurement:list"))
    assert response.status_code == 200
    assert reverse("procurement:create") in response.content.decode()
    assert client.get(reverse("procurement:create")).status_code == 200

    response = client.post(
        reverse("procurement:create"), plan_form(ks, ulla, other_boards=[str(tn.pk)])
    )
    procurement = Procurement.objects.get()
    assert_done(response, procurement)
    assert procurement.status == Procurement.Status.PLANNED
    assert procurement.reserved and procurement.procedure == "choice_system"
    assert procurement.estimated_value == Decimal("12000000")
    assert (procurement.plan_year, procurement.plan_quarter) == (2027, 3)
    assert list(procurement.other_boards.all()) == [tn]
    assert procurement.case is None

    listed = client.get(reverse("procurement:list"), {"year": "2027", "board": str(tn.pk)})
    assert listed.status_code == 200
    assert f'data-procurement="{procurement.pk}"' in listed.content.decode()
    other_year = client.get(reverse("procurement:list"), {"year": "2026"})
    assert f'data-procurement="{procurement.pk}"' not in other_year.content.decode()
    by_procedure = client.get(reverse("procurement:list"), {"procedure": "open"})
    assert f'data-procurement="{procurement.pk}"' not in by_procedure.content.decode()


def test_a_plan_with_errors_is_shown_again_and_nothing_is_saved(client, ulla, ks):
    client.force_login(ulla)
    # Reserved is only for a reserved procurement or a choice system: the service says so.
    response = client.post(reverse("procurement:create"), plan_form(ks, ulla, procedure="open"))
    assert response.status_code == 422
    page = response.content.decode()
    assert 'id="id_reserved"' in page and 'aria-invalid="true"' in page
    assert 'value="Hemtjänst i Norrby"' in page
    response = client.post(reverse("procurement:create"), plan_form(ks, ulla, title=""))
    assert response.status_code == 422
    assert not Procurement.objects.exists()


def test_readers_see_the_plan_but_no_plan_link_and_cannot_plan(client, frida, ulla, ks):
    procurement = plan(ks, ulla)
    client.force_login(frida)
    page = client.get(reverse("procurement:list")).content.decode()
    assert procurement.title in page
    assert reverse("procurement:create") not in page
    assert client.get(reverse("procurement:create")).status_code == 403
    assert client.get(detail_url(procurement)).status_code == 200


def test_an_officer_of_another_board_cannot_change_the_procurement(client, petra, ulla, ks, tn):
    procurement = plan(ks, ulla)
    client.force_login(petra)
    assert client.get(detail_url(procurement)).status_code == 200
    assert_refused(client.get(reverse("procurement:edit", args=[procurement.pk])), procurement)
    response = client.post(
        reverse("procurement:edit", args=[procurement.pk]), plan_form(ks, petra, title="Ändrad")
    )
    assert_refused(response, procurement)
    response = client.post(
        reverse("procurement:followup", args=[procurement.pk]), {"approach": "Något"}
    )
    assert_refused(response, procurement)
    assert_refused(client.post(reverse("procurement:start", args=[procurement.pk])), procurement)
    response = client.post(reverse("procurement:cancel", args=[procurement.pk]), {"reason": "Nej"})
    assert_refused(response, procurement)
    procurement.refresh_from_db()
    assert procurement.title == "Snöröjning 2027–2030"
    assert procurement.followup_approach == ""
    assert procurement.status == Procurement.Status.PLANNED

    # Nor can she plan one for KS; for her own board she can.
    response = client.post(reverse("procurement:create"), plan_form(ks, petra, title="KS-sak"))
    assert response.status_code == 422
    assert not Procurement.objects.filter(title="KS-sak").exists()
    response = client.post(
        reverse("procurement:create"), plan_form(tn, petra, title="TN-sak", unit="")
    )
    assert response.status_code == 302
    assert Procurement.objects.filter(title="TN-sak", board=tn).exists()


def test_the_responsible_officer_changes_the_plan_until_it_starts(client, ulla, ks, ks_series):
    procurement = plan(ks, ulla)
    client.force_login(ulla)
    edit = reverse("procurement:edit", args=[procurement.pk])
    page = client.get(edit).content.decode()
    assert 'value="Snöröjning 2027–2030"' in page
    response = client.post(
        edit,
        plan_form(
            ks, ulla, title="Snöröjning 2028", procedure="open", reserved="", plan_year="2028"
        ),
    )
    assert_done(response, procurement)
    procurement.refresh_from_db()
    assert (procurement.title, procurement.plan_year) == ("Snöröjning 2028", 2028)

    services.procurement_followup_record(procurement=procurement, approach="Möten", user=ulla)
    services.procurement_start(procurement=procurement, user=ulla)
    assert_refused(client.get(edit), procurement)


# --- Follow-up before the start --------------------------------------------------------------


def test_a_started_procurement_case_holds_the_decision_to_procure(client, ulla, ks, ks_series):
    """The postlista shows why the case exists: its first document is the decision to
    procure, a PDF with the procedure, the value and how the contract is followed up."""
    import io

    from pypdf import PdfReader

    procurement = plan(ks, ulla)
    client.force_login(ulla)
    client.post(
        reverse("procurement:followup", args=[procurement.pk]),
        {"approach": "Stickprov efter varje snöfall."},
    )
    assert_done(client.post(reverse("procurement:start", args=[procurement.pk])), procurement)
    procurement.refresh_from_db()

    document = procurement.case.documents.get()
    assert document.direction == "drawn_up" and document.secrecy == "public"
    assert document.description == f"Beslut att upphandla: {procurement.title}"
    listed = client.get("/postlista/", {"q": procurement.case.number}).content.decode()
    assert document.number in listed and "Beslut att upphandla" in listed

    with document.attachments.get().file.open("rb") as handle:
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages)
    assert "Beslut att upphandla" in text and procurement.title in text
    assert "Stickprov efter varje snöfall." in text
    assert procurement.get_procedure_display() in text


def test_start_is_refused_until_the_follow_up_is_recorded_then_opens_a_case(
    client, ulla, ks, ks_series
):
    procurement = plan(ks, ulla)
    client.force_login(ulla)
    start = reverse("procurement:start", args=[procurement.pk])
    assert client.get(start).status_code == 405

    assert_refused(client.post(start), procurement)
    procurement.refresh_from_db()
    assert procurement.status == Procurement.Status.PLANNED and procurement.case is None

    followup = reverse("procurement:followup", args=[procurement.pk])
    response = client.post(followup, {"approach": ""})
    assert response.status_code == 422
    response = client.post(followup, {"approach": "Stickprov efter varje snöfall."})
    assert_done(response, procurement)
    procurement.refresh_from_db()
    assert procurement.followup_recorded_by == ulla
    assert procurement.followup_recorded_on == TODAY()

    assert_done(client.post(start), procurement)
    procurement.refresh_from_db()
    assert procurement.status == Procurement.Status.ADVERTISED
    assert procurement.case is not None and procurement.case.series == ks_series
    page = client.get(detail_url(procurement)).content.decode()
    assert reverse("registry:case_detail", args=[procurement.case.pk]) in page
    assert "Stickprov efter varje snöfall." in page
    # Once started, the follow-up is what was settled: no form to change it.
    assert followup not in page


# --- Criteria, tenders, evaluation ----------------------------------------------------------


def criteria_post(rows) -> dict[str, str]:
    data = {
        "criteria-TOTAL_FORMS": str(len(rows)),
        "criteria-INITIAL_FORMS": "0",
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "20",
    }
    for i, (name, kind, weight) in enumerate(rows):
        data.update({f"criteria-{i}-name": name, f"criteria-{i}-kind": kind})
        data[f"criteria-{i}-weight"] = weight
    return data


def test_criteria_not_adding_up_to_100_are_refused_and_nothing_is_saved(
    client, ulla, ks, ks_series
):
    procurement = started(ks, ulla)
    client.force_login(ulla)
    url = reverse("procurement:criteria", args=[procurement.pk])
    response = client.post(
        url, criteria_post([("Pris", "price", "60"), ("Kvalitet", "quality", "30"), ("", "", "")])
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert 'id="criteria-errors"' in page
    assert 'value="Kvalitet"' in page  # what was typed is kept
    assert not EvaluationCriterion.objects.exists()

    # A half-filled row is the form's error, not an empty row.
    response = client.post(url, criteria_post([("Pris", "price", "100"), ("Miljö", "", "")]))
    assert response.status_code == 422
    assert not EvaluationCriterion.objects.exists()

    response = client.post(
        url, criteria_post([("Pris", "price", "60"), ("Kvalitet", "quality", "40,0"), ("", "", "")])
    )
    assert_done(response, procurement)
    assert [(c.name, c.weight) for c in procurement.criteria.all()] == [
        ("Pris", Decimal("60")),
        ("Kvalitet", Decimal("40")),
    ]


def test_a_tender_is_registered_secret_and_kept_off_the_postlista(
    client, ulla, frida, ks, ks_series, pdf_file
):
    procurement = started(ks, ulla)
    client.force_login(ulla)
    url = reverse("procurement:tender_add", args=[procurement.pk])
    response = client.post(url, tender_data(pdf_file))
    assert response.status_code == 302, response.content[:2000]
    tender = Tender.objects.get()
    assert tender.tenderer.name == "Plogbolaget AB" and tender.price == Decimal("3900000")
    document = tender.document
    assert document.case == procurement.case
    assert document.secrecy == Document.Secrecy.SECRET
    assert document.attachments.count() == 1

    client.logout()
    postlista = client.get("/postlista/").content.decode()
    assert document.number in postlista
    assert "Plogbolaget" not in postlista
    assert (
        "Plogbolaget" not in client.get(f"/postlista/?q={procurement.case.number}").content.decode()
    )

    # Another reader of the procurement sees how many tenders, not who or at what price.
    client.force_login(frida)
    page = client.get(detail_url(procurement)).content.decode()
    assert 'data-tender-count="1"' in page
    assert "Plogbolaget" not in page and "3 900 000" not in page
    tender_url = reverse("procurement:tender", args=[procurement.pk, tender.pk])
    assert client.get(tender_url).status_code == 403

    client.force_login(ulla)
    page = client.get(detail_url(procurement)).content.decode()
    assert f'data-tender="{tender.pk}"' in page and "Plogbolaget" in page


def test_a_tender_without_a_valid_file_or_number_is_refused(client, ulla, ks, ks_series, pdf_file):
    procurement = started(ks, ulla)
    client.force_login(ulla)
    url = reverse("procurement:tender_add", args=[procurement.pk])
    fake = pdf_file("anbud.pdf", b"MZ this is not a pdf")
    response = client.post(url, tender_data(pdf_file, attachments=fake))
    assert response.status_code == 422
    response = client.post(url, tender_data(pdf_file, tenderer_org_number="556045-6782"))
    assert response.status_code == 422
    data = tender_data(pdf_file)
    del data["attachments"]
    assert client.post(url, data).status_code == 422
    assert not Tender.objects.exists()
    assert not Document.objects.filter(case=procurement.case).exists()


def test_tenders_are_scored_per_criterion_and_ranked(client, ulla, ks, ks_series, pdf_file):
    procurement = started(ks, ulla)
    price, quality = with_criteria(procurement)
    first = add_tender(procurement, ulla, "Plogbolaget AB", "556045-6781", pdf_file)
    second = add_tender(procurement, ulla, "Snö & Grus AB", "556712-3459", pdf_file)
    client.force_login(ulla)
    # Tenders came in on the announced criteria: the page no longer offers to change them.
    page = client.get(detail_url(procurement)).content.decode()
    assert reverse("procurement:criteria", args=[procurement.pk]) not in page

    url = reverse("procurement:tender", args=[procurement.pk, second.pk])
    page = client.get(url).content.decode()
    assert f'name="score_{price.pk}"' in page and f'name="score_{quality.pk}"' in page
    response = client.post(
        url, {"action": "score", f"score_{price.pk}": "11", f"score_{quality.pk}": "5"}
    )
    assert response.status_code == 422
    assert not TenderScore.objects.exists()

    response = client.post(
        url, {"action": "score", f"score_{price.pk}": "9", f"score_{quality.pk}": "8,5"}
    )
    assert_done(response, procurement)
    response = client.post(
        reverse("procurement:tender", args=[procurement.pk, first.pk]),
        {"action": "score", f"score_{price.pk}": "6", f"score_{quality.pk}": "7"},
    )
    assert_done(response, procurement)
    procurement.refresh_from_db()
    assert procurement.status == Procurement.Status.EVALUATION
    assert services.tender_total(second) == Decimal("8.80")
    assert services.tender_total(first) == Decimal("6.40")

    page = client.get(detail_url(procurement)).content.decode()
    order = re.findall(r'data-tender="(\d+)"', page)
    assert order == [str(second.pk), str(first.pk)]
    assert "8,8" in page and "6,4" in page
    # The criteria were announced: tenders came in on them, so they cannot be changed.
    response = client.post(
        reverse("procurement:criteria", args=[procurement.pk]),
        criteria_post([("Pris", "price", "100")]),
    )
    assert response.status_code == 422
    assert procurement.criteria.count() == 2


def test_a_disqualified_tender_cannot_win(client, ulla, ks, ks_series, pdf_file):
    procurement = started(ks, ulla)
    with_criteria(procurement)
    first = add_tender(procurement, ulla, "Plogbolaget AB", "556045-6781", pdf_file)
    add_tender(procurement, ulla, "Snö & Grus AB", "556712-3459", pdf_file)
    client.force_login(ulla)
    url = reverse("procurement:tender", args=[procurement.pk, first.pk])
    assert client.post(url, {"action": "disqualify", "reason": ""}).status_code == 422
    response = client.post(url, {"action": "disqualify", "reason": "Saknar F-skattsedel"})
    assert_done(response, procurement)
    first.refresh_from_db()
    assert first.disqualified and first.disqualification_reason == "Saknar F-skattsedel"

    response = client.post(
        reverse("procurement:award", args=[procurement.pk]),
        {"tender": str(first.pk), "decided_on": TODAY().isoformat()},
    )
    assert response.status_code == 422
    procurement.refresh_from_db()
    assert procurement.status == Procurement.Status.ADVERTISED and procurement.supplier is None
    assert not Tender.objects.filter(awarded=True).exists()
    with pytest.raises(ValidationError):
        services.procurement_award(
            procurement=procurement, tender=first, decided_on=TODAY(), user=ulla
        )


# --- Award, contract, cancel ----------------------------------------------------------------


def awarded(
    client, ulla, ks, pdf_file, days_ago: int = 0, **award
) -> tuple[Procurement, Tender, Tender]:
    """A procurement awarded `days_ago` (its tenders came in the day before)."""
    procurement = started(ks, ulla, title="Vinterväghållning")
    price, quality = with_criteria(procurement)
    decided = TODAY() - datetime.timedelta(days=days_ago)
    received = decided - datetime.timedelta(days=1)
    winner = add_tender(
        procurement, ulla, "Plogbolaget AB", "556045-6781", pdf_file, received_on=received
    )
    other = add_tender(
        procurement, ulla, "Snö & Grus AB", "556712-3459", pdf_file, received_on=received
    )
    services.tender_score(tender=winner, scores={price: Decimal("9"), quality: Decimal("8")})
    services.tender_score(tender=other, scores={price: Decimal("7"), quality: Decimal("6")})
    client.force_login(ulla)
    response = client.post(
        reverse("procurement:award", args=[procurement.pk]),
        {"tender": str(winner.pk), "decided_on": decided.isoformat(), **award},
    )
    assert_done(response, procurement)
    procurement.refresh_from_db()
    return procurement, winner, other


def test_the_award_decision_is_registered_in_the_case_as_a_pdf(
    client, ulla, ks, ks_series, pdf_file
):
    procurement, winner, _other = awarded(client, ulla, ks, pdf_file)
    assert procurement.status == Procurement.Status.AWARDED
    assert procurement.supplier == winner.tenderer and procurement.awarded_on == TODAY()
    decision = Document.objects.filter(
        case=procurement.case, direction=Document.Direction.DRAWN_UP
    ).get()
    assert decision.secrecy == Document.Secrecy.PUBLIC
    attachment = decision.attachments.get()
    assert attachment.content_type == "application/pdf"
    with attachment.file.open("rb") as handle:
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages)
    assert "Plogbolaget AB" in text
    assert "Snö & Grus AB" in text  # the ranking of the qualified tenders
    assert "Pris" in text and "Kvalitet" in text
    assert "8,60" in text  # the winner's weighted total

    page = client.get(detail_url(procurement)).content.decode()
    assert decision.number in page
    # The standstill period runs: no contract yet (see test_procurement_law.py).
    assert reverse("procurement:contract", args=[procurement.pk]) not in page


def test_the_contract_is_created_from_the_award(client, ulla, ks, tn, ks_series, pdf_file):
    procurement, winner, _other = awarded(client, ulla, ks, pdf_file, days_ago=20)
    url = reverse("procurement:contract", args=[procurement.pk])
    page = client.get(url).content.decode()
    assert re.search(r'value="AVT-\d{4}-0001"', page)

    start = TODAY()
    data = {
        "number": f"AVT-{start.year}-0001",
        "start_date": start.isoformat(),
        "end_date": start.replace(year=start.year + 3).isoformat(),
        "yearly_value": "1 300 000",
        "total_value": "3 900 000",
        "shares-TOTAL_FORMS": "2",
        "shares-INITIAL_FORMS": "0",
        "shares-MIN_NUM_FORMS": "0",
        "shares-MAX_NUM_FORMS": "20",
        "shares-0-board": str(ks.pk),
        "shares-0-share": "60",
        "shares-1-board": "",
        "shares-1-share": "",
    }
    response = client.post(url, data)
    assert response.status_code == 422  # the shares do not add up to 100
    assert not Contract.objects.exists()

    data.update({"shares-1-board": str(tn.pk), "shares-1-share": "40"})
    response = client.post(url, data)
    contract = Contract.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("contracts:detail", args=[contract.pk])
    assert contract.procurement == procurement and contract.provider_party == winner.tenderer
    assert contract.case == procurement.case
    procurement.refresh_from_db()
    assert procurement.status == Procurement.Status.CONTRACT_SIGNED

    contract_page = client.get(reverse("contracts:detail", args=[contract.pk])).content.decode()
    assert detail_url(procurement) in contract_page
    page = client.get(detail_url(procurement)).content.decode()
    assert reverse("contracts:detail", args=[contract.pk]) in page
    # Once signed the procurement is not cancelled, and no second contract is made.
    assert_refused(client.get(url), procurement)
    response = client.post(reverse("procurement:cancel", args=[procurement.pk]), {"reason": "X"})
    assert response.status_code == 422
    procurement.refresh_from_db()
    assert procurement.status == Procurement.Status.CONTRACT_SIGNED


def test_a_contract_is_made_only_from_an_awarded_procurement(client, ulla, ks, ks_series):
    procurement = started(ks, ulla)
    client.force_login(ulla)
    assert_refused(client.get(reverse("procurement:contract", args=[procurement.pk])), procurement)
    assert not Contract.objects.exists()


def test_a_procurement_is_cancelled_with_a_reason(client, ulla, ks, ks_series):
    procurement = started(ks, ulla)
    client.force_login(ulla)
    url = reverse("procurement:cancel", args=[procurement.pk])
    assert client.post(url, {"reason": ""}).status_code == 422
    procurement.refresh_from_db()
    assert procurement.status == Procurement.Status.ADVERTISED

    assert_done(client.post(url, {"reason": "Behovet har upphört."}), procurement)
    procurement.refresh_from_db()
    assert procurement.status == Procurement.Status.CANCELLED
    assert procurement.cancellation_reason == "Behovet har upphört." and procurement.cancelled_on
    # The decision to cancel is registered in the case.
    assert Document.objects.filter(case=procurement.case).count() == 1
    assert "Behovet har upphört." in client.get(detail_url(procurement)).content.decode()
    assert client.post(url, {"reason": "Igen"}).status_code == 422


def test_unknown_ids_are_not_found(client, ulla, ks, ks_series, pdf_file):
    procurement = started(ks, ulla)
    tender = add_tender(procurement, ulla, "Plogbolaget AB", "556045-6781", pdf_file)
    other = started(ks, ulla, title="Annan upphandling")
    client.force_login(ulla)
    assert client.get(reverse("procurement:detail", args=[99999])).status_code == 404
    assert client.get(reverse("procurement:edit", args=[99999])).status_code == 404
    assert client.post(reverse("procurement:start", args=[99999])).status_code == 404
    assert client.post(reverse("procurement:award", args=[99999])).status_code == 404
    assert client.get(reverse("procurement:contract", args=[99999])).status_code == 404
    assert (
        client.get(reverse("procurement:tender", args=[procurement.pk, 99999])).status_code == 404
    )
    # A tender of another procurement is not found under this one.
    assert client.get(reverse("procurement:tender", args=[other.pk, tender.pk])).status_code == 404


def test_the_menu_links_to_the_procurement_pages_for_readers_only(client, frida, nora, ks):
    procurement_list = reverse("procurement:list")
    public_plan = reverse("portal:procurement_list")
    page = client.get("/").content.decode()
    assert public_plan in page and procurement_list not in page
    client.force_login(nora)
    assert procurement_list not in client.get("/").content.decode()
    client.force_login(frida)
    assert procurement_list in client.get("/").content.decode()


# --- The public procurement plan --------------------------------------------------------------


def test_the_public_plan_shows_planned_procurements_with_reserved_ones_marked(
    client, ulla, ks, tn, ks_series, pdf_file
):
    reserved = plan(
        ks,
        ulla,
        title="Daglig verksamhet LSS",
        procedure=Procurement.Procedure.RESERVED,
        reserved=True,
        plan_year=2027,
        plan_quarter=1,
    )
    ordinary = plan(tn, ulla, title="Gatubelysning", plan_year=2028, plan_quarter=None)
    running = started(ks, ulla, title="Vinterväghållning", plan_year=2027)
    add_tender(running, ulla, "Plogbolaget AB", "556045-6781", pdf_file, price=Decimal("3456789"))
    cancelled = plan(ks, ulla, title="Avbruten sak")
    services.procurement_cancel(procurement=cancelled, reason="Behövs inte", user=ulla)

    response = client.get(reverse("portal:procurement_list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert f'data-procurement="{reserved.pk}" data-reserved="yes"' in page
    assert f'data-procurement="{ordinary.pk}"' in page
    assert f'data-procurement="{ordinary.pk}" data-reserved' not in page
    assert f'data-procurement="{running.pk}"' in page
    assert "Avbruten sak" not in page
    # Grouped by year, the running one's case number leads to the postlista.
    assert '<h2 id="year-2027">' in page and '<h2 id="year-2028">' in page
    assert f"/postlista/?q={running.case.number.replace(' ', '+').replace('/', '%2F')}" in page
    # Nothing of the tenders before the award: no tenderer, no price.
    assert "Plogbolaget" not in page
    assert "3\u00a0456\u00a0789" not in page and "3456789" not in page

    only_reserved = client.get(reverse("portal:procurement_list"), {"reserved": "on"})
    assert "Gatubelysning" not in only_reserved.content.decode()
    assert "Daglig verksamhet LSS" in only_reserved.content.decode()
    by_board = client.get(reverse("portal:procurement_list"), {"board": "TN", "year": "2028"})
    assert "Gatubelysning" in by_board.content.decode()
    assert "Daglig verksamhet LSS" not in by_board.content.decode()
    assert client.get(reverse("portal:procurement_list"), {"year": "abc"}).status_code == 422


def test_the_public_plan_names_the_winner_after_the_award_but_never_a_private_person(
    client, ulla, ks, ks_series, pdf_file
):
    procurement, winner, _other = awarded(client, ulla, ks, pdf_file)
    client.logout()
    page = client.get(reverse("portal:procurement_list")).content.decode()
    assert "Plogbolaget AB" in page
    assert "Snö &amp; Grus AB" not in page and "Snö & Grus AB" not in page

    # A sole trader as supplier: the public plan does not name them.
    Party.objects.filter(pk=winner.tenderer_id).update(
        kind=Party.Kind.PRIVATE_PERSON, name="Per Plogsson"
    )
    page = client.get(reverse("portal:procurement_list")).content.decode()
    assert "Per Plogsson" not in page
    assert f'data-procurement="{procurement.pk}"' in page

    # An award more than twelve months back has left the plan.
    Procurement.objects.filter(pk=procurement.pk).update(
        awarded_on=TODAY() - datetime.timedelta(days=400)
    )
    page = client.get(reverse("portal:procurement_list")).content.decode()
    assert f'data-procurement="{procurement.pk}"' not in page


def test_the_public_plan_costs_the_same_queries_however_many_procurements(
    client, ulla, ks, tn, ks_series
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    started(ks, ulla, title="Första")
    url = reverse("portal:procurement_list")
    client.get(url)  # the organisation and the boards are then kept in the process
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(5):
        plan(tn if n % 2 else ks, ulla, title=f"Upphandling {n}", other_boards=[tn])
    started(ks, ulla, title="Andra")
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.content.decode().count("data-procurement=") == 7
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_procurement_and_the_challenge_it_came_from_link_to_each_other(
    client, ulla, ks, ks_series, ks_unit
):
    from insyn.challenges import services as challenge_services
    from insyn.challenges.models import Challenge

    challenge, _created = challenge_services.challenge_submit(
        challenger=challenge_services.Challenger(
            kind="company", name="Utmanaren AB", org_number="556045-6781", phone="070-1"
        ),
        proposal=challenge_services.Proposal(activity_unit=ks_unit, quality="Bättre"),
    )
    procurement = plan(ks, ulla, title="Parkskötsel")
    Challenge.objects.filter(pk=challenge.pk).update(procurement=procurement)
    client.force_login(ulla)
    page = client.get(detail_url(procurement)).content.decode()
    assert reverse("challenges:detail", args=[challenge.pk]) in page
    challenge_page = client.get(reverse("challenges:detail", args=[challenge.pk]))
    assert detail_url(procurement) in challenge_page.content.decode()
