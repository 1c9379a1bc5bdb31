"""The public challenge pages in a real browser: the form filled in by keyboard only, and
axe-core (WCAG 2.1 A and AA) on the form, its receipt, the status page and the list.
Run with:  INSYN_TESTING=1 pytest tests/browser/test_challenge_pages.py
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest

from tests.browser.test_public_pages import assert_no_axe_violations, focused, tab_to

pytestmark = pytest.mark.browser

NUMBER = re.compile(r"KS \d{4}/\d{4}")
HONEYPOT = "input[name=website]"
SUBMIT = "#challenge-form button[type=submit]"


@pytest.fixture
def base(demo, settings) -> str:
    # The receipt's status link is absolute (it is the one e-mailed); point it at the
    # live server so the browser can follow it.
    settings.INSYN_BASE_URL = demo
    return demo


def _send_challenge(page, base: str) -> None:
    """A challenge through the form (filled in without the keyboard test's ceremony)."""
    page.goto(base + "/utmana/")
    page.locator("input[name=challenger_kind][value=private_person]").check()
    page.locator("#id_name").fill("Kim Kvist")
    page.locator("#id_phone").fill("070-123 45 67")
    page.locator("#id_activity_description").fill("Snöröjningen av gång- och cykelvägar")
    page.locator("#id_improvement_price").fill("Lägre pris med egna maskiner")
    with page.expect_navigation():
        page.locator(SUBMIT).click()
    assert urlsplit(page.url).path == "/utmana/tack/", page.content()[:2000]


def _form(page, base):
    page.goto(base + "/utmana/")
    assert page.locator("#challenge-steps li").count() > 0


def _form_errors(page, base):
    page.goto(base + "/utmana/")
    page.locator("input[name=challenger_kind][value=company]").check()
    page.locator("#id_org_number").fill("556045-6782")  # wrong check digit
    with page.expect_navigation():
        page.locator(SUBMIT).click()
    assert page.locator("#error-summary").is_visible()
    assert page.locator(".field--error").count() > 0


def _receipt(page, base):
    _send_challenge(page, base)
    assert NUMBER.search(page.locator("#challenge-number").inner_text())


def _status(page, base):
    _send_challenge(page, base)
    with page.expect_navigation():
        page.locator("#status-link").click()
    assert urlsplit(page.url).path.startswith("/utmaning/")
    assert page.locator("#upload-form").is_visible()
    assert page.locator("#withdraw-form").is_visible()


def _status_errors(page, base):
    _status(page, base)
    with page.expect_navigation():
        page.locator("#withdraw-form button[type=submit]").click()  # not confirmed
    assert page.locator("#error-summary").is_visible()


def _list(page, base):
    _send_challenge(page, base)
    page.goto(base + "/utmaningar/")
    assert page.locator("#challenge-list tbody tr").count() > 0


AXE_PAGES: dict[str, Callable] = {
    "form": _form,
    "form-errors": _form_errors,
    "receipt": _receipt,
    "status": _status,
    "status-errors": _status_errors,
    "list": _list,
}


@pytest.mark.parametrize("name", list(AXE_PAGES))
def test_no_axe_violations(page, base, name):
    AXE_PAGES[name](page, base)
    assert_no_axe_violations(page)


def test_a_challenge_by_keyboard_only(page, base):
    from insyn.challenges.models import Challenge

    page.goto(base + "/utmana/")

    # Tab enters the radio group on its first option; Space selects it, an arrow moves on.
    tab_to(page, "input[name=challenger_kind]", avoid=HONEYPOT)
    page.keyboard.press("Space")
    assert page.locator("input[name=challenger_kind][value=private_person]").is_checked()
    page.keyboard.press("ArrowDown")
    assert focused(page)["value"] == "company"
    assert page.locator("input[name=challenger_kind][value=company]").is_checked()

    tab_to(page, "#id_name", avoid=HONEYPOT)
    page.keyboard.type("Grön & Skön AB")
    tab_to(page, "#id_org_number", avoid=HONEYPOT)
    page.keyboard.type("5560456781")
    tab_to(page, "#id_email", avoid=HONEYPOT)
    page.keyboard.type("info@gronochskon.example")
    # The activity from the list of units: the first one, by arrow key.
    tab_to(page, "#id_activity_unit", avoid=HONEYPOT)
    page.keyboard.press("ArrowDown")
    unit = page.locator("#id_activity_unit").input_value()
    assert unit, "no unit chosen with the arrow key"
    tab_to(page, "#id_improvement_quality", avoid=HONEYPOT)
    page.keyboard.type("Skötsel varje vecka")
    page.keyboard.press("Enter")  # a new line in the textarea, not a submit
    page.keyboard.type("och nya planteringar")
    tab_to(page, SUBMIT, avoid=HONEYPOT)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert urlsplit(page.url).path == "/utmana/tack/", page.content()[:2000]
    number = page.locator("#challenge-number").inner_text()
    assert NUMBER.match(number), number

    challenge = Challenge.objects.select_related("case").get(case__number=number)
    assert challenge.challenger_kind == "company"
    assert challenge.org_number == "556045-6781"
    assert challenge.activity_unit_id == int(unit)
    assert challenge.improvement_quality.splitlines() == [
        "Skötsel varje vecka",
        "och nya planteringar",
    ]

    # The status link on the receipt is reachable by keyboard too, and opens the page.
    tab_to(page, "#status-link")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("#challenge-number").inner_text() == number


def test_a_failed_submission_puts_the_user_at_its_errors(page, demo):
    """The form is far down a long page: after a failed submission the error summary has
    the focus (the page scrolls to it), the title begins "Fel:", and its first link moves
    the focus to the field."""
    _form_errors(page, demo)
    page.wait_for_function(
        "document.activeElement && document.activeElement.id === 'error-summary'"
    )
    assert page.title().startswith("Fel: ")
    assert (
        page.evaluate("document.getElementById('error-summary').getBoundingClientRect().top") < 700
    )
    page.locator("#error-summary a").first.click()
    assert page.evaluate("document.activeElement.closest('.field') !== null")
