"""The contract register's rules at the service layer (the pages and the import use the
same function)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from insyn.contracts import selectors, services
from insyn.contracts.models import Contract
from insyn.core.models import Party

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def supplier():
    return Party.objects.create(
        kind=Party.Kind.COMPANY, name="Städbolaget AB", org_number="556712-3459"
    )


def data(**overrides):
    fields = {
        "number": "AVT-2026-0001",
        "title": "Lokalvård",
        "procedure": Contract.Procedure.OPEN,
        "start_date": D(2026, 1, 1),
        "end_date": D(2027, 12, 31),
        "shares": [],
    }
    fields.update(overrides)
    return services.ContractData(**fields)


def test_a_contract_across_boards_needs_shares_that_add_up(ks, tn, supplier):
    shares = [services.Share(ks, Decimal("60")), services.Share(tn, Decimal("30"))]
    with pytest.raises(ValidationError) as error:
        services.contract_create(data=data(provider_party=supplier, shares=shares), user=None)
    assert "shares" in error.value.error_dict
    assert not Contract.objects.exists()
    shares = [services.Share(ks, Decimal("60")), services.Share(tn, Decimal("40"))]
    contract = services.contract_create(
        data=data(provider_party=supplier, shares=shares), user=None
    )
    assert sorted(contract.boards.values_list("share", flat=True)) == [Decimal(40), Decimal(60)]


def test_every_problem_is_reported_by_field(ks, tn_unit, supplier):
    bad = data(
        number="",
        title="",
        provider_party=supplier,
        provider_unit=tn_unit,
        start_date=D(2026, 6, 1),
        end_date=D(2026, 5, 31),
        cpv_code="9091",
        values_secret=True,
        shares=[services.Share(ks, Decimal("100")), services.Share(ks, Decimal("0"))],
    )
    with pytest.raises(ValidationError) as error:
        services.contract_create(data=bad, user=None)
    assert {
        "number",
        "title",
        "provider",
        "end_date",
        "cpv_code",
        "values_secrecy_ground",
        "shares",
    } <= set(error.value.error_dict)


def test_an_internal_agreement_is_with_an_in_house_unit(ks, tn_unit, supplier):
    shares = [services.Share(ks, Decimal("100"))]
    with pytest.raises(ValidationError):
        services.contract_create(
            data=data(kind=Contract.Kind.INTERNAL, provider_party=supplier, shares=shares),
            user=None,
        )
    contract = services.contract_create(
        data=data(
            kind=Contract.Kind.INTERNAL,
            procedure=Contract.Procedure.INTERNAL,
            provider_unit=tn_unit,
            shares=shares,
        ),
        user=None,
    )
    assert contract.is_in_house and contract.provider_name == tn_unit.name


def test_expiry_watch_lists_ends_and_notice_dates_soonest_first(ks, supplier):
    shares = [services.Share(ks, Decimal("100"))]
    ending = services.contract_create(
        data=data(number="A-1", provider_party=supplier, shares=shares, end_date=D(2026, 9, 30)),
        user=None,
    )
    notice = services.contract_create(
        data=data(
            number="A-2",
            provider_party=supplier,
            shares=shares,
            end_date=D(2028, 12, 31),
            notice_date=D(2026, 7, 1),
        ),
        user=None,
    )
    services.contract_create(
        data=data(number="A-3", provider_party=supplier, shares=shares, end_date=D(2029, 1, 1)),
        user=None,
    )
    rows = selectors.contracts_expiring(today=D(2026, 6, 1), months=6)
    assert [(c.number, kind) for c, _day, kind in rows] == [("A-2", "notice"), ("A-1", "end")]
    assert rows[0][0] == notice and rows[1][0] == ending


def test_a_private_person_provider_is_never_named_publicly(ks):
    person = Party.objects.create(kind=Party.Kind.PRIVATE_PERSON, name="Pelle Plogsson")
    contract = services.contract_create(
        data=data(provider_party=person, shares=[services.Share(ks, Decimal("100"))]), user=None
    )
    public = selectors.public_contract(contract)
    assert "Pelle" not in public.provider and public.provider_key == ""
    assert selectors.public_provider_contracts(f"p{person.pk}") is None


def test_templates_apply_once(ks, tn_unit):
    from insyn.contracts.models import RequirementTemplate

    template = RequirementTemplate.objects.create(
        group="Arbetsrättsliga villkor",
        title="Lön enligt kollektivavtal",
        text="Lön minst enligt gällande kollektivavtal.",
        area="labour",
        labour_topic="wages",
        essential=True,
    )
    contract = services.contract_create(
        data=data(
            kind=Contract.Kind.INTERNAL,
            procedure=Contract.Procedure.INTERNAL,
            provider_unit=tn_unit,
            shares=[services.Share(ks, Decimal("100"))],
        ),
        user=None,
    )
    services.requirements_apply_templates(contract=contract, templates=[template])
    services.requirements_apply_templates(contract=contract, templates=[template])
    assert contract.requirements.count() == 1
    assert contract.requirements.get().essential
