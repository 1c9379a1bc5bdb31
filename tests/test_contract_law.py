"""The contract register and the law, through HTTP:

- the citations on the pages come from insyn.core.legal and are right;
- a meddelarfrihet clause cites lag (2017:151) only where that law applies;
- IOP is its own kind of agreement, outside procurement law, shown and filterable.

Named users: ulla (procurement officer, registers contracts); visitors are anonymous.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from insyn.contracts import services
from insyn.contracts.models import Area, Contract, LabourTopic
from insyn.core.models import Party, Role
from tests import factories

pytestmark = pytest.mark.django_db

D = datetime.date
MEDDELARSKYDD = "lagen (2017:151) om meddelarskydd i vissa enskilda verksamheter"


@pytest.fixture
def ulla(organisation):
    user = factories.UserFactory(username="ulla", first_name="Ulla", last_name="T")
    return factories.assign(user, Role.PROCUREMENT_OFFICER)


@pytest.fixture
def company(db):
    return Party.objects.create(
        kind=Party.Kind.COMPANY, name="Städ & Omsorg AB", org_number="556823-4560"
    )


@pytest.fixture
def nonprofit(db):
    return Party.objects.create(
        kind=Party.Kind.NONPROFIT, name="Kvinnojouren i Testby", org_number="802456-7896"
    )


def contract(number, board, *, cpv, procedure=Contract.Procedure.OPEN, **fields) -> Contract:
    data = {
        "number": number,
        "title": fields.pop("title", f"Avtal {number}"),
        "procedure": procedure,
        "cpv_code": cpv,
        "start_date": D(2026, 1, 1),
        "end_date": D(2028, 12, 31),
        "shares": [services.Share(board, Decimal(100))],
        **fields,
    }
    return services.contract_create(data=services.ContractData(**data), user=None)


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# --- Citations ------------------------------------------------------------------------------


def test_the_contract_form_cites_the_reservations_as_the_law_numbers_them(client, ulla):
    client.force_login(ulla)
    html = text(client.get(reverse("contracts:create")).content.decode())
    assert "19 kap. 25 a § LOU" in html and "1 kap. 2 a § LOV" in html
    assert "19 kap. 25 § LOU" in html
    assert "31 kap. 16 § OSL" in html
    assert "1 kap. 2 a § LOU" not in html


def test_the_access_request_page_cites_the_freedom_of_the_press_act(client, organisation):
    html = text(client.get("/begar-handling/").content.decode())
    assert "2 kap. 1 § TF" in html and "2 kap. 15 § TF" in html


# --- Meddelarfrihet ---------------------------------------------------------------------------


def whistleblowing(contract: Contract) -> None:
    services.requirement_add(
        contract=contract,
        title="Meddelarfrihet",
        text="Utföraren får inte efterforska vem som har lämnat uppgifter till medier.",
        area=Area.LABOUR,
        labour_topic=LabourTopic.WHISTLEBLOWING,
        essential=True,
    )


def basis(client, contract: Contract) -> tuple[str, str]:
    html = client.get(reverse("contracts:detail", args=[contract.pk])).content.decode()
    found = re.findall(r'data-basis="(\w+)"', html)
    assert len(found) == 1
    return found[0], text(html)


def test_meddelarfrihet_cites_the_law_only_where_it_applies(
    client, ulla, ks, tn_unit, company, nonprofit
):
    cleaning = contract("AVT-1", ks, cpv="90911200-8", provider_party=company, title="Städning")
    home_care = contract("AVT-2", ks, cpv="85312000-9", provider_party=company, title="Hemtjänst")
    shelter = contract("AVT-3", ks, cpv="85311000-2", provider_party=nonprofit, title="Boende")
    in_house = contract(
        "AVT-4",
        ks,
        cpv="85312000-9",
        provider_unit=tn_unit,
        kind=Contract.Kind.INTERNAL,
        procedure=Contract.Procedure.INTERNAL,
    )
    for c in (cleaning, home_care, shelter, in_house):
        whistleblowing(c)
    client.force_login(ulla)

    # Cleaning is not school, health care or social services: a contractual condition.
    kind, page = basis(client, cleaning)
    assert kind == "contract" and "2017:151" not in page and "Avtalsvillkor" in page
    # Home care run by a company, and social services by an idéburen organisation: the law.
    for c in (home_care, shelter):
        kind, page = basis(client, c)
        assert kind == "law" and f"Krav enligt lag: {MEDDELARSKYDD}" in page
    # Egen regi: public employees have meddelarfrihet by the constitution; not this law.
    kind, page = basis(client, in_house)
    assert kind == "contract" and "2017:151" not in page


# --- IOP --------------------------------------------------------------------------------------


@pytest.fixture
def register(ks, company, nonprofit):
    return {
        "external": contract("AVT-10", ks, cpv="90911200-8", provider_party=company),
        "iop": contract(
            "AVT-11",
            ks,
            cpv="85311000-2",
            provider_party=nonprofit,
            kind=Contract.Kind.IOP,
            procedure=Contract.Procedure.IOP,
            title="IOP om kvinnojour",
        ),
    }


def test_an_iop_is_its_own_kind_of_agreement_outside_procurement_law(client, ulla, register):
    iop = register["iop"]
    # Public: filterable, and named for what it is, with no procurement procedure.
    html = client.get("/avtal/", {"kind": "iop"}).content.decode()
    rows = re.findall(r'href="/avtal/(\d+)/"', html)
    assert rows == [str(iop.pk)]
    assert "IOP, utanför upphandlingslagstiftningen" in text(html)
    page = text(client.get(f"/avtal/{iop.pk}/").content.decode())
    assert "Avtalsform" in page and "utanför upphandlingslagstiftningen" in page
    assert "Det är inte en upphandling" in page and "Förfarande" not in page
    other = text(client.get(f"/avtal/{register['external'].pk}/").content.decode())
    assert "Förfarande" in other
    assert client.get("/avtal/", {"kind": "procured"}).status_code == 422

    # Staff: the same filter and wording.
    client.force_login(ulla)
    html = client.get(reverse("contracts:list"), {"kind": "iop"}).content.decode()
    assert re.findall(r'data-contract="(\d+)"', html) == [str(iop.pk)]
    page = text(client.get(reverse("contracts:detail", args=[iop.pk])).content.decode())
    assert "Avtalsform" in page and "Det är inte en upphandling" in page


def test_an_iop_is_never_a_procurement_and_only_with_an_ideburen_organisation(
    ks, company, nonprofit
):
    from django.core.exceptions import ValidationError

    iop = {"kind": Contract.Kind.IOP, "provider_party": nonprofit}
    with pytest.raises(ValidationError) as error:
        contract("AVT-20", ks, cpv="85311000-2", procedure=Contract.Procedure.RESERVED, **iop)
    assert "procedure" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        contract("AVT-21", ks, cpv="85311000-2", procedure=Contract.Procedure.IOP)
    assert "kind" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        contract(
            "AVT-22",
            ks,
            cpv="85311000-2",
            procedure=Contract.Procedure.IOP,
            kind=Contract.Kind.IOP,
            provider_party=company,
        )
    assert "provider" in error.value.message_dict
    assert not Contract.objects.exists()
