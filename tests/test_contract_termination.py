"""Ending a contract early, and who marked it strategic, through HTTP, with named users per
role:

- anna: contract manager, manager of the contract
- bengt: contract manager of another contract
- petra: procurement officer for Tekniska nämnden (TN) only; the contract is KS's
- sam: board secretary of KS (marks the KS contracts strategic)
- frida: head of the KS administration
- nora: signed in, no role (tests/conftest.py)

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
from django.urls import reverse
from django.utils import timezone

from insyn.contracts import services
from insyn.contracts.models import Contract, ContractBoard
from insyn.core.models import Party, Role
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAYS = datetime.timedelta


def _person(username, role, **scope):
    user = factories.UserFactory(username=username, first_name=username.title(), last_name="T")
    return factories.assign(user, role, **scope)


@pytest.fixture
def anna(organisation):
    return _person("anna", Role.CONTRACT_MANAGER)


@pytest.fixture
def bengt(organisation):
    return _person("bengt", Role.CONTRACT_MANAGER)


@pytest.fixture
def petra(tn):
    return _person("petra", Role.PROCUREMENT_OFFICER, board=tn)


@pytest.fixture
def sam(ks):
    return _person("sam", Role.BOARD_SECRETARY, board=ks)


@pytest.fixture
def frida(ks):
    return _person("frida", Role.ADMINISTRATION_HEAD, board=ks)


def _contract(number, board, *, manager=None, start, end) -> Contract:
    contract = services.contract_create(
        data=services.ContractData(
            number=number,
            title=f"Avtal {number}",
            procedure=Contract.Procedure.OPEN,
            provider_party=Party.objects.create(
                kind=Party.Kind.COMPANY, name=f"Utförare {number} AB"
            ),
            start_date=start,
            end_date=end,
            shares=[services.Share(board, Decimal("100"))],
        ),
        user=None,
    )
    if manager is not None:
        Contract.objects.filter(pk=contract.pk).update(contract_manager=manager)
        contract.refresh_from_db()
    return contract


@pytest.fixture
def cleaning(ks, anna):
    """Running since last year; it ends in two months, so the expiry watch lists it."""
    return _contract("AVT-1", ks, manager=anna, start=TODAY - DAYS(400), end=TODAY + DAYS(60))


def _levels(response) -> list[int]:
    return [m.level for m in get_messages(response.wsgi_request)]


def _terminate(contract) -> str:
    return reverse("contracts:terminate", args=[contract.pk])


def _public_status(client, contract) -> str:
    """The text of the public page's status: the fourth fact (number, kind, provider,
    status), compared between contracts rather than read, as it is translated."""
    response = client.get(f"/avtal/{contract.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    facts = re.search(r'<dl class="facts">(.*?)</dl>', html, re.S)
    assert facts is not None
    return re.findall(r"<dd>(.*?)</dd>", facts.group(1), re.S)[3].strip()


def test_the_manager_ends_her_contract_early_and_it_shows_as_ended(client, ks, anna, cleaning):
    ended = _contract("AVT-0", ks, start=TODAY - DAYS(800), end=TODAY - DAYS(30))
    assert _public_status(client, cleaning) != _public_status(client, ended)
    client.force_login(anna)
    watch = client.get(reverse("contracts:expiring")).content.decode()
    assert f'data-contract="{cleaning.pk}"' in watch
    page = client.get(reverse("contracts:detail", args=[cleaning.pk])).content.decode()
    assert _terminate(cleaning) in page

    last_day = TODAY - DAYS(1)
    response = client.post(
        _terminate(cleaning),
        {"terminated_on": last_day.isoformat(), "reason": "Utföraren har sagt upp avtalet"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == reverse("contracts:detail", args=[cleaning.pk]) + "#terminate"
    assert messages.ERROR not in _levels(response)
    cleaning.refresh_from_db()
    assert cleaning.terminated_on == last_day
    assert cleaning.end_date == TODAY + DAYS(60)  # the agreed end is kept
    record = cleaning.history.order_by("-history_date", "-history_id").first()
    assert record.history_change_reason == "Utföraren har sagt upp avtalet"
    assert record.history_user == anna
    page = client.get(reverse("contracts:detail", args=[cleaning.pk])).content.decode()
    assert "Utföraren har sagt upp avtalet" in page  # in the history
    assert last_day.isoformat() in page

    # The public register shows it as ended, with the day it ended.
    assert _public_status(client, cleaning) == _public_status(client, ended)
    assert last_day.isoformat() in client.get(f"/avtal/{cleaning.pk}/").content.decode()
    listed = client.get("/avtal/", {"status": "ended"}).content.decode()
    assert f"/avtal/{cleaning.pk}/" in listed
    assert (
        f"/avtal/{cleaning.pk}/"
        not in client.get("/avtal/", {"status": "running"}).content.decode()
    )

    # And it has left the expiry watch.
    watch = client.get(reverse("contracts:expiring")).content.decode()
    assert f'data-contract="{cleaning.pk}"' not in watch


def test_an_early_end_outside_the_contract_is_refused_and_nothing_saved(client, anna, cleaning):
    client.force_login(anna)
    history = cleaning.history.count()
    for data, field in (
        ({"terminated_on": (cleaning.start_date - DAYS(1)).isoformat(), "reason": "Fel"},
         "terminated_on"),
        ({"terminated_on": (cleaning.end_date + DAYS(1)).isoformat(), "reason": "Fel"},
         "terminated_on"),
        ({"terminated_on": TODAY.isoformat(), "reason": "  "}, "reason"),
        ({"terminated_on": "31/31", "reason": "Fel"}, "terminated_on"),
        ({"terminated_on": TODAY.isoformat(), "reason": "x" * 101}, "reason"),
    ):  # fmt: skip
        response = client.post(_terminate(cleaning), data)
        assert response.status_code == 422, data
        html = response.content.decode()
        assert f'id="terminate-{field}-error"' in html, data
        assert '<details class="action" id="terminate" open>' in html
    cleaning.refresh_from_db()
    assert cleaning.terminated_on is None
    assert cleaning.history.count() == history


def test_only_those_who_edit_the_contract_may_end_it(client, anna, bengt, petra, nora, cleaning):
    data = {"terminated_on": TODAY.isoformat(), "reason": "Uppsagt"}
    for user in (bengt, petra):
        client.force_login(user)
        page = client.get(reverse("contracts:detail", args=[cleaning.pk])).content.decode()
        assert _terminate(cleaning) not in page
        response = client.post(_terminate(cleaning), data)
        assert response.status_code == 403
        detail = reverse("contracts:detail", args=[cleaning.pk])
        assert f'href="{detail}"' in response.content.decode()
    client.force_login(nora)
    assert client.post(_terminate(cleaning), data).status_code == 403
    client.force_login(anna)
    assert client.get(_terminate(cleaning)).status_code == 405
    assert client.post(reverse("contracts:terminate", args=[99999]), data).status_code == 404
    cleaning.refresh_from_db()
    assert cleaning.terminated_on is None


# --- Who marked it strategic ----------------------------------------------------------


def _marking(client, contract) -> str:
    html = client.get(reverse("contracts:detail", args=[contract.pk])).content.decode()
    found = re.search(r'<span class="muted strategic-marking">(.*?)</span>', html, re.S)
    assert found is not None
    return " ".join(found.group(1).split())


def test_the_page_shows_who_marked_the_contract_strategic_and_when(
    client, ks, anna, sam, frida, cleaning
):
    client.force_login(anna)
    page = client.get(reverse("contracts:detail", args=[cleaning.pk])).content.decode()
    assert "strategic-marking" not in page  # never marked

    client.force_login(sam)
    strategic = reverse("contracts:strategic", args=[cleaning.pk, ks.pk])
    assert client.post(strategic, {"strategic": "1"}).status_code == 302
    share = ContractBoard.objects.get(contract=cleaning)
    assert share.strategic and share.strategic_by == sam and share.strategic_on == TODAY
    marking = _marking(client, cleaning)
    assert "Sam T" in marking and TODAY.isoformat() in marking

    # Sending the same choice again keeps who made it.
    client.force_login(frida)
    assert client.post(strategic, {"strategic": "1"}).status_code == 302
    assert "Sam T" in _marking(client, cleaning)

    # Changing the contract keeps the board's mark and who made it.
    services.contract_update(
        contract=cleaning,
        data=services.ContractData(
            number=cleaning.number,
            title="Lokalvård, nytt namn",
            procedure=cleaning.procedure,
            provider_party=cleaning.provider_party,
            start_date=cleaning.start_date,
            end_date=cleaning.end_date,
            shares=[services.Share(ks, Decimal("100"))],
        ),
        user=anna,
    )
    share = ContractBoard.objects.get(contract=cleaning)
    assert share.strategic and share.strategic_by == sam

    # Unmarking is recorded too, with who did it.
    assert client.post(strategic, {"strategic": "0"}).status_code == 302
    share.refresh_from_db()
    assert not share.strategic and share.strategic_by == frida
    marking = _marking(client, cleaning)
    assert "Frida T" in marking and "Sam T" not in marking
