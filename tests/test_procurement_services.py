"""A procurement from the plan to its contract, at the service layer: the follow-up is
settled before it starts, tenders are secret until the award, the weights add up, and
the contract is made from the award."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from insyn.contracts import services as contracts
from insyn.core.models import Role
from insyn.procurement import services
from insyn.procurement.models import Procurement
from insyn.registry.models import Document
from tests import factories

pytestmark = pytest.mark.django_db


def pdf():
    return SimpleUploadedFile("anbud.pdf", b"%PDF-1.4\n%x\n", content_type="application/pdf")


def test_plan_follow_up_tenders_award_and_contract(client, ks, ks_series):
    buyer = factories.assign(factories.UserFactory(username="ulla"), Role.PROCUREMENT_OFFICER)
    procurement = services.procurement_plan(
        title="Snöröjning 2027–2030",
        procedure=Procurement.Procedure.OPEN,
        responsible=buyer,
        board=ks,
        user=buyer,
        plan_year=2027,
        plan_quarter=1,
        estimated_value=Decimal("4000000"),
        cpv_code="90620000-9",
    )
    assert procurement.case is None
    with pytest.raises(ValidationError):
        services.procurement_start(procurement=procurement, user=buyer)
    services.procurement_followup_record(
        procurement=procurement,
        approach="Kvartalsvisa avstämningar och stickprov efter snöfall.",
        user=buyer,
    )
    procurement = services.procurement_start(procurement=procurement, user=buyer)
    assert procurement.case is not None and procurement.status == Procurement.Status.ADVERTISED

    with pytest.raises(ValidationError):
        services.criteria_set(
            procurement=procurement,
            criteria=[
                services.Criterion("Pris", "price", Decimal("60")),
                services.Criterion("Kvalitet", "quality", Decimal("30")),
            ],
        )
    services.criteria_set(
        procurement=procurement,
        criteria=[
            services.Criterion("Pris", "price", Decimal("60")),
            services.Criterion("Kvalitet", "quality", Decimal("40")),
        ],
    )
    price, quality = procurement.criteria.all()
    today = datetime.date.today()
    first = services.tender_register(
        procurement=procurement,
        tenderer_name="Plogbolaget AB",
        tenderer_org_number="556045-6781",
        received_on=today,
        files=[pdf()],
        user=buyer,
    )
    second = services.tender_register(
        procurement=procurement,
        tenderer_name="Snö & Grus AB",
        tenderer_org_number="556712-3459",
        received_on=today,
        files=[pdf()],
        user=buyer,
    )
    assert first.document.secrecy == Document.Secrecy.SECRET
    assert "Plogbolaget" not in client.get("/postlista/").content.decode()
    services.tender_score(tender=first, scores={price: Decimal("8"), quality: Decimal("6")})
    services.tender_score(tender=second, scores={price: Decimal("6"), quality: Decimal("9")})
    assert services.tender_total(first) == Decimal("7.20")
    assert services.tender_total(second) == Decimal("7.20")
    with pytest.raises(ValidationError):
        services.tender_score(tender=first, scores={price: Decimal("11")})

    award = services.procurement_award(
        procurement=procurement, tender=first, decided_on=today, user=buyer
    )
    assert award.secrecy == Document.Secrecy.PUBLIC
    procurement.refresh_from_db()
    assert procurement.status == Procurement.Status.AWARDED
    contract = contracts.contract_from_award(
        procurement=procurement,
        number="AVT-2027-0001",
        start_date=today,
        end_date=today.replace(year=today.year + 3),
        shares=[contracts.Share(ks, Decimal("100"))],
        user=buyer,
    )
    assert contract.provider_party == first.tenderer
    assert contract.case == procurement.case and contract.cpv_code == "90620000-9"
    procurement.refresh_from_db()
    assert procurement.status == Procurement.Status.CONTRACT_SIGNED
