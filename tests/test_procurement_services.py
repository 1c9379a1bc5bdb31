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
    # Tendered a month ago and awarded three weeks ago: the standstill period has ended.
    today = datetime.date.today() - datetime.timedelta(days=30)
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
        procurement=procurement,
        tender=first,
        decided_on=today + datetime.timedelta(days=10),
        user=buyer,
    )
    assert award.secrecy == Document.Secrecy.PUBLIC
    procurement.refresh_from_db()
    assert procurement.status == Procurement.Status.AWARDED
    contract = contracts.contract_from_award(
        procurement=procurement,
        number="AVT-2027-0001",
        start_date=datetime.date.today(),
        end_date=today.replace(year=today.year + 3),
        shares=[contracts.Share(ks, Decimal("100"))],
        user=buyer,
    )
    assert contract.provider_party == first.tenderer
    assert contract.case == procurement.case and contract.cpv_code == "90620000-9"
    procurement.refresh_from_db()
    assert procurement.status == Procurement.Status.CONTRACT_SIGNED


# --- Changing the plan, disqualifying, the award's PDF, cancelling --------------------------


def _started(ks, buyer, **fields):
    # A simplified procedure needs a value below the EU threshold to start.
    fields.setdefault("estimated_value", Decimal("900000"))
    procurement = services.procurement_plan(
        title=fields.pop("title", "Fönsterputs"),
        procedure=Procurement.Procedure.SIMPLIFIED,
        responsible=buyer,
        board=ks,
        user=buyer,
        plan_year=2027,
        **fields,
    )
    services.procurement_followup_record(procurement=procurement, approach="Stickprov", user=buyer)
    return services.procurement_start(procurement=procurement, user=buyer)


@pytest.fixture
def buyer(organisation):
    return factories.assign(factories.UserFactory(username="ulla"), Role.PROCUREMENT_OFFICER)


def test_a_plan_is_changed_only_while_planned_and_its_unit_belongs_to_its_board(
    ks, tn, tn_unit, ks_series, buyer
):
    procurement = services.procurement_plan(
        title="Gatubelysning",
        procedure=Procurement.Procedure.OPEN,
        responsible=buyer,
        board=ks,
        user=buyer,
        plan_year=2027,
    )
    common = {"procedure": "open", "responsible": buyer, "plan_year": 2028}
    with pytest.raises(ValidationError) as error:
        services.procurement_edit(
            procurement=procurement, user=buyer, title="Ny", board=ks, unit=tn_unit, **common
        )
    assert "unit" in error.value.message_dict
    procurement = services.procurement_edit(
        procurement=procurement,
        user=buyer,
        title="Gatubelysning 2028",
        board=tn,
        unit=tn_unit,
        other_boards=[ks, tn],
        **common,
    )
    procurement.refresh_from_db()
    assert (procurement.title, procurement.board, procurement.plan_year) == (
        "Gatubelysning 2028",
        tn,
        2028,
    )
    assert list(procurement.other_boards.all()) == [ks]  # the board itself is not "other"

    started = _started(ks, buyer)
    with pytest.raises(ValidationError):
        services.procurement_edit(
            procurement=started, user=buyer, title="Ändrad", board=ks, **common
        )
    with pytest.raises(ValidationError):
        services.procurement_followup_record(procurement=started, approach="Senare", user=buyer)


def test_scoring_starts_the_evaluation_and_a_disqualified_tender_is_not_scored(
    ks, ks_series, buyer
):
    procurement = _started(ks, buyer)
    services.criteria_set(
        procurement=procurement, criteria=[services.Criterion("Pris", "price", Decimal("100"))]
    )
    (price,) = procurement.criteria.all()
    first = services.tender_register(
        procurement=procurement,
        tenderer_name="Glasklart AB",
        tenderer_org_number="556045-6781",
        received_on=datetime.date.today(),
        files=[pdf()],
        user=buyer,
    )
    second = services.tender_register(
        procurement=procurement,
        tenderer_name="Putsarna AB",
        tenderer_org_number="556712-3459",
        received_on=datetime.date.today(),
        files=[pdf()],
        user=buyer,
    )
    services.tender_score(tender=first, scores={price: Decimal("5")}, user=buyer)
    procurement.refresh_from_db()
    assert procurement.status == Procurement.Status.EVALUATION

    with pytest.raises(ValidationError):
        services.tender_disqualify(tender=second, reason=" ", user=buyer)
    services.tender_disqualify(tender=second, reason="Sent inkommet", user=buyer)
    second.refresh_from_db()
    with pytest.raises(ValidationError):
        services.tender_score(tender=second, scores={price: Decimal("9")})
    assert [r.tender for r in services.tenders_ranked(procurement)] == [first]


def _price_only(procurement):
    services.criteria_set(
        procurement=procurement, criteria=[services.Criterion("Pris", "price", Decimal("100"))]
    )
    return procurement.criteria.get()


