"""The follow-up's staff pages through HTTP, with named users per role:

- hedda: head of the KS administration (drafts the KS plan, reports on KS contracts)
- sara: KS board secretary (drafts and decides the KS plan)
- tove: TN board secretary (another board)
- anna: contract manager of the KS contracts
- bo: contract manager of no KS contract
- nora: signed in, no role (conftest)
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from insyn.contracts import services as contracts
from insyn.contracts.models import Contract, ContractBoard
from insyn.core.models import Role
from insyn.followup import services
from insyn.followup.models import (
    Assessment,
    Deficiency,
    FollowUpPlan,
    FollowUpReport,
    Goal,
    Measure,
    PlanItem,
)
from insyn.notifications.models import OutgoingEmail
from tests import factories

pytestmark = pytest.mark.django_db

YEAR = 2026


def _errors(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "error"]


@pytest.fixture
def hedda(ks):
    user = factories.UserFactory(username="hedda", first_name="Hedda", last_name="Chef")
    return factories.assign(user, Role.ADMINISTRATION_HEAD, board=ks)


@pytest.fixture
def sara(ks):
    user = factories.UserFactory(username="sara", first_name="Sara", last_name="Sekreterare")
    return factories.assign(user, Role.BOARD_SECRETARY, board=ks)


@pytest.fixture
def tove(tn):
    user = factories.UserFactory(username="tove", first_name="Tove", last_name="Teknik")
    return factories.assign(user, Role.BOARD_SECRETARY, board=tn)


@pytest.fixture
def anna(organisation):
    user = factories.UserFactory(username="anna", first_name="Anna", last_name="Avtal")
    return factories.assign(user, Role.CONTRACT_MANAGER)


@pytest.fixture
def bo(organisation):
    user = factories.UserFactory(username="bo", first_name="Bo", last_name="Annan")
    return factories.assign(user, Role.CONTRACT_MANAGER)


def _contract(number, board, *, manager=None, unit=None, case=None, strategic=False):
    if unit is not None:
        kind, procedure, party = Contract.Kind.INTERNAL, Contract.Procedure.INTERNAL, None
    else:
        kind, procedure = Contract.Kind.EXTERNAL, Contract.Procedure.OPEN
        party = factories.PartyFactory()
    contract = contracts.contract_create(
        data=contracts.ContractData(
            number=number,
            title=f"Avtal {number}",
            kind=kind,
            procedure=procedure,
            provider_party=party,
            provider_unit=unit,
            start_date=datetime.date(YEAR, 1, 1),
            shares=[contracts.Share(board, Decimal("100"))],
            case=case,
        ),
        user=None,
    )
    if manager is not None:
        Contract.objects.filter(pk=contract.pk).update(contract_manager=manager)
        contract.refresh_from_db()
    if strategic:
        contracts.strategic_set(share=ContractBoard.objects.get(contract=contract), strategic=True)
    return contract


@pytest.fixture
def cleaning(ks, anna, register):
    """A strategic KS contract with a case, two essential requirements and one other."""
    case = register(title="Avtal lokalvård").case
    contract = _contract("AVT-1", ks, manager=anna, case=case, strategic=True)
    for title, essential in (
        ("Städfrekvens", True),
        ("Kollektivavtal", True),
        ("Profilkläder", False),
    ):
        contracts.requirement_add(
            contract=contract, title=title, text="", area="quality", essential=essential
        )
    return contract


@pytest.fixture
def parks(ks, anna, tn_unit):
    """An egen-regi agreement of KS, followed up on the same terms."""
    return _contract("INT-1", ks, manager=anna, unit=tn_unit)


@pytest.fixture
def roads(tn):
    return _contract("TN-1", tn, strategic=True)


def _plan_with(ks, *items):
    plan = services.plan_create(board=ks, year=YEAR)
    for contract in items:
        services.plan_item_add(
            plan=plan, contract=contract, method="Besök", due_on=datetime.date(YEAR, 9, 1)
        )
    return plan


# --- The plan -------------------------------------------------------------------------


def test_a_plan_is_drafted_decided_by_the_secretary_and_then_locked(
    client, ks, hedda, sara, tove, anna, cleaning, parks, roads
):
    client.force_login(hedda)
    response = client.get(reverse("followup:overview"), {"board": ks.pk, "year": YEAR})
    assert response.status_code == 200
    assert f'data-contract="{cleaning.pk}"' in response.content.decode()  # strategic, no plan

    response = client.post(reverse("followup:plan_create"), {"board": ks.pk, "year": YEAR})
    plan = FollowUpPlan.objects.get(board=ks, year=YEAR)
    assert response.status_code == 302
    assert response["Location"] == reverse("followup:plan_detail", kwargs={"plan_id": plan.pk})

    add = reverse("followup:plan_item_add", kwargs={"plan_id": plan.pk})
    for contract, day in ((cleaning, "2026-09-01"), (parks, "2026-10-15")):
        response = client.post(
            add,
            {"contract": contract.pk, "method": "Besök och enkät", "due_on": day,
             "responsible": anna.pk},
        )  # fmt: skip
        assert response.status_code == 302, response.content.decode()[:2000]
    assert set(plan.items.values_list("contract__number", flat=True)) == {"AVT-1", "INT-1"}
    page = client.get(reverse("followup:plan_detail", kwargs={"plan_id": plan.pk}))
    assert page.status_code == 200
    assert page.content.decode().count('data-item="') == 2
    assert add in page.content.decode()

    # The head of administration drafts but does not record the decision (the URL
    # table does not give the role the decision at all).
    decide = reverse("followup:plan_decide", kwargs={"plan_id": plan.pk})
    response = client.post(decide, {"decided_on": "2026-02-10", "paragraph": "12"})
    assert response.status_code == 403
    # Nor does another board's secretary: 403 with the reason.
    client.force_login(tove)
    response = client.post(decide, {"decided_on": "2026-02-10", "paragraph": "12"})
    assert response.status_code == 403 and "Bara nämndsekreteraren" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == FollowUpPlan.Status.DRAFT

    client.force_login(sara)
    response = client.post(decide, {"decided_on": "2026-02-10", "paragraph": "12"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.is_locked
    assert plan.decided_on == datetime.date(2026, 2, 10) and plan.paragraph == "§ 12"

    page = client.get(reverse("followup:plan_detail", kwargs={"plan_id": plan.pk}))
    body = page.content.decode()
    assert 'data-status="decided"' in body and "plan-locked" in body
    assert add not in body and decide not in body and "plan_item_remove" not in body
    assert "/ta-bort/" not in body

    # Locked: adding and removing are refused with a message, and nothing changes.
    client.force_login(hedda)
    other = _contract("AVT-2", ks)
    response = client.post(add, {"contract": other.pk, "method": "Enkät", "due_on": "2026-11-01"})
    assert response.status_code == 302 and _errors(response)
    item = plan.items.first()
    remove = reverse(
        "followup:plan_item_remove", kwargs={"plan_id": plan.pk, "plan_item_id": item.pk}
    )
    response = client.post(remove)
    assert response.status_code == 302 and _errors(response)
    client.force_login(sara)
    response = client.post(decide, {"decided_on": "2026-03-01", "paragraph": "99"})
    assert response.status_code == 302 and _errors(response)
    plan.refresh_from_db()
    assert plan.items.count() == 2 and plan.paragraph == "§ 12"


def test_bad_input_to_the_plan_is_refused_with_a_message(client, ks, hedda, sara, cleaning, roads):
    plan = services.plan_create(board=ks, year=YEAR)
    client.force_login(hedda)
    add = reverse("followup:plan_item_add", kwargs={"plan_id": plan.pk})

    # A contract of another board, forged into the form.
    response = client.post(add, {"contract": roads.pk, "method": "Besök", "due_on": "2026-05-01"})
    assert response.status_code == 422
    assert "field-error" in response.content.decode()
    # A date outside the plan's year.
    response = client.post(
        add, {"contract": cleaning.pk, "method": "Besök", "due_on": "2027-01-15"}
    )
    assert response.status_code == 422
    assert 'id="item-due_on"' in response.content.decode()
    assert "Besök" in response.content.decode()  # what was typed is kept
    # Nonsense.
    response = client.post(add, {"contract": "x", "method": "", "due_on": "31/31"})
    assert response.status_code == 422
    assert not plan.items.exists()

    # A plan without contracts cannot be decided; a decision in the future neither.
    client.force_login(sara)
    decide = reverse("followup:plan_decide", kwargs={"plan_id": plan.pk})
    response = client.post(decide, {"decided_on": "2026-02-01", "paragraph": "3"})
    assert response.status_code == 422
    services.plan_item_add(
        plan=plan, contract=cleaning, method="Besök", due_on=datetime.date(YEAR, 9, 1)
    )
    response = client.post(decide, {"decided_on": "2999-01-01", "paragraph": "3"})
    assert response.status_code == 422
    plan.refresh_from_db()
    assert plan.status == FollowUpPlan.Status.DRAFT

    # Unknown ids.
    assert client.get(reverse("followup:plan_detail", kwargs={"plan_id": 99999})).status_code == 404
    response = client.post(
        reverse("followup:plan_item_remove", kwargs={"plan_id": plan.pk, "plan_item_id": 99999})
    )
    assert response.status_code == 404
    # A second plan for the same board and year.
    client.force_login(hedda)
    response = client.post(reverse("followup:plan_create"), {"board": ks.pk, "year": YEAR})
    assert response.status_code == 422
    # A year out of range.
    response = client.post(reverse("followup:plan_create"), {"board": ks.pk, "year": 20260})
    assert response.status_code == 422


def test_a_secretary_of_another_board_cannot_make_or_draft_its_plan(client, ks, tove, cleaning):
    client.force_login(tove)
    response = client.post(reverse("followup:plan_create"), {"board": ks.pk, "year": YEAR})
    assert response.status_code == 422  # KS is not among tove's boards
    assert not FollowUpPlan.objects.exists()
    plan = services.plan_create(board=ks, year=YEAR)
    response = client.post(
        reverse("followup:plan_item_add", kwargs={"plan_id": plan.pk}),
        {"contract": cleaning.pk, "method": "Besök", "due_on": "2026-05-01"},
    )
    assert response.status_code == 403
    assert not plan.items.exists()


def test_an_item_can_be_removed_from_a_draft(client, ks, sara, cleaning, parks):
    plan = _plan_with(ks, cleaning, parks)
    item = plan.items.get(contract=parks)
    client.force_login(sara)
    response = client.post(
        reverse("followup:plan_item_remove", kwargs={"plan_id": plan.pk, "plan_item_id": item.pk})
    )
    assert response.status_code == 302 and not _errors(response)
    assert list(plan.items.values_list("contract__number", flat=True)) == ["AVT-1"]


# --- The report -----------------------------------------------------------------------


def _assess(client, report, requirement, result, **extra):
    return client.post(
        reverse("followup:assessment", kwargs={"report_id": report.pk}),
        {"requirement": requirement.pk, "result": result, "comment": "Kontrollerat", **extra},
    )


def test_the_contract_manager_writes_and_submits_the_report(
    client, ks, sara, anna, bo, cleaning, pdf_file
):
    plan = _plan_with(ks, cleaning)
    services.plan_decide(plan=plan, decided_on=datetime.date(YEAR, 2, 1), paragraph="4", user=sara)
    goal = Goal.objects.create(board=ks, year=YEAR, title="Rena lokaler")
    first, second = cleaning.requirements.filter(essential=True).order_by("order", "id")

    # Another manager may not start a report on anna's contract.
    client.force_login(bo)
    response = client.post(
        reverse("followup:report_create"), {"contract": cleaning.pk, "year": YEAR}
    )
    assert response.status_code == 422
    assert not FollowUpReport.objects.exists()

    client.force_login(anna)
    response = client.post(
        reverse("followup:report_create"), {"contract": cleaning.pk, "year": YEAR}
    )
    report = FollowUpReport.objects.get(contract=cleaning, year=YEAR)
    assert response.status_code == 302
    assert report.plan_item == plan.items.get()
    detail = reverse("followup:report_detail", kwargs={"report_id": report.pk})
    body = client.get(detail).content.decode()
    # Every essential requirement with its form; the other requirement is not reported on.
    assert f'data-requirement="{first.pk}"' in body and f'data-requirement="{second.pk}"' in body
    other = cleaning.requirements.get(essential=False)
    assert f'data-requirement="{other.pk}"' not in body

    # bo is refused on the page's forms (403, with a way back); nothing is recorded.
    client.force_login(bo)
    response = _assess(client, report, first, "met")
    assert response.status_code == 403 and f'href="{detail}"' in response.content.decode()
    assert not Assessment.objects.exists()

    client.force_login(anna)
    # The first requirement met, with a file registered as evidence in the contract's case.
    response = _assess(client, report, first, "met", upload=[pdf_file("protokoll.pdf")])
    assert response.status_code == 302, response.content.decode()[:3000]
    assessment = Assessment.objects.get(requirement=first)
    evidence = assessment.evidence.get()
    assert evidence.case_id == cleaning.case_id
    assert evidence.attachments.count() == 1

    # Submitting with the second requirement unassessed: shown, not submitted.
    submit = reverse("followup:report_submit", kwargs={"report_id": report.pk})
    response = client.post(
        submit, {"action": "submit", "goal_effect": "Ingen påverkan", "partner_view": "Bra"}
    )
    assert response.status_code == 422
    assert "submit-errors" in response.content.decode()
    assert "Kollektivavtal" in response.content.decode()
    report.refresh_from_db()
    assert report.status == FollowUpReport.Status.DRAFT
    assert report.goal_effect == "Ingen påverkan"  # what was typed is kept

    response = _assess(client, report, second, "partly", evidence=[evidence.pk])
    assert response.status_code == 302
    response = client.post(
        reverse("followup:deficiency", kwargs={"report_id": report.pk}),
        {"requirement": second.pk, "description": "Två anställda utan avtalsenlig lön"},
    )
    assert response.status_code == 302
    deficiency = Deficiency.objects.get()
    response = client.post(
        reverse("followup:measure", kwargs={"report_id": report.pk}),
        {
            "description": "Lönerevision",
            "deficiency": deficiency.pk,
            "responsible": "Leverantörens VD",
            "due_on": "2026-12-15",
        },
    )
    assert response.status_code == 302
    measure = Measure.objects.get()

    response = client.post(
        submit,
        {
            "action": "submit",
            "goal_effect": "Brist i arbetsvillkor påverkar målet om goda villkor.",
            "goals": [goal.pk],
            "partner_view": "Leverantören instämmer.",
            "summary": "Uppföljt med besök.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    report.refresh_from_db()
    assert report.status == FollowUpReport.Status.SUBMITTED
    assert report.submitted_by == anna
    assert list(report.goals.all()) == [goal]

    # After submitting only the measures' status changes.
    page = client.get(detail).content.decode()
    assert reverse("followup:deficiency", kwargs={"report_id": report.pk}) not in page
    assert reverse("followup:measure_status", kwargs={"measure_id": measure.pk}) in page
    response = client.post(
        reverse("followup:deficiency", kwargs={"report_id": report.pk}),
        {"description": "En till"},
    )
    assert response.status_code == 302 and _errors(response)
    response = client.post(
        reverse("followup:measure", kwargs={"report_id": report.pk}),
        {"description": "En till", "responsible": "X", "due_on": "2026-12-20"},
    )
    assert response.status_code == 302 and _errors(response)
    response = _assess(client, report, first, "not_met")
    assert response.status_code == 302 and _errors(response)
    assert Deficiency.objects.count() == 1 and Measure.objects.count() == 1
    assert Assessment.objects.get(requirement=first).result == "met"

    status = reverse("followup:measure_status", kwargs={"measure_id": measure.pk})
    client.force_login(bo)
    response = client.post(status, {"status": "done"})
    assert response.status_code == 403
    client.force_login(anna)
    response = client.post(status, {"status": "bogus"})
    assert response.status_code == 422
    response = client.post(status, {"status": "done"})
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.status == Measure.Status.DONE and measure.done_on is not None

    # The overview counts the results and the open measures.
    body = client.get(reverse("followup:overview"), {"board": ks.pk, "year": YEAR}).content
    body = body.decode()
    assert f'data-report="{report.pk}" data-status="submitted"' in body
    assert 'data-met="1"' in body and 'data-partly="1"' in body and 'data-not-met="0"' in body
    assert 'data-open-measures="0"' in body


def test_an_in_house_contract_is_reported_on_the_same_terms(client, ks, hedda, parks, pdf_file):
    """Outside the plan (internal control), by the head of the administration; without a
    case, the page says evidence needs one, and a file sent anyway is refused."""
    requirement = contracts.requirement_add(
        contract=parks, title="Klippning", text="", area="quality", essential=True
    )
    client.force_login(hedda)
    response = client.post(reverse("followup:report_create"), {"contract": parks.pk, "year": YEAR})
    assert response.status_code == 302
    report = FollowUpReport.objects.get(contract=parks)
    assert report.plan_item is None
    body = client.get(reverse("followup:report_detail", kwargs={"report_id": report.pk}))
    assert body.status_code == 200

    response = client.post(
        reverse("followup:assessment", kwargs={"report_id": report.pk}),
        {"requirement": requirement.pk, "result": "met", "upload": [pdf_file()]},
    )
    assert response.status_code == 422
    assert not Assessment.objects.exists()
    response = _assess(client, report, requirement, "met")
    assert response.status_code == 302
    response = client.post(
        reverse("followup:report_submit", kwargs={"report_id": report.pk}),
        {"action": "submit", "goal_effect": "", "partner_view": ""},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == FollowUpReport.Status.SUBMITTED


def test_bad_input_to_a_report_is_refused_never_500(client, ks, anna, cleaning, parks):
    report = services.report_create(contract=cleaning, year=YEAR)
    foreign = contracts.requirement_add(
        contract=parks, title="Annat avtals krav", text="", area="quality", essential=True
    )
    client.force_login(anna)
    # A requirement of another contract, forged into the form.
    response = _assess(client, report, foreign, "met")
    assert response.status_code == 422 and _errors(response)
    response = client.post(
        reverse("followup:assessment", kwargs={"report_id": report.pk}),
        {"requirement": "abc", "result": "met"},
    )
    assert response.status_code == 422
    first = cleaning.requirements.filter(essential=True).first()
    response = _assess(client, report, first, "brilliant")
    assert response.status_code == 422
    response = _assess(client, report, first, "met", evidence=[999999])
    assert response.status_code == 422
    response = client.post(
        reverse("followup:deficiency", kwargs={"report_id": report.pk}),
        {"requirement": foreign.pk, "description": "X"},
    )
    assert response.status_code == 422
    response = client.post(
        reverse("followup:measure", kwargs={"report_id": report.pk}),
        {"description": "", "responsible": "", "due_on": "tomorrow"},
    )
    assert response.status_code == 422
    response = client.post(
        reverse("followup:report_submit", kwargs={"report_id": report.pk}), {"action": "hack"}
    )
    assert response.status_code == 302 and _errors(response)
    other_goal = Goal.objects.create(board=ks, year=YEAR - 1, title="Förra årets mål")
    response = client.post(
        reverse("followup:report_submit", kwargs={"report_id": report.pk}),
        {"action": "save", "goals": [other_goal.pk]},
    )
    assert response.status_code == 422
    assert not Assessment.objects.exists() and not Deficiency.objects.exists()
    # A second report for the same contract and year.
    response = client.post(
        reverse("followup:report_create"), {"contract": cleaning.pk, "year": YEAR}
    )
    assert response.status_code == 422
    # Unknown ids.
    for name, kwargs in (
        ("followup:report_detail", {"report_id": 99999}),
        ("followup:assessment", {"report_id": 99999}),
        ("followup:measure_status", {"measure_id": 99999}),
    ):
        response = client.post(reverse(name, kwargs=kwargs), {"status": "done"})
        assert response.status_code in (404, 405), name
        if response.status_code == 405:
            assert client.get(reverse(name, kwargs=kwargs)).status_code == 404


def test_without_a_role_every_page_is_forbidden(client, nora, ks, cleaning):
    plan = _plan_with(ks, cleaning)
    report = services.report_create(contract=cleaning, year=YEAR)
    client.force_login(nora)
    for url in (
        reverse("followup:overview"),
        reverse("followup:plan_create"),
        reverse("followup:plan_detail", kwargs={"plan_id": plan.pk}),
        reverse("followup:report_create"),
        reverse("followup:report_detail", kwargs={"report_id": report.pk}),
    ):
        assert client.get(url).status_code == 403, url
    response = client.post(
        reverse("followup:plan_item_add", kwargs={"plan_id": plan.pk}),
        {"contract": cleaning.pk, "method": "x", "due_on": "2026-05-01"},
    )
    assert response.status_code == 403


def test_the_overview_needs_no_more_queries_for_more_reports(client, ks, hedda, anna, tn_unit):
    def make(number):
        contract = _contract(number, ks, manager=anna, strategic=True)
        report = services.report_create(contract=contract, year=YEAR)
        services.measure_add(
            report=report, description="Åtgärd", responsible="X", due_on=datetime.date(YEAR, 12, 1)
        )

    client.force_login(hedda)
    url = reverse("followup:overview")
    make("Q-1")
    client.get(url, {"year": YEAR})
    with CaptureQueriesContext(connection) as few:
        assert client.get(url, {"year": YEAR}).status_code == 200
    for n in range(2, 6):
        make(f"Q-{n}")
    with CaptureQueriesContext(connection) as many:
        assert client.get(url, {"year": YEAR}).status_code == 200
    assert len(many) == len(few)


# --- Reminders ------------------------------------------------------------------------


def test_reminders_mail_the_manager_once_a_day(ks, sara, anna, cleaning, parks):
    plan = _plan_with(ks, cleaning)
    services.plan_decide(plan=plan, decided_on=datetime.date(YEAR, 2, 1), paragraph="4", user=sara)
    report = services.report_create(contract=parks, year=YEAR)
    soon = services.measure_add(
        report=report, description="Snart", responsible="X", due_on=datetime.date(YEAR, 6, 10)
    )
    late = services.measure_add(
        report=report, description="Sen", responsible="X", due_on=datetime.date(YEAR, 5, 1)
    )
    services.measure_add(
        report=report, description="Långt bort", responsible="X", due_on=datetime.date(YEAR, 9, 1)
    )
    done = services.measure_add(
        report=report, description="Klar", responsible="X", due_on=datetime.date(YEAR, 6, 2)
    )
    services.measure_set_status(measure=done, status=Measure.Status.DONE)
    # The plan item is due 1 September: not yet within 30 days on 1 June.
    call_command("followup_reminders", "--date", "2026-06-01", stdout=_Sink())
    events = set(OutgoingEmail.objects.values_list("event", flat=True))
    assert events == {
        f"followup:measure:{soon.pk}:2026-06-01",
        f"followup:measure:{late.pk}:2026-06-01",
    }
    assert set(OutgoingEmail.objects.values_list("recipient", flat=True)) == {anna.email}
    # Again the same day: nothing more.
    call_command("followup_reminders", "--date", "2026-06-01", stdout=_Sink())
    assert OutgoingEmail.objects.count() == 2
    soon.refresh_from_db()
    assert soon.reminded_on == datetime.date(2026, 6, 1)

    # The next day again, and in August the plan's contract without a report too.
    call_command("followup_reminders", "--date", "2026-06-02", stdout=_Sink())
    assert OutgoingEmail.objects.count() == 4
    call_command("followup_reminders", "--date", "2026-08-10", stdout=_Sink())
    item = PlanItem.objects.get()
    assert OutgoingEmail.objects.filter(event=f"followup:plan-item:{item.pk}:2026-08-10").exists()
    # A submitted report ends the plan item's reminders.
    cleaning_report = services.report_create(contract=cleaning, year=YEAR)
    for requirement in cleaning.requirements.filter(essential=True):
        services.assessment_record(report=cleaning_report, requirement=requirement, result="met")
    services.report_submit(report=cleaning_report, user=anna)
    call_command("followup_reminders", "--date", "2026-08-11", stdout=_Sink())
    assert (
        not OutgoingEmail.objects.filter(event__startswith="followup:plan-item:")
        .exclude(event__endswith="2026-08-10")
        .exists()
    )


class _Sink:
    def write(self, text):
        pass

    def flush(self):
        pass


def test_the_contract_page_shows_its_plans_and_reports(client, ks, anna, bo, cleaning):
    plan = _plan_with(ks, cleaning)
    report = services.report_create(
        contract=cleaning, year=YEAR, plan_item=plan.items.get(contract=cleaning)
    )
    detail = reverse("contracts:detail", args=[cleaning.pk])

    client.force_login(anna)  # the contract's manager
    page = client.get(detail).content.decode()
    assert f'data-plan="{plan.pk}"' in page
    assert reverse("followup:plan_detail", args=[plan.pk]) in page
    assert reverse("followup:report_detail", args=[report.pk]) in page
    assert reverse("followup:report_create") + f"?contract={cleaning.pk}" in page

    client.force_login(bo)  # another contract's manager reads, but does not report
    page = client.get(detail).content.decode()
    assert reverse("followup:report_detail", args=[report.pk]) in page
    assert reverse("followup:report_create") + f"?contract={cleaning.pk}" not in page
