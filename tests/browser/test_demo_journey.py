"""The issue's definition of done, in a real browser on the demo kommun: one contract is
followed from its procurement through classification, a decided follow-up plan and a
report with an action plan, to the board's PDF and the provider's public page."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from tests.browser.test_public_pages import assert_no_axe_violations

pytestmark = pytest.mark.browser


def _login(page, demo: str, username: str) -> None:
    from insyn.demo import DEMO_PASSWORD

    page.context.clear_cookies()
    page.goto(f"{demo}/logga-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def test_one_contract_from_procurement_to_the_public_provider_page(demo, page):
    from insyn.contracts.models import Contract
    from insyn.demo import JOURNEY
    from insyn.followup.models import FollowUpPlan, FollowUpReport
    from insyn.procurement.models import Procurement

    procurement = Procurement.objects.get(title=JOURNEY)
    contract = Contract.objects.get(procurement=procurement)
    report = FollowUpReport.objects.get(contract=contract)
    plan = FollowUpPlan.objects.get(items__contract=contract, year=report.year)
    provider = contract.provider_party
    assert provider is not None

    # The procurement officer finds it in the procurement plan: tenders evaluated, the
    # award decided and registered, the contract made from it.
    _login(page, demo, "upphandlare")
    page.goto(f"{demo}/upphandling/?year={procurement.plan_year}")
    assert_no_axe_violations(page)
    page.get_by_role("link", name=JOURNEY).first.click()
    page.wait_for_url(re.compile(rf"/upphandling/{procurement.pk}/$"))
    assert_no_axe_violations(page)
    text = page.inner_text("main")
    assert provider.name in text  # the winner, with the ranking of the tenders
    assert "Tilldelningsbeslut" in text  # the decision, registered in the case
    page.get_by_role("link", name=re.compile(re.escape(contract.number))).first.click()
    page.wait_for_url(re.compile(rf"/avtalsregister/{contract.pk}/$"))

    # The contract: classified, strategic for its board, in the board's decided plan.
    _login(page, demo, "avtal_sn")
    page.goto(f"{demo}/avtalsregister/{contract.pk}/")
    assert_no_axe_violations(page)
    text = page.inner_text("main")
    assert "Högt värde, hög påverkan" in text
    assert "Strategiskt" in text or "strategiskt" in text
    page.locator(f'tr[data-plan="{plan.pk}"] a').click()
    page.wait_for_url(re.compile(rf"/uppfoljning/plan/{plan.pk}/$"))
    assert_no_axe_violations(page)
    assert plan.paragraph in page.inner_text("main")  # decided, § recorded

    # The report, with its deficiencies and action plan.
    page.goto(f"{demo}/avtalsregister/{contract.pk}/")
    page.locator(f'li[data-report="{report.pk}"] a').click()
    page.wait_for_url(re.compile(rf"/uppfoljning/rapport/{report.pk}/$"))
    assert_no_axe_violations(page)
    text = page.inner_text("main")
    for measure in report.measures.all():
        assert measure.description in text

    # The board's report as PDF names the contract and its deficiencies.
    board = plan.board
    page.goto(f"{demo}/uppfoljning/namnd/{board.pk}/{report.year}/")
    assert_no_axe_violations(page)
    response = page.request.get(f"{demo}/uppfoljning/namnd/{board.pk}/{report.year}/?format=pdf")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    pdf_text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    assert contract.number in pdf_text

    # A visitor finds the provider's public page with the published follow-up.
    page.context.clear_cookies()
    page.goto(f"{demo}/utforare/")
    page.get_by_role("link", name=provider.name).first.click()
    page.wait_for_url(re.compile(r"/utforare/[^/]+/$"))
    assert_no_axe_violations(page)
    text = page.inner_text("main")
    assert contract.title in text
    assert report.public_summary in text
    for deficiency in report.deficiencies.all():
        assert deficiency.description not in text  # the counts only, never the texts
