"""The follow-up's records keep who changed what, when and why, and the staff pages show
it where the record is shown (issue 16, point 4), through HTTP:

- anna: manager of the KS cleaning contract
- sara: KS board secretary (drafts the KS plan, plans its steps)
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from insyn.core.models import Role
from insyn.followup import services
from insyn.followup.models import Assessment, CycleEvent, Measure, PlanItem
from tests import factories
from tests.test_followup_staff import YEAR, _contract

pytestmark = pytest.mark.django_db


@pytest.fixture
def anna(organisation):
    user = factories.UserFactory(username="anna", first_name="Anna", last_name="Avtal")
    return factories.assign(user, Role.CONTRACT_MANAGER)


@pytest.fixture
def sara(ks):
    user = factories.UserFactory(username="sara", first_name="Sara", last_name="Sekreterare")
    return factories.assign(user, Role.BOARD_SECRETARY, board=ks)


@pytest.fixture
def cleaning(ks, anna, register):
    from insyn.contracts import services as contracts

    case = register(title="Avtal lokalvård").case
    contract = _contract("AVT-1", ks, manager=anna, case=case, strategic=True)
    contracts.requirement_add(
        contract=contract, title="Städfrekvens", text="", area="quality", essential=True
    )
    return contract


def _history(body: str) -> str:
    """The page's history section, so that a match is not elsewhere on the page."""
    assert 'id="history"' in body
    return body[body.index('id="history"') :]


def test_a_changed_assessment_shows_who_what_and_why_on_the_report(client, cleaning, anna):
    report = services.report_create(contract=cleaning, year=YEAR)
    requirement = cleaning.requirements.get()
    url = reverse("followup:assessment", kwargs={"report_id": report.pk})
    client.force_login(anna)
    response = client.post(url, {"requirement": requirement.pk, "result": "met", "comment": "Ok"})
    assert response.status_code == 302
    # Changed, with the reason asked for when an assessment is changed.
    response = client.post(
        url,
        {
            "requirement": requirement.pk,
            "result": "not_met",
            "comment": "Ok",
            "reason": "Ny mätning i maj",
        },
    )
    assert response.status_code == 302
    assert Assessment.objects.get().history.count() == 2

    body = client.get(reverse("followup:report_detail", kwargs={"report_id": report.pk}))
    history = _history(body.content.decode())
    assert "Anna Avtal" in history
    assert "Ny mätning i maj" in history
    assert "<del>uppfyllt</del>" in history and "<ins>inte uppfyllt</ins>" in history


def test_a_measure_status_change_and_a_deficiency_show_in_the_reports_history(
    client, cleaning, anna
):
    report = services.report_create(contract=cleaning, year=YEAR)
    client.force_login(anna)
    client.post(
        reverse("followup:deficiency", kwargs={"report_id": report.pk}),
        {"description": "Golven i skola 3 ostädade"},
    )
    client.post(
        reverse("followup:measure", kwargs={"report_id": report.pk}),
        {"description": "Extra städning", "responsible": "Leverantören", "due_on": "2026-06-01"},
    )
    measure = Measure.objects.get()
    response = client.post(
        reverse("followup:measure_status", kwargs={"measure_id": measure.pk}), {"status": "done"}
    )
    assert response.status_code == 302
    history = _history(
        client.get(
            reverse("followup:report_detail", kwargs={"report_id": report.pk})
        ).content.decode()
    )
    assert "Brist: Golven i skola 3 ostädade" in history
    assert "<ins>klart</ins>" in history
    assert "Anna Avtal" in history


def test_a_contract_taken_out_of_the_plan_stays_in_its_history(client, ks, sara, cleaning):
    plan = services.plan_create(board=ks, year=YEAR)
    client.force_login(sara)
    response = client.post(
        reverse("followup:plan_item_add", kwargs={"plan_id": plan.pk}),
        {"contract": cleaning.pk, "method": "Möte", "due_on": f"{YEAR}-09-01"},
    )
    assert response.status_code == 302
    item = PlanItem.objects.get()
    response = client.post(
        reverse("followup:plan_item_remove", kwargs={"plan_id": plan.pk, "plan_item_id": item.pk})
    )
    assert response.status_code == 302 and not PlanItem.objects.exists()
    history = _history(
        client.get(reverse("followup:plan_detail", kwargs={"plan_id": plan.pk})).content.decode()
    )
    assert "AVT-1" in history
    assert "Tillagt i planen" in history and "Borttaget ur planen" in history
    assert "Sara Sekreterare" in history


def test_a_changed_step_shows_its_history_and_a_removed_one_stays_on_the_cycle(client, ks, sara):
    event = services.cycle_event_create(
        year=YEAR,
        board=ks,
        kind=CycleEvent.Kind.BUDGET,
        title="Budgetdialog",
        starts_on=datetime.date(YEAR, 3, 1),
        ends_on=datetime.date(YEAR, 3, 31),
        user=sara,
    )
    client.force_login(sara)
    edit = reverse("followup:cycle_event_edit", kwargs={"event_id": event.pk})
    response = client.post(
        edit,
        {
            "kind": "budget",
            "title": "Budgetdialog",
            "starts_on": f"{YEAR}-04-01",
            "ends_on": f"{YEAR}-04-30",
            "reason": "KS flyttade dialogen",
        },
    )
    assert response.status_code == 302
    history = _history(client.get(edit).content.decode())
    assert "KS flyttade dialogen" in history and "Sara Sekreterare" in history
    assert f"<del>{YEAR}-03-01</del>" in history and f"<ins>{YEAR}-04-01</ins>" in history

    response = client.post(reverse("followup:cycle_event_delete", kwargs={"event_id": event.pk}))
    assert response.status_code == 302
    body = client.get(reverse("followup:cycle") + f"?year={YEAR}").content.decode()
    removed = body[body.index('id="removed"') :]
    assert "Budgetdialog" in removed and "Sara Sekreterare" in removed
