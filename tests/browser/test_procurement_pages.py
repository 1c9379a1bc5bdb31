"""The procurement pages in a real browser: axe-core (WCAG 2.1 A and AA) on the public
procurement plan and on a procurement's staff page with its forms open, the public plan's
filter and the staff's plan form used by keyboard only. Run with:
INSYN_TESTING=1 pytest tests/browser/test_procurement_pages.py
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.test_public_pages import assert_no_axe_violations, tab_to

pytestmark = pytest.mark.browser

ROWS = "table.public-procurements tbody tr"


def _log_in(page, demo: str, path: str, username: str) -> None:
    from insyn.demo import DEMO_PASSWORD

    page.goto(f"{demo}{path}")
    assert "/logga-in/" in page.url
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(re.escape(path) + "$"))


def _procurements():
    """A reserved procurement in the plan, and a running one with scored tenders."""
    from insyn.core.models import Board, User
    from insyn.procurement import services
    from insyn.procurement.models import Procurement
    from insyn.registry.models import Series

    user = User.objects.get(username="admin")
    board = Series.objects.filter(active=True).select_related("board").first().board
    assert isinstance(board, Board)
    reserved = services.procurement_plan(
        title="Daglig verksamhet LSS (browser)",
        procedure=Procurement.Procedure.RESERVED,
        reserved=True,
        responsible=user,
        board=board,
        user=user,
        plan_year=datetime.date.today().year + 1,
        plan_quarter=2,
        estimated_value=Decimal("2500000"),
    )
    running = services.procurement_plan(
        title="Fönsterputs (browser)",
        procedure=Procurement.Procedure.SIMPLIFIED,
        responsible=user,
        board=board,
        user=user,
        plan_year=datetime.date.today().year,
        estimated_value=Decimal("900000"),  # below the EU threshold, as the procedure needs
    )
    services.procurement_followup_record(
        procurement=running, approach="Stickprov varje kvartal.", user=user
    )
    running = services.procurement_start(procurement=running, user=user)
    services.criteria_set(
        procurement=running,
        criteria=[
            services.Criterion("Pris", "price", Decimal("70")),
            services.Criterion("Kvalitet", "quality", Decimal("30")),
        ],
    )
    price, quality = running.criteria.all()
    from django.core.files.uploadedfile import SimpleUploadedFile

    for name, number, scores in (
        ("Glasklart AB", "556045-6781", (Decimal("8"), Decimal("6"))),
        ("Putsarna AB", "556712-3459", (Decimal("7"), Decimal("9"))),
    ):
        tender = services.tender_register(
            procurement=running,
            tenderer_name=name,
            tenderer_org_number=number,
            received_on=datetime.date.today(),
            price=Decimal("450000"),
            files=[SimpleUploadedFile("anbud.pdf", b"%PDF-1.4\n%x\n", "application/pdf")],
            user=user,
        )
        services.tender_score(tender=tender, scores={price: scores[0], quality: scores[1]})
    return reserved, running


def test_the_public_procurement_plan_has_no_axe_violations_and_works_by_keyboard(page, demo):
    reserved, running = _procurements()
    page.goto(demo + "/")
    tab_to(page, "nav a[href='/upphandlingar/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path == "/upphandlingar/"
    assert page.locator(f"{ROWS}[data-procurement='{reserved.pk}'][data-reserved='yes']").count()
    assert page.locator(f"{ROWS}[data-procurement='{running.pk}']").count() == 1
    assert "Glasklart" not in page.content()
    assert_no_axe_violations(page)

    # Only the reserved ones: the checkbox with Space, then the button with Enter.
    tab_to(page, "input[name=reserved]")
    page.keyboard.press("Space")
    tab_to(page, "main form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert parse_qs(urlsplit(page.url).query).get("reserved") == ["on"]
    assert page.locator(f"{ROWS}[data-procurement='{reserved.pk}']").count() == 1
    assert page.locator(f"{ROWS}[data-procurement='{running.pk}']").count() == 0
    assert page.locator(f"{ROWS}:not([data-reserved='yes'])").count() == 0
    assert_no_axe_violations(page)

    # The case number of a started procurement leads to its documents in the postlista.
    page.goto(demo + "/upphandlingar/")
    link = page.locator(f"{ROWS}[data-procurement='{running.pk}'] a").first
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path == "/postlista/"
    assert parse_qs(urlsplit(page.url).query).get("q") == [running.case.number]


def test_a_procurement_page_with_its_forms_has_no_axe_violations(page, demo):
    _reserved, running = _procurements()
    path = f"/upphandling/{running.pk}/"
    _log_in(page, demo, path, "admin")
    for summary in page.locator("details.action > summary").all():
        if summary.locator("xpath=..").get_attribute("open") is None:
            summary.click()  # the closed forms are checked too
    assert page.locator("table.tenders tbody tr").count() == 2
    assert page.locator("form[action$='/tilldelning/']").count() == 1
    assert_no_axe_violations(page)

    # A tender's page, and the award sent without a tender: back with the error, open.
    page.goto(demo + f"{path}anbud/{running.tenders.first().pk}/")
    assert_no_axe_violations(page)
    page.goto(demo + path)
    award = page.locator("details.action", has=page.locator("form[action$='/tilldelning/']"))
    award.locator("summary").click()
    award.locator("button[type=submit]").click()
    assert page.locator("form[action$='/tilldelning/'] .error-summary").count() == 1
    assert_no_axe_violations(page)

    # The staff list too.
    page.goto(demo + "/upphandling/")
    assert_no_axe_violations(page)


def test_the_plan_form_works_by_keyboard(page, demo):
    from insyn.procurement.models import Procurement

    _log_in(page, demo, "/upphandling/ny/", "upphandlare")
    assert_no_axe_violations(page)
    tab_to(page, "#id_title", max_presses=40)
    page.keyboard.type("Skolskjuts 2028")
    tab_to(page, "#id_description")
    page.keyboard.type("Skolskjuts för grundskolan")
    tab_to(page, "#id_cpv_code")
    page.keyboard.type("60130000-8")
    tab_to(page, "#id_estimated_value")
    page.keyboard.type("6 000 000")
    tab_to(page, "#id_procedure")
    page.keyboard.press("ArrowDown")  # – -> the first procedure (open)
    assert page.locator("#id_procedure").input_value() == "open"
    tab_to(page, "#id_board")
    page.keyboard.press("ArrowDown")
    assert page.locator("#id_board").input_value()
    tab_to(page, "#id_plan_year")
    page.keyboard.press("Control+a")
    page.keyboard.type("2028")
    tab_to(page, "#id_plan_quarter")
    page.keyboard.press("ArrowDown")
    tab_to(page, "form.procurement-form button[type=submit]", max_presses=40)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    procurement = Procurement.objects.get(title="Skolskjuts 2028")
    assert urlsplit(page.url).path == f"/upphandling/{procurement.pk}/", page.content()[:3000]
    assert procurement.procedure == "open" and procurement.plan_year == 2028
    assert procurement.estimated_value == Decimal("6000000")
    assert procurement.plan_quarter == 1 and procurement.cpv_code == "60130000-8"
    assert_no_axe_violations(page)


def test_an_awarded_procurement_with_its_standstill_review_and_secrecy_forms_has_no_axe_violations(
    page, demo
):
    from django.contrib.auth import get_user_model

    from insyn.procurement import services

    _reserved, running = _procurements()
    admin = get_user_model().objects.get(username="admin")
    winner = services.tenders_ranked(running)[0].tender
    services.procurement_award(
        procurement=running, tender=winner, decided_on=datetime.date.today(), user=admin
    )
    path = f"/upphandling/{running.pk}/"
    _log_in(page, demo, path, "admin")
    for summary in page.locator("details.action > summary").all():
        if summary.locator("xpath=..").get_attribute("open") is None:
            summary.click()
    assert page.locator("#standstill").count() == 1
    assert page.locator("#signing-refusal").count() == 1
    assert page.locator("form[action$='/overprovning/']").count() == 1
    assert page.locator("ul.secrecy-review li").count() == 2
    assert_no_axe_violations(page)
    page.goto(demo + f"{path}anbud/{winner.pk}/")
    assert page.locator("input[name=secrecy]").count() == 3
    assert_no_axe_violations(page)
