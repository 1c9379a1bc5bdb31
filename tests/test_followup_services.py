"""The yearly follow-up at the service layer: a decided plan is locked, and a report is
submitted only when every essential requirement is assessed and every shortfall has an
action plan. Egen regi is followed up on the same terms."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from insyn.contracts import services as contracts
from insyn.contracts.models import Contract
from insyn.core.models import Role
from insyn.followup import services
from insyn.followup.models import Assessment, Measure
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def internal(ks, ks_series, tn_unit):
    """An internal agreement with an in-house unit, with two essential requirements. KS
    has a numbering series: a decided plan is registered there."""
    contract = contracts.contract_create(
        data=contracts.ContractData(
            number="INT-1",
            title="Parkskötsel i egen regi",
            kind=Contract.Kind.INTERNAL,
            procedure=Contract.Procedure.INTERNAL,
            provider_unit=tn_unit,
            start_date=datetime.date(2026, 1, 1),
            shares=[contracts.Share(ks, Decimal("100"))],
        ),
        user=None,
    )
    for title in ("Klippning varannan vecka", "Lön enligt kollektivavtal"):
        contracts.requirement_add(
            contract=contract, title=title, text="", area="quality", essential=True
        )
    return contract


def test_a_decided_plan_is_locked(ks, internal):
    secretary = factories.assign(
        factories.UserFactory(username="sam"), Role.BOARD_SECRETARY, board=ks
    )
    plan = services.plan_create(board=ks, year=2026)
    with pytest.raises(ValidationError):
        services.plan_decide(
            plan=plan, decided_on=datetime.date(2026, 2, 1), paragraph="12", user=secretary
        )
    with pytest.raises(ValidationError):
        services.plan_item_add(
            plan=plan, contract=internal, method="Besök", due_on=datetime.date(2027, 1, 1)
        )
    item = services.plan_item_add(
        plan=plan, contract=internal, method="Besök", due_on=datetime.date(2026, 9, 1)
    )
    plan = services.plan_decide(
        plan=plan, decided_on=datetime.date(2026, 2, 1), paragraph="12", user=secretary
    )
    assert plan.is_locked and plan.paragraph == "§ 12"
    with pytest.raises(ValidationError):
        services.plan_item_remove(item=item)
    with pytest.raises(ValidationError):
        services.plan_item_add(
            plan=plan, contract=internal, method="Enkät", due_on=datetime.date(2026, 10, 1)
        )
    assert plan.items.count() == 1


def test_a_report_needs_every_essential_requirement_and_an_action_plan(internal):
    manager = factories.UserFactory(username="anna")
    report = services.report_create(contract=internal, year=2026)
    first, second = internal.requirements.all()
    services.assessment_record(report=report, requirement=first, result=Assessment.Result.MET)
    with pytest.raises(ValidationError):
        services.report_submit(report=report, user=manager)
    services.assessment_record(report=report, requirement=second, result=Assessment.Result.PARTLY)
    with pytest.raises(ValidationError):
        services.report_submit(report=report, user=manager)
    deficiency = services.deficiency_add(
        report=report, requirement=second, description="Två anställda utan kollektivavtalsenlig lön"
    )
    measure = services.measure_add(
        report=report,
        deficiency=deficiency,
        description="Lönerevision",
        responsible="Enhetschefen",
        due_on=datetime.date(2026, 12, 1),
    )
    report = services.report_submit(report=report, user=manager)
    assert report.status == report.Status.SUBMITTED
    with pytest.raises(ValidationError):
        services.assessment_record(
            report=report, requirement=first, result=Assessment.Result.NOT_MET
        )
    # The action plan goes on after the report.
    services.measure_set_status(measure=measure, status=Measure.Status.DONE)
    measure.refresh_from_db()
    assert measure.done_on is not None