def test_a_sole_trader_is_kept_as_a_private_person_and_never_named_publicly(
    ks, ks_series, buyer, client
):
    from insyn.core.models import Party

    procurement = _started(ks, buyer)
    price = _price_only(procurement)
    # A sole trader's organisation number is the owner's personnummer.
    tender = services.tender_register(
        procurement=procurement,
        tenderer_name="Pelle Putsare",
        tenderer_org_number="800101-1231",
        received_on=datetime.date.today(),
        files=[pdf()],
        user=buyer,
    )
    assert tender.tenderer.kind == Party.Kind.PRIVATE_PERSON
    assert tender.tenderer.org_number == ""
    services.tender_score(tender=tender, scores={price: Decimal("7")}, user=buyer)
    decision = services.procurement_award(
        procurement=procurement, tender=tender, decided_on=datetime.date.today(), user=buyer
    )
    assert "Pelle" not in decision.description
    assert decision.contains_personal_data  # the PDF names the person: kept off the web
    assert decision.attachments.count() == 1
    for page in ("/postlista/", "/upphandlingar/"):
        html = client.get(page).content.decode()
        assert "Pelle" not in html and "800101" not in html, page


def test_the_award_follows_the_announced_evaluation(ks, ks_series, buyer):
    procurement = _started(ks, buyer)
    today = datetime.date.today()
    first = services.tender_register(
        procurement=procurement,
        tenderer_name="Glasklart AB",
        tenderer_org_number="556045-6781",
        received_on=today,
        files=[pdf()],
        user=buyer,
    )
    # No criteria were announced: nothing to award on, and none may be set now.
    with pytest.raises(ValidationError):
        services.procurement_award(
            procurement=procurement, tender=first, decided_on=today, user=buyer
        )
    with pytest.raises(ValidationError):
        _price_only(procurement)

    procurement = _started(ks, buyer, title="Fönsterputs 2")
    price = _price_only(procurement)
    first, second = (
        services.tender_register(
            procurement=procurement,
            tenderer_name=name,
            tenderer_org_number=number,
            received_on=today,
            files=[pdf()],
            user=buyer,
        )
        for name, number in (("Glasklart AB", "556045-6781"), ("Putsarna AB", "556712-3459"))
    )
    services.tender_score(tender=first, scores={price: Decimal("6")}, user=buyer)
    with pytest.raises(ValidationError):  # the second tender is not scored yet
        services.procurement_award(
            procurement=procurement, tender=first, decided_on=today, user=buyer
        )
    services.tender_score(tender=second, scores={price: Decimal("9")}, user=buyer)
    with pytest.raises(ValidationError):  # the first is not the best
        services.procurement_award(
            procurement=procurement, tender=first, decided_on=today, user=buyer
        )
    with pytest.raises(ValidationError):  # dated before the tenders came in
        services.procurement_award(
            procurement=procurement,
            tender=second,
            decided_on=today - datetime.timedelta(days=1),
            user=buyer,
        )
    services.procurement_award(procurement=procurement, tender=second, decided_on=today, user=buyer)
    procurement.refresh_from_db()
    assert procurement.status == Procurement.Status.AWARDED and procurement.supplier is not None

    # A contract does not start before the award; cancelling voids the award.
    with pytest.raises(ValidationError):
        contracts.contract_from_award(
            procurement=procurement,
            number="AVT-2027-0010",
            start_date=today - datetime.timedelta(days=1),
            end_date=None,
            shares=[contracts.Share(ks, Decimal("100"))],
            user=buyer,
        )
    procurement = services.procurement_cancel(
        procurement=procurement, reason="Överprövning", user=buyer
    )
    assert procurement.supplier is None
    assert not procurement.tenders.filter(awarded=True).exists()


def test_cancelling_needs_a_reason_and_is_refused_once_the_contract_is_signed(ks, ks_series, buyer):
    planned = services.procurement_plan(
        title="Inte längre",
        procedure=Procurement.Procedure.OPEN,
        responsible=buyer,
        board=ks,
        user=buyer,
        plan_year=2027,
    )
    with pytest.raises(ValidationError):
        services.procurement_cancel(procurement=planned, reason="", user=buyer)
    planned = services.procurement_cancel(procurement=planned, reason="Utgår", user=buyer)
    assert planned.status == Procurement.Status.CANCELLED and planned.case is None
    with pytest.raises(ValidationError):
        services.procurement_cancel(procurement=planned, reason="Igen", user=buyer)

    procurement = _started(ks, buyer, title="Avtalad")
    price = _price_only(procurement)
    month_ago = datetime.date.today() - datetime.timedelta(days=30)
    tender = services.tender_register(
        procurement=procurement,
        tenderer_name="Glasklart AB",
        tenderer_org_number="556045-6781",
        received_on=month_ago,
        files=[pdf()],
        user=buyer,
    )
    services.tender_score(tender=tender, scores={price: Decimal("8")}, user=buyer)
    services.procurement_award(
        procurement=procurement, tender=tender, decided_on=month_ago, user=buyer
    )
    procurement.refresh_from_db()
    with pytest.raises(ValidationError):
        services.criteria_set(
            procurement=procurement,
            criteria=[services.Criterion("Pris", "price", Decimal("100"))],
        )
    contracts.contract_from_award(
        procurement=procurement,
        number="AVT-2027-0009",
        start_date=datetime.date.today(),
        end_date=None,
        shares=[contracts.Share(ks, Decimal("100"))],
        user=buyer,
    )
    with pytest.raises(ValidationError):
        services.procurement_cancel(procurement=procurement, reason="För sent", user=buyer)
