"""The public contract register and provider pages in a real browser: axe-core (WCAG 2.1
A and AA) on the list, a contract, the providers and two provider pages; the search
form by keyboard only; the list on a phone. Run with:
INSYN_TESTING=1 pytest tests/browser/test_contract_public_pages.py
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.test_public_pages import assert_no_axe_violations, tab_to

pytestmark = pytest.mark.browser

ROWS = "table.public-contracts tbody tr"


def _secret_contract_path() -> str:
    from insyn.contracts.models import Contract

    return f"/avtal/{Contract.objects.filter(values_secret=True).order_by('pk').first().pk}/"


def _strategic_contract_path() -> str:
    """A contract with essential requirements and more than one board."""
    from insyn.contracts.models import Contract

    contract = Contract.objects.get(title="IT-drift och serverhallstjänster")
    return f"/avtal/{contract.pk}/"


def _in_house_provider_path() -> str:
    from insyn.core.models import Unit

    return f"/utforare/u{Unit.objects.get(name='Gata och park').pk}/"


def _company_provider_path() -> str:
    from insyn.core.models import Party

    return f"/utforare/p{Party.objects.get(name='Sjöviks Snöröjning & Entreprenad AB').pk}/"


def _list(page, base):
    page.goto(base + "/avtal/")
    assert page.locator(ROWS).count() == 100


def _list_filtered(page, base):
    page.goto(base + "/avtal/?provider=in_house&status=running&order=number")
    assert page.locator(ROWS).count() > 0


def _list_error(page, base):
    response = page.goto(base + "/avtal/?board=XX")
    assert response.status == 422
    assert page.locator("#error-summary").is_visible()


def _contract(page, base):
    page.goto(base + _strategic_contract_path())
    assert page.locator("h3").count() > 0  # essential requirements by area


def _secret_contract(page, base):
    page.goto(base + _secret_contract_path())
    assert page.locator(".secret").count() == 2


def _providers(page, base):
    page.goto(base + "/utforare/")
    assert page.locator("table.provider-statistics tbody tr").count() >= 4


def _in_house_provider(page, base):
    page.goto(base + _in_house_provider_path())
    assert page.locator(".pill--in-house").count() > 0
    assert page.locator(".information").count() > 0


def _company_provider(page, base):
    page.goto(base + _company_provider_path())
    assert page.locator(".information").count() > 0


AXE_PAGES: dict[str, Callable] = {
    "list": _list,
    "list-filtered": _list_filtered,
    "list-error": _list_error,
    "contract": _contract,
    "secret-contract": _secret_contract,
    "providers": _providers,
    "in-house-provider": _in_house_provider,
    "company-provider": _company_provider,
}


@pytest.mark.parametrize("name", list(AXE_PAGES))
def test_no_axe_violations(page, demo, name):
    AXE_PAGES[name](page, demo)
    assert_no_axe_violations(page)


def test_search_and_filter_the_contracts_with_the_keyboard(page, demo):
    # From the main menu to the register, by keyboard.
    page.goto(demo + "/")
    tab_to(page, "nav a[href='/avtal/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path == "/avtal/"

    # The search field, then Enter.
    tab_to(page, "input[name=q]")
    page.keyboard.type("snöröjning")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert parse_qs(urlsplit(page.url).query).get("q") == ["snöröjning"]
    titles = page.locator(f"{ROWS} td:nth-child(2)").all_inner_texts()
    assert titles and all("snöröjning" in t.lower() for t in titles), titles

    # A filter chosen with the arrow keys, the checkbox with Space, and the button.
    tab_to(page, "select[name=provider]")
    # The kinds in alphabetical order: all -> other public bodies -> egen regi.
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.locator("select[name=provider]").input_value() == "in_house"
    tab_to(page, "input[name=reserved]")
    tab_to(page, "#apply-filter")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    query = parse_qs(urlsplit(page.url).query)
    assert query.get("provider") == ["in_house"] and query.get("q") == ["snöröjning"]
    rows = page.locator(ROWS)
    assert rows.count() > 0
    for text in rows.all_inner_texts():
        assert "snöröjning" in text.lower()

    # From a row to its provider's page.
    link = page.locator(f"{ROWS} td:nth-child(3) a").first
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path.startswith("/utforare/u")


def test_the_register_fits_a_phone(phone_page, demo):
    for path in ("/avtal/", "/utforare/", _company_provider_path()):
        phone_page.goto(demo + path)
        sizes = phone_page.evaluate(
            """() => ({scroll: document.documentElement.scrollWidth,
                       inner: window.innerWidth})"""
        )
        assert sizes["scroll"] <= 375 and sizes["inner"] <= 375, (path, sizes)
    assert_no_axe_violations(phone_page)


def test_no_private_person_and_no_secret_value_in_the_browser(page, demo):
    from insyn.contracts.models import Contract
    from insyn.demo import PRIVATE_PERSONS

    texts = []
    for path in ("/avtal/", "/avtal/?sida=2", "/utforare/", _secret_contract_path()):
        page.goto(demo + path)
        texts.append(page.locator("main").inner_text())
    # Amounts are written with spaces between the thousands: read them as digits.
    everything = re.sub(r"(?<=\d)[ \u00a0\u202f](?=\d{3})", "", "\n".join(texts))
    for person in PRIVATE_PERSONS:
        assert person not in everything, person
    for contract in Contract.objects.filter(values_secret=True):
        for value in (contract.yearly_value, contract.total_value):
            whole = int(value)
            assert str(whole) not in everything, (contract.number, whole)
