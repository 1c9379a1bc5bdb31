"""The published follow-up and the provider's own page in a real browser, checked with
axe-core: a company's and an in-house unit's provider page and a contract page with a
published summary, and the provider's page behind its secret link (empty, with an error,
saved, closed). Run with:
INSYN_TESTING=1 pytest tests/browser/test_followup_public_pages.py
"""

from __future__ import annotations

import datetime

import pytest

from tests.browser.test_public_pages import assert_no_axe_violations

pytestmark = pytest.mark.browser

PUBLIC_TEXT = "Verksamheten håller god kvalitet. Bristen i arbetsvillkor rättas under hösten."


def _free_year(contract) -> int:
    taken = set(contract.followup_reports.values_list("year", flat=True))
    return next(year for year in range(2025, 2000, -1) if year not in taken)


def _report(contract, *, submit: bool):
    """A report on every essential requirement, the last one partly met with a deficiency
    and a measure; submitted if `submit`."""
    from insyn.core.models import User
    from insyn.followup import services

    user = User.objects.order_by("pk").first()
    year = _free_year(contract)
    report = services.report_create(contract=contract, year=year)
    requirements = list(contract.requirements.filter(essential=True).order_by("order", "id"))
    for requirement in requirements[:-1]:
        services.assessment_record(report=report, requirement=requirement, result="met")
    last = requirements[-1]
    services.assessment_record(report=report, requirement=last, result="partly")
    deficiency = services.deficiency_add(report=report, description="Brist", requirement=last)
    services.measure_add(
        report=report,
        description="Åtgärd",
        responsible="Avtalsansvarig",
        due_on=datetime.date(year, 12, 1),
        deficiency=deficiency,
    )
    if submit:
        services.report_submit(report=report, user=user)
        services.report_publish(report=report, public_summary=PUBLIC_TEXT, user=user)
    return report


def _contract(**filters):
    from insyn.contracts.models import Contract

    return (
        Contract.objects.filter(requirements__essential=True, **filters)
        .distinct()
        .order_by("number")
        .first()
    )


def test_pages_with_a_published_summary_have_no_axe_violations(demo, page):
    company = _contract(provider_party__kind="company")
    in_house = _contract(provider_unit__isnull=False)
    _report(company, submit=True)
    _report(in_house, submit=True)

    for path in (
        f"/utforare/p{company.provider_party_id}/",
        f"/utforare/u{in_house.provider_unit_id}/",
        f"/avtal/{company.pk}/",
    ):
        page.goto(demo + path)
        summary = page.locator(".followup-summary", has_text=PUBLIC_TEXT)
        assert summary.is_visible(), path
        assert "1" in summary.locator("[data-counts=deficiencies]").inner_text()
        assert_no_axe_violations(page)


def test_the_providers_own_page_has_no_axe_violations(demo, page):
    from insyn.core import links
    from insyn.followup import services
    from insyn.followup.models import FollowUpReport

    report = _report(_contract(provider_party__kind="company"), submit=False)
    link = services.partner_link_issue(report=report, user=None)
    page.goto(f"{demo}/samverkan/{links.link_token(link)}/")
    assert page.locator("textarea").is_visible()
    assert_no_axe_violations(page)

    # Sent empty: the error, still accessible.
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".field--error").count() == 1
    assert_no_axe_violations(page)

    page.fill("textarea", "Samarbetet med kommunen har fungerat bra.")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    report.refresh_from_db()
    assert report.partner_view == "Samarbetet med kommunen har fungerat bra."
    assert_no_axe_violations(page)

    # Once the report is submitted the page says the follow-up is closed.
    FollowUpReport.objects.filter(pk=report.pk).update(status=FollowUpReport.Status.SUBMITTED)
    page.reload()
    assert page.locator(".partner-view-closed").is_visible()

    # Revoked, the link is gone: a page that says so and nothing more, also accessible.
    links.link_revoke(link=link, user=None)
    response = page.reload()
    assert response is not None and response.status == 410
    assert page.locator("textarea").count() == 0
    assert_no_axe_violations(page)
    assert page.locator("textarea").count() == 0
    assert_no_axe_violations(page)
