"""The annual cycle and the board's report in a real browser, checked with axe-core: the
cycle page (all boards and one board), the personal feed link and the report preview with
its charts."""

from __future__ import annotations

import datetime
import re

import pytest

from tests.browser.test_public_pages import assert_no_axe_violations

pytestmark = pytest.mark.browser


def _cycle(year: int) -> None:
    from insyn.core.models import Board
    from insyn.followup.models import CycleEvent

    board = Board.objects.filter(active=True).order_by("code").first()
    steps = [
        ("Budget och verksamhetsplan", CycleEvent.Kind.BUDGET, (3, 1), (6, 15), None),
        ("Upphandlingsbehov", CycleEvent.Kind.PROCUREMENT_NEEDS, (4, 1), (4, 30), board),
        ("Uppföljning av strategiska avtal", CycleEvent.Kind.FOLLOW_UP, (9, 1), (10, 31), board),
        ("Rapport med årsredovisningen", CycleEvent.Kind.REPORTING, (12, 10), (12, 10), None),
    ]
    for title, kind, start, end, step_board in steps:
        CycleEvent.objects.create(
            year=year,
            board=step_board,
            kind=kind,
            title=title,
            description="Enligt kommunens årshjul.",
            starts_on=datetime.date(year, *start),
            ends_on=datetime.date(year, *end),
        )


def test_the_cycle_pages_have_no_axe_violations(demo, page):
    from django.utils import timezone

    from insyn.core.models import Board
    from insyn.demo import DEMO_PASSWORD

    year = timezone.localdate().year
    _cycle(year)
    page.goto(f"{demo}/uppfoljning/arshjul/")
    assert "/logga-in/" in page.url
    page.fill("#id_username", "namndsekreterare")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/uppfoljning/arshjul/$"))
    assert page.locator("[data-event]").count() >= 4
    assert_no_axe_violations(page)

    # One board's cycle, through the filter form.
    board = Board.objects.filter(active=True).order_by("code").first()
    page.select_option("#id_board", str(board.pk))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"board="))
    assert_no_axe_violations(page)
    # A bad year comes back with the error, still accessible.
    # (The browser itself stops the form below 2000; the server says so too.)
    page.goto(f"{demo}/uppfoljning/arshjul/?year=1&board={board.pk}")
    assert page.locator(".field--error").count() == 1
    assert_no_axe_violations(page)

    page.goto(f"{demo}/uppfoljning/arshjul/ical/")
    assert page.locator(".feed-link").count() == 0  # made on request
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Skapa en ny länk").click()
    page.wait_for_load_state()
    assert "/arshjul/person/" in page.locator(".feed-link input.copy-link").input_value()
    assert_no_axe_violations(page)

    page.goto(f"{demo}/uppfoljning/namnd/{board.pk}/{year}/")
    assert page.locator("svg.chart").count() == 3
    assert_no_axe_violations(page)
    page.goto(f"{demo}/uppfoljning/sammanstallning/{year}/")
    assert_no_axe_violations(page)


def test_the_report_page_with_its_links_and_history_has_no_axe_violations(demo, page):
    from insyn.core import links
    from insyn.demo import DEMO_PASSWORD
    from insyn.followup import services
    from insyn.followup.models import FollowUpReport

    report = FollowUpReport.objects.filter(status=FollowUpReport.Status.DRAFT).first()
    assert report is not None
    sent = services.partner_link_issue(report=report, user=None, to="info@example.org")
    services.partner_link_issue(report=report, user=None)
    links.link_revoke(link=sent, user=None)
    page.goto(f"{demo}/uppfoljning/rapport/{report.pk}/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(rf"/uppfoljning/rapport/{report.pk}/$"))
    assert page.locator("table.partner-links tbody tr").count() == 2
    assert page.locator("details.record-history").count() >= 2
    assert_no_axe_violations(page)
