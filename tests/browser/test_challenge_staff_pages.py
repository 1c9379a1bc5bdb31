"""The business guide's pages of the challenge process in a real browser, checked with
axe-core: the inbox, a challenge page (with its forms open) and registering by post."""

from __future__ import annotations

import re

import pytest

from tests.browser.test_public_pages import assert_no_axe_violations

pytestmark = pytest.mark.browser


def test_the_guides_pages_have_no_axe_violations(demo, page):
    from insyn.challenges.models import Challenge
    from insyn.demo import DEMO_PASSWORD

    page.goto(f"{demo}/utmanarratt/")
    assert "/logga-in/" in page.url
    page.fill("#id_username", "lots")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/utmanarratt/$"))
    assert_no_axe_violations(page)

    for challenge in Challenge.objects.order_by("pk")[:3]:
        page.goto(f"{demo}/utmanarratt/{challenge.pk}/")
        # The closed forms are checked too, and the meetings' history with its form.
        for summary in page.locator(
            "details.action > summary, details.meeting-history > summary"
        ).all():
            summary.click()
        assert_no_axe_violations(page)

    page.goto(f"{demo}/utmanarratt/registrera/")
    assert_no_axe_violations(page)
    # An empty form comes back with its errors, still accessible.
    page.locator("main button[type=submit]").click()
    assert_no_axe_violations(page)


def test_the_process_pages_have_no_axe_violations(demo, page):
    """The administrator's pages for the process definition: the versions, one version,
    a new draft and its step form (also with errors)."""
    from insyn.demo import DEMO_PASSWORD

    page.goto(f"{demo}/utmanarratt/processer/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/utmanarratt/processer/$"))
    assert_no_axe_violations(page)

    page.locator("main a[href*='/utmanarratt/processer/']").first.click()
    assert_no_axe_violations(page)
    # A draft copy of the version, and the form of its first step.
    page.locator("form[action$='/ny-version/'] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/utmanarratt/processer/\d+/$"))
    assert_no_axe_violations(page)
    page.locator(
        "main a[href*='/steg/']:not([href$='/ny/']):not([href$='/ta-bort/'])"
    ).first.click()
    page.wait_for_url(re.compile(r"/steg/\d+/$"))
    assert_no_axe_violations(page)
    page.fill("#id_name", "")
    page.locator("main form button[type=submit]").first.click()
    assert page.locator(".field--error").count() >= 1
    assert_no_axe_violations(page)
