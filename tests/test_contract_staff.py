"""The contract register's staff pages, through HTTP, with named users per role:

- ulla: procurement officer for the whole organisation
- petra: procurement officer for Tekniska nämnden (TN) only
- anna: contract manager, manager of contract A (a KS contract)
- bengt: contract manager of nothing here
- frida: head of administration for KS
- sam: board secretary of KS
- nora: no role (tests/conftest.py)

Assertions are on status, data and page structure, never on message text (the Swedish
catalogue is written later).
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from insyn.contracts import services
from insyn.contracts.models import Contract, ContractBoard, Requirement, RequirementTemplate
from insyn.core.models import Party, Role
from insyn.notifications.models import OutgoingEmail
from tests import factories

pytestmark = pytest.mark.django_db

D = datetime.date


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
def anna(organisation):
    return _person("anna", Role.CONTRACT_MANAGER)


@pytest.fixture
def bengt(organisation):
    return _person("bengt", Role.CONTRACT_MANAGER)


@pytest.fixture
def frida(ks):
    return _person("frida", Role.ADMINISTRATION_HEAD, board=ks)


@pytest.fixture
def sam(ks):
    return _person("sam", Role.BOARD_SECRETARY, board=ks)


@pytest.fixture
def supplier(db):
    return Party.objects.create(
        kind=Party.Kind.COMPANY, name="Städbolaget AB", org_number="556712-3450"
    )


def make_contract(number, boards, provider, *, manager=None, title="", **fields) -> Contract:
    values = {"start_date": D(2026, 1, 1), "end_date": D(2027, 12, 31), **fields}
    contract = services.contract_create(
        data=services.ContractData(
            number=number,
            title=title or f"Avtal {number}",
            procedure=Contract.Procedure.OPEN,
            provider_party=provider,
            shares=[services.Share(board, Decimal(share)) for board, share in boards],
            **values,
        ),
        user=None,
    )
    if manager is not None:
        Contract.objects.filter(pk=contract.pk).update(contract_manager=manager)
        contract.refresh_from_db()
    return contract


@pytest.fixture
def contract_a(ks, supplier, anna):
    return make_contract("AVT-A", [(ks, "100")], supplier, manager=anna, yearly_value=100000)


def levels(response) -> list[int]:
    """The levels of the messages this request added."""
    return [m.level for m in get_messages(response.wsgi_request)._queued_messages]


def assert_done(response, contract: Contract):
    assert response.status_code == 302, (response.status_code, response.content[:3000])
    assert response["Location"].startswith(reverse("contracts:detail", args=[contract.pk]))
    assert messages.ERROR not in levels(response)


def assert_refused(response, contract: Contract):
    """Refused for lack of rights: 403, with the reason and a way back to the contract."""
    assert response.status_code == 403
    assert f'href="{reverse("contracts:detail", args=[contract.pk])}"' in (
        response.content.decode()
    )


def form_data(ks, tn, supplier, **overrides) -> dict[str, str]:
    data = {
        "number": "AVT-2026-0100",
        "title": "Snöröjning",
        "description": "Snöröjning av gator och gång- och cykelvägar",
        "kind": "external",
        "provider_party": str(supplier.pk),
        "new_party_kind": "company",
        "new_party_name": "",
        "new_party_org_number": "",
        "provider_unit": "",
        "start_date": "2026-01-01",
        "end_date": "2027-12-31",
        "extension_terms": "1 + 1 år",
        "latest_end_date": "2029-12-31",
        "notice_date": "2027-06-30",
        "yearly_value": "1 200 000",
        "total_value": "2 400 000",
        "values_secrecy_ground": "",
        "cpv_code": "90620000-9",
        "procedure": "open",
        "value_level": "",
        "impact_level": "",
        "shares-TOTAL_FORMS": "3",
        "shares-INITIAL_FORMS": "0",
        "shares-MIN_NUM_FORMS": "0",
        "shares-MAX_NUM_FORMS": "20",
        "shares-0-board": str(ks.pk),
        "shares-0-share": "60",
        "shares-1-board": str(tn.pk),
        "shares-1-share": "40",
        "shares-2-board": "",
        "shares-2-share": "",
    }
    data.update(overrides)
    return data


def create(client, user, data):
    client.force_login(user)
    return client.post(reverse("contracts:create"), data)


# --- Registering --------------------------------------------------------------------------


def test_the_create_form_is_prefilled_with_the_next_number(client, ulla, ks):
    client.force_login(ulla)
    response = client.get(reverse("contracts:create"))
    assert response.status_code == 200
    year = timezone.localdate().year
    assert f'value="AVT-{year}-0001"' in response.content.decode()


def test_a_procurement_officer_registers_a_contract_across_two_boards(
    client, ulla, ks, tn, supplier
):
    response = create(client, ulla, form_data(ks, tn, supplier))
    contract = Contract.objects.get(number="AVT-2026-0100")
    assert_done(response, contract)
    shares = {s.board.code: s.share for s in contract.boards.select_related("board")}
    assert shares == {"KS": Decimal("60"), "TN": Decimal("40")}
    assert contract.yearly_value == Decimal("1200000")
    assert contract.provider_party == supplier
    assert contract.history.get().history_user == ulla

    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-board="KS"' in html and 'data-board="TN"' in html


def test_shares_that_do_not_add_up_are_refused_and_nothing_is_saved(client, ulla, ks, tn, supplier):
    response = create(client, ulla, form_data(ks, tn, supplier, **{"shares-1-share": "30"}))
    assert response.status_code == 422
    assert not Contract.objects.exists()
    html = response.content.decode()
    # The error sits above the formset, and what was typed is kept.
    assert re.search(r'<fieldset id="shares" class="group--error">\s*<legend>', html)
    assert 'value="30"' in html and 'value="Snöröjning"' in html


def test_an_end_before_the_start_is_refused(client, ulla, ks, tn, supplier):
    response = create(client, ulla, form_data(ks, tn, supplier, end_date="2025-12-31"))
    assert response.status_code == 422
    assert 'id="id_end_date-error"' in response.content.decode()
    assert not Contract.objects.exists()


def test_a_new_provider_is_given_by_name_and_organisation_number(client, ulla, ks, tn, supplier):
    data = form_data(
        ks,
        tn,
        supplier,
        provider_party="",
        new_party_kind="nonprofit",
        new_party_name="Föreningen Snöfri",
        new_party_org_number="802002-4280",
    )
    response = create(client, ulla, data)
    contract = Contract.objects.get()
    assert_done(response, contract)
    party = contract.provider_party
    assert (party.name, party.kind, party.org_number) == (
        "Föreningen Snöfri",
        "nonprofit",
        "802002-4280",
    )


def test_a_malformed_organisation_number_is_refused_and_no_party_is_made(
    client, ulla, ks, tn, supplier
):
    data = form_data(
        ks,
        tn,
        supplier,
        provider_party="",
        new_party_name="Föreningen Snöfri",
        new_party_org_number="802002-4281",
    )
    response = create(client, ulla, data)
    assert response.status_code == 422
    assert 'id="id_new_party_org_number-error"' in response.content.decode()
    assert not Contract.objects.exists()
    assert not Party.objects.filter(name="Föreningen Snöfri").exists()


def test_a_refused_contract_leaves_no_new_party_behind(client, ulla, ks, tn, supplier):
    data = form_data(
        ks,
        tn,
        supplier,
        provider_party="",
        new_party_name="Föreningen Snöfri",
        new_party_org_number="802002-4280",
        **{"shares-1-share": "30"},
    )
    assert create(client, ulla, data).status_code == 422
    assert not Party.objects.filter(org_number="802002-4280").exists()


@pytest.mark.parametrize(
    "forged",
    [
        {"shares-0-board": "999999"},
        {"shares-0-board": "KS"},
        {"provider_party": "999999"},
        {"provider_party": "", "provider_unit": "999999"},
        {"values_secrecy_ground": "999999"},
        {"kind": "pirate"},
        {"shares-TOTAL_FORMS": "100000"},
        {"shares-TOTAL_FORMS": "x"},
    ],
)
def test_forged_values_are_refused_with_422_not_500(client, ulla, ks, tn, supplier, forged):
    response = create(client, ulla, form_data(ks, tn, supplier, **forged))
    assert response.status_code == 422
    assert not Contract.objects.exists()


def test_a_unit_that_does_not_deliver_in_house_cannot_be_chosen(client, ulla, ks, ks_unit, tn):
    data = form_data(
        ks,
        tn,
        Party(pk=0),
        kind="internal",
        procedure="internal",
        provider_party="",
        provider_unit=str(ks_unit.pk),
    )
    assert create(client, ulla, data).status_code == 422


def test_an_internal_agreement_with_an_in_house_unit(client, ulla, ks, tn, tn_unit):
    data = form_data(
        ks,
        tn,
        Party(pk=0),
        kind="internal",
        procedure="internal",
        provider_party="",
        provider_unit=str(tn_unit.pk),
    )
    response = create(client, ulla, data)
    contract = Contract.objects.get()
    assert_done(response, contract)
    assert contract.provider_unit == tn_unit
    page = client.get(reverse("contracts:list"))
    assert "tag--in-house" in page.content.decode()


def test_a_contract_manager_cannot_register(client, anna, ks, tn, supplier):
    assert create(client, anna, form_data(ks, tn, supplier)).status_code == 403
    assert not Contract.objects.exists()


# --- Changing -----------------------------------------------------------------------------


def edit_data(contract: Contract, **overrides) -> dict[str, str]:
    data = {
        "number": contract.number,
        "title": contract.title,
        "description": contract.description,
        "kind": contract.kind,
        "provider_party": str(contract.provider_party_id or ""),
        "provider_unit": str(contract.provider_unit_id or ""),
        "new_party_kind": "company",
        "start_date": contract.start_date.isoformat(),
        "end_date": contract.end_date.isoformat() if contract.end_date else "",
        "yearly_value": str(contract.yearly_value or ""),
        "procedure": contract.procedure,
        "reason": "Förlängt ett år",
        "shares-INITIAL_FORMS": "0",
        "shares-MIN_NUM_FORMS": "0",
        "shares-MAX_NUM_FORMS": "20",
    }
    shares = list(contract.boards.all())
    data["shares-TOTAL_FORMS"] = str(len(shares) + 1)
    for i, share in enumerate(shares):
        data[f"shares-{i}-board"] = str(share.board_id)
        data[f"shares-{i}-share"] = str(share.share)
    data.update(overrides)
    return data


def edit(client, user, contract, **overrides):
    client.force_login(user)
    return client.post(
        reverse("contracts:edit", args=[contract.pk]), edit_data(contract, **overrides)
    )


def test_a_contract_manager_edits_their_own_contract_with_a_reason(client, anna, contract_a):
    client.force_login(anna)
    assert client.get(reverse("contracts:edit", args=[contract_a.pk])).status_code == 200
    response = edit(client, anna, contract_a, end_date="2028-12-31")
    assert_done(response, contract_a)
    contract_a.refresh_from_db()
    assert contract_a.end_date == D(2028, 12, 31)
    latest = contract_a.history.latest()
    assert latest.history_user == anna
    assert latest.history_change_reason == "Förlängt ett år"
    page = client.get(reverse("contracts:detail", args=[contract_a.pk]))
    assert "Förlängt ett år" in page.content.decode()


def test_an_edit_needs_a_reason(client, anna, contract_a):
    response = edit(client, anna, contract_a, end_date="2028-12-31", reason="")
    assert response.status_code == 422
    contract_a.refresh_from_db()
    assert contract_a.end_date == D(2027, 12, 31)


def test_another_contract_manager_is_refused_and_nothing_changes(client, bengt, contract_a):
    client.force_login(bengt)
    assert_refused(client.get(reverse("contracts:edit", args=[contract_a.pk])), contract_a)
    assert_refused(edit(client, bengt, contract_a, title="Kapad"), contract_a)
    contract_a.refresh_from_db()
    assert contract_a.title == "Avtal AVT-A"
    assert contract_a.history.count() == 1


def test_a_procurement_officer_of_another_board_cannot_edit(client, petra, contract_a, ulla):
    assert_refused(edit(client, petra, contract_a, title="Kapad"), contract_a)
    contract_a.refresh_from_db()
    assert contract_a.title == "Avtal AVT-A"
    # The organisation's procurement officer may.
    assert_done(edit(client, ulla, contract_a, title="Lokalvård"), contract_a)
    contract_a.refresh_from_db()
    assert contract_a.title == "Lokalvård"


def test_an_emptied_share_row_removes_the_board(client, ulla, ks, tn, supplier):
    contract = make_contract("AVT-B", [(ks, "50"), (tn, "50")], supplier)
    ContractBoard.objects.filter(contract=contract, board=ks).update(strategic=True)
    tn_row = next(i for i, s in enumerate(contract.boards.all()) if s.board_id == tn.pk)
    ks_row = 1 - tn_row
    response = edit(
        client,
        ulla,
        contract,
        **{
            f"shares-{tn_row}-board": "",
            f"shares-{tn_row}-share": "",
            f"shares-{ks_row}-share": "100",
        },
    )
    assert_done(response, contract)
    assert list(contract.boards.values_list("board__code", "share", "strategic")) == [
        ("KS", Decimal("100"), True)
    ]


# --- The contract page --------------------------------------------------------------------


def test_the_contract_page_shows_secret_values_to_staff_marked_secret(
    client, bengt, ks, supplier, ground_social
):
    contract = make_contract(
        "AVT-S",
        [(ks, "100")],
        supplier,
        yearly_value=Decimal("250000"),
        values_secret=True,
        values_secrecy_ground=ground_social,
    )
    client.force_login(bengt)
    html = client.get(reverse("contracts:detail", args=[contract.pk])).content.decode()
    assert "250 000 kr" in html
    assert "tag--secret" in html and ground_social.reference in html
    # bengt may look but not edit: no edit button, no forms.
    assert reverse("contracts:edit", args=[contract.pk]) not in html
    assert reverse("contracts:classify", args=[contract.pk]) not in html


def test_the_administration_head_appoints_the_contract_manager(
    client, frida, bengt, anna, contract_a
):
    client.force_login(frida)
    html = client.get(reverse("contracts:detail", args=[contract_a.pk])).content.decode()
    assert reverse("contracts:appoint", args=[contract_a.pk]) in html
    response = client.post(
        reverse("contracts:appoint", args=[contract_a.pk]), {"manager": bengt.pk}
    )
    assert_done(response, contract_a)
    contract_a.refresh_from_db()
    assert contract_a.contract_manager == bengt
    assert contract_a.manager_appointed_by == frida
    assert contract_a.manager_appointed_on == timezone.localdate()
    assert contract_a.history.latest().history_user == frida
    # Now bengt edits it, and anna no longer does.
    assert_done(edit(client, bengt, contract_a, title="Ny titel"), contract_a)
    assert_refused(edit(client, anna, contract_a, title="Anna"), contract_a)


def test_appointing_someone_who_is_not_a_contract_manager_is_refused(
    client, frida, nora, contract_a
):
    client.force_login(frida)
    response = client.post(reverse("contracts:appoint", args=[contract_a.pk]), {"manager": nora.pk})
    assert response.status_code == 422
    contract_a.refresh_from_db()
    assert contract_a.contract_manager.username == "anna"


def test_an_administration_head_of_another_board_cannot_appoint(client, tn, bengt, contract_a):
    other = _person("tor", Role.ADMINISTRATION_HEAD, board=tn)
    client.force_login(other)
    response = client.post(
        reverse("contracts:appoint", args=[contract_a.pk]), {"manager": bengt.pk}
    )
    assert_refused(response, contract_a)
    contract_a.refresh_from_db()
    assert contract_a.contract_manager.username == "anna"


def test_the_contract_manager_classifies_the_contract(client, anna, contract_a):
    client.force_login(anna)
    url = reverse("contracts:classify", args=[contract_a.pk])
    assert client.post(url, {"value_level": "high"}).status_code == 422
    response = client.post(url, {"value_level": "high", "impact_level": "high"})
    assert_done(response, contract_a)
    contract_a.refresh_from_db()
    assert contract_a.classification == "high_high"
    page = client.get(reverse("contracts:list"))
    assert page.status_code == 200


def test_the_board_secretary_marks_strategic_and_is_warned_above_ten(client, sam, ks, tn, supplier):
    contracts = [make_contract(f"AVT-{n:02d}", [(ks, "100")], supplier) for n in range(11)]
    client.force_login(sam)
    for contract in contracts[:10]:
        response = client.post(
            reverse("contracts:strategic", args=[contract.pk, ks.pk]), {"strategic": "1"}
        )
        assert_done(response, contract)
        assert messages.WARNING not in levels(response)
    response = client.post(
        reverse("contracts:strategic", args=[contracts[10].pk, ks.pk]), {"strategic": "1"}
    )
    assert_done(response, contracts[10])
    assert messages.WARNING in levels(response)
    assert ContractBoard.objects.filter(board=ks, strategic=True).count() == 11
    # Unmarking needs no warning.
    response = client.post(
        reverse("contracts:strategic", args=[contracts[10].pk, ks.pk]), {"strategic": "0"}
    )
    assert messages.WARNING not in levels(response)
    assert ContractBoard.objects.filter(board=ks, strategic=True).count() == 10
    # The list's filter finds them.
    html = client.get(reverse("contracts:list"), {"strategic": "on"}).content.decode()
    assert html.count('data-contract="') == 10


def test_a_board_secretary_marks_only_for_their_own_board(client, sam, ks, tn, supplier):
    contract = make_contract("AVT-KT", [(ks, "50"), (tn, "50")], supplier)
    client.force_login(sam)
    response = client.post(
        reverse("contracts:strategic", args=[contract.pk, tn.pk]), {"strategic": "1"}
    )
    assert_refused(response, contract)
    assert not ContractBoard.objects.filter(strategic=True).exists()
    # A board that has no share of the contract: not found.
    other = factories.BoardFactory(organisation=ks.organisation, code="BUN", name="Barn")
    response = client.post(
        reverse("contracts:strategic", args=[contract.pk, other.pk]), {"strategic": "1"}
    )
    assert response.status_code == 404
    # The toggle is offered for KS only.
    html = client.get(reverse("contracts:detail", args=[contract.pk])).content.decode()
    assert reverse("contracts:strategic", args=[contract.pk, ks.pk]) in html
    assert reverse("contracts:strategic", args=[contract.pk, tn.pk]) not in html


def test_requirements_are_added_and_templates_applied_once(client, anna, contract_a):
    home_care = [
        RequirementTemplate.objects.create(
            group="Hemtjänst", title=title, text="…", area=area, essential=essential
        )
        for title, area, essential in [
            ("Kontinuitet", "quality", True),
            ("Fossilfria transporter", "environment", False),
        ]
    ]
    labour = RequirementTemplate.objects.create(
        group="Arbetsrätt", title="Lön", text="…", area="labour", labour_topic="wages"
    )
    client.force_login(anna)
    url = reverse("contracts:requirement_add", args=[contract_a.pk])
    assert client.post(url, {"title": "", "area": "quality"}).status_code == 422
    response = client.post(
        url, {"title": "Kollektivavtal", "area": "labour", "labour_topic": "wages"}
    )
    assert_done(response, contract_a)
    # A labour topic on another area is the service's error, on the form.
    assert (
        client.post(url, {"title": "Fel", "area": "quality", "labour_topic": "wages"}).status_code
        == 422
    )

    apply_url = reverse("contracts:requirements_apply", args=[contract_a.pk])
    assert client.post(apply_url, {}).status_code == 422
    response = client.post(apply_url, {"groups": ["Hemtjänst"], "templates": [labour.pk]})
    assert_done(response, contract_a)
    response = client.post(apply_url, {"groups": ["Hemtjänst", "Arbetsrätt"]})
    assert_done(response, contract_a)
    applied = Requirement.objects.filter(contract=contract_a)
    assert applied.count() == 4
    assert sorted(applied.exclude(template=None).values_list("template_id", flat=True)) == sorted(
        [t.pk for t in home_care] + [labour.pk]
    )
    html = client.get(reverse("contracts:detail", args=[contract_a.pk])).content.decode()
    assert html.count("tag--essential") == 1
    assert html.count("data-requirement=") == 4


def test_a_contract_manager_cannot_add_requirements_to_another_contract(client, bengt, contract_a):
    client.force_login(bengt)
    response = client.post(
        reverse("contracts:requirement_add", args=[contract_a.pk]),
        {"title": "X", "area": "quality"},
    )
    assert_refused(response, contract_a)
    assert not contract_a.requirements.exists()


def test_an_unknown_contract_is_not_found(client, ulla):
    client.force_login(ulla)
    assert client.get(reverse("contracts:detail", args=[999999])).status_code == 404


# --- The list and the expiry watch --------------------------------------------------------


def test_the_list_searches_and_filters(client, anna, bengt, ks, tn, supplier, contract_a):
    make_contract("AVT-T", [(tn, "100")], supplier, title="Gatubelysning", cpv_code="50232100")
    make_contract(
        "AVT-OLD", [(tn, "100")], supplier, end_date=D(2020, 1, 1), start_date=D(2019, 1, 1)
    )
    client.force_login(bengt)

    def numbers(**params):
        response = client.get(reverse("contracts:list"), params)
        assert response.status_code == 200
        ids = re.findall(r'data-contract="(\d+)"', response.content.decode())
        return sorted(Contract.objects.get(pk=int(i)).number for i in ids)

    assert numbers() == ["AVT-A", "AVT-OLD", "AVT-T"]
    assert numbers(q="gatubel") == ["AVT-T"]
    assert numbers(q="5023") == ["AVT-T"]
    assert numbers(board=tn.pk) == ["AVT-OLD", "AVT-T"]
    assert numbers(provider_kind="in_house") == []
    assert numbers(provider_kind="company") == ["AVT-A", "AVT-OLD", "AVT-T"]
    client.force_login(anna)
    assert numbers(mine="on") == ["AVT-A"]
    # A forged board is a form error, not a 500.
    assert client.get(reverse("contracts:list"), {"board": "999999"}).status_code == 422


def test_running_today(client, bengt, ks, supplier):
    today = timezone.localdate()
    make_contract("NOW", [(ks, "100")], supplier, start_date=today, end_date=today)
    make_contract("PAST", [(ks, "100")], supplier, start_date=D(2000, 1, 1), end_date=D(2001, 1, 1))
    client.force_login(bengt)
    html = client.get(reverse("contracts:list"), {"running": "on"}).content.decode()
    assert html.count('data-contract="') == 1


def test_the_list_page_makes_a_fixed_number_of_queries(
    client, bengt, ks, tn, supplier, django_assert_max_num_queries
):
    for n in range(15):
        make_contract(f"AVT-Q{n:02d}", [(ks, "50"), (tn, "50")], supplier, manager=bengt)
    client.force_login(bengt)
    client.get(reverse("contracts:list"))  # warm the session and caches
    with django_assert_max_num_queries(8):
        response = client.get(reverse("contracts:list"))
    assert response.content.decode().count('data-contract="') == 15


def test_the_expiring_page_lists_the_right_contracts(client, bengt, ks, tn, supplier):
    today = timezone.localdate()
    soon = make_contract(
        "SOON",
        [(ks, "100")],
        supplier,
        start_date=D(2020, 1, 1),
        end_date=today + datetime.timedelta(days=40),
    )
    notice = make_contract(
        "NOTICE",
        [(tn, "100")],
        supplier,
        start_date=D(2020, 1, 1),
        end_date=today + datetime.timedelta(days=900),
        notice_date=today + datetime.timedelta(days=100),
    )
    make_contract(
        "LATER",
        [(ks, "100")],
        supplier,
        start_date=D(2020, 1, 1),
        end_date=today + datetime.timedelta(days=500),
    )
    client.force_login(bengt)

    def rows(**params):
        response = client.get(reverse("contracts:expiring"), params)
        assert response.status_code == 200
        return re.findall(r'data-contract="(\d+)" data-kind="(\w+)"', response.content.decode())

    assert rows() == [(str(soon.pk), "end"), (str(notice.pk), "notice")]
    assert rows(months=2) == [(str(soon.pk), "end")]
    assert rows(months=6, board=tn.pk) == [(str(notice.pk), "notice")]
    assert len(rows(months=36)) == 4  # the notice contract also ends within 36 months
    assert client.get(reverse("contracts:expiring"), {"months": "37"}).status_code == 422
    assert client.get(reverse("contracts:expiring"), {"months": "x"}).status_code == 422


def test_the_expiry_watch_mails_once_per_contract_and_date(
    client, anna, ulla, petra, ks, tn, supplier
):
    today = timezone.localdate()
    ks_contract = make_contract(
        "KS-1",
        [(ks, "100")],
        supplier,
        manager=anna,
        start_date=D(2020, 1, 1),
        end_date=today + datetime.timedelta(days=60),
        notice_date=today + datetime.timedelta(days=10),
    )
    make_contract(
        "TN-1",
        [(tn, "100")],
        supplier,
        start_date=D(2020, 1, 1),
        end_date=today + datetime.timedelta(days=30),
    )
    make_contract(
        "KS-LATER",
        [(ks, "100")],
        supplier,
        start_date=D(2020, 1, 1),
        end_date=today + datetime.timedelta(days=400),
    )
    call_command("contract_expiry_watch", "--months", "6")
    sent = sorted(OutgoingEmail.objects.values_list("event", "recipient"))
    assert sent == sorted(
        [
            (f"contract:{ks_contract.pk}:notice:{ks_contract.notice_date}", anna.email),
            (f"contract:{ks_contract.pk}:notice:{ks_contract.notice_date}", ulla.email),
            (f"contract:{ks_contract.pk}:end:{ks_contract.end_date}", anna.email),
            (f"contract:{ks_contract.pk}:end:{ks_contract.end_date}", ulla.email),
            (
                f"contract:{Contract.objects.get(number='TN-1').pk}:end:{today + datetime.timedelta(days=30)}",
                ulla.email,
            ),
            (
                f"contract:{Contract.objects.get(number='TN-1').pk}:end:{today + datetime.timedelta(days=30)}",
                petra.email,
            ),
        ]
    )
    message = OutgoingEmail.objects.filter(recipient=anna.email).first()
    assert "KS-1" in message.subject
    assert reverse("contracts:detail", args=[ks_contract.pk]) in message.body
    # The next day's run sends nothing new.
    call_command("contract_expiry_watch", "--months", "6")
    assert OutgoingEmail.objects.count() == 6


# --- Who may open the pages ---------------------------------------------------------------


def test_a_user_without_a_role_gets_403(client, nora, contract_a, ks):
    client.force_login(nora)
    for url in [
        reverse("contracts:list"),
        reverse("contracts:expiring"),
        reverse("contracts:create"),
        reverse("contracts:detail", args=[contract_a.pk]),
        reverse("contracts:edit", args=[contract_a.pk]),
    ]:
        assert client.get(url).status_code == 403, url
    for url in [
        reverse("contracts:classify", args=[contract_a.pk]),
        reverse("contracts:strategic", args=[contract_a.pk, ks.pk]),
        reverse("contracts:appoint", args=[contract_a.pk]),
    ]:
        assert client.post(url, {}).status_code == 403, url


def test_the_staff_menu_links_to_the_register(client, bengt):
    client.force_login(bengt)
    html = client.get(reverse("contracts:list")).content.decode()
    assert f'href="{reverse("contracts:list")}"' in html
    # A contract manager may not register: no button to a page that would refuse.
    assert reverse("contracts:create") not in html
