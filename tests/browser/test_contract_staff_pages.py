"""The contract register's staff pages in a real browser, checked with axe-core: the list,
a contract page with all its forms open, the expiry watch, and the create form with
errors."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest

from tests.browser.test_public_pages import assert_no_axe_violations

pytestmark = pytest.mark.browser


def _log_in(page, demo: str, path: str, username: str) -> None:
    from insyn.demo import DEMO_PASSWORD

    page.goto(f"{demo}{path}")
    assert "/logga-in/" in page.url
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(re.escape(path) + "$"))


def _a_contract():
    """A contract of the demo, or one made here if the demo has none yet."""
    from insyn.contracts import services
    from insyn.contracts.models import Contract
    from insyn.core.models import Board, Party

    contract = Contract.objects.filter(boards__isnull=False).order_by("pk").first()
    if contract is not None:
        return contract
    party = Party.objects.filter(kind=Party.Kind.COMPANY).first() or Party.objects.create(
        kind=Party.Kind.COMPANY, name="Städbolaget AB"
    )
    return services.contract_create(
        data=services.ContractData(
            number="AVT-BROWSER-1",
            title="Lokalvård",
            procedure="open",
            start_date=datetime.date(2026, 1, 1),
            provider_party=party,
            shares=[services.Share(Board.objects.order_by("pk").first(), Decimal("100"))],
        ),
        user=None,
    )


def test_the_procurement_officers_pages_have_no_axe_violations(demo, page):
    _a_contract()
    _log_in(page, demo, "/avtalsregister/", "upphandlare")
    assert page.locator("table.contract-list tbody tr").count() >= 1
    assert_no_axe_violations(page)

    page.goto(f"{demo}/avtalsregister/bevakning/?months=36")
    assert_no_axe_violations(page)

    page.goto(f"{demo}/avtalsregister/nytt/")
    assert_no_axe_violations(page)
    # Shares that do not add up: the service's error above the formset.
    page.fill("#id_title", "Snöröjning")
    page.select_option("#id_provider_party", index=1)
    page.fill("#id_start_date", "2026-01-01")
    page.select_option("#id_shares-0-board", index=1)
    page.fill("#id_shares-0-share", "60")
    page.locator("main form.contract-form button[type=submit]").click()
    assert page.locator("#shares.group--error").count() == 1
    assert page.locator("#id_title").input_value() == "Snöröjning"
    assert_no_axe_violations(page)
    # A field left empty: the form's own errors.
    page.fill("#id_title", "")
    page.locator("main form.contract-form button[type=submit]").click()
    assert page.locator(".error-summary").count() == 1
    assert page.locator(".field--error #id_title").count() == 1
    assert_no_axe_violations(page)


def test_a_contract_page_with_its_forms_has_no_axe_violations(demo, page):
    contract = _a_contract()
    path = f"/avtalsregister/{contract.pk}/"
    _log_in(page, demo, path, "admin")
    for summary in page.locator("details.action > summary").all():
        summary.click()  # the closed forms are checked too
    assert page.locator("form[action$='/klassificering/']").count() == 1
    assert_no_axe_violations(page)
    # A form sent with errors comes back open, on the same page.
    page.locator("form[action$='/krav/'] button[type=submit]").click()
    assert page.locator("form[action$='/krav/'] .error-summary").count() == 1
    assert_no_axe_violations(page)

    page.goto(f"{demo}/avtalsregister/{contract.pk}/andra/")
    assert_no_axe_violations(page)
