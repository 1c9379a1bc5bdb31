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
        for summary in page.locator("details.action > summary").all():
            summary.click()  # the closed forms are checked too
        assert_no_axe_violations(page)

    page.goto(f"{demo}/utmanarratt/registrera/")
    assert_no_axe_violations(page)
    # An empty form comes back with its errors, still accessible.
    page.locator("main button[type=submit]").click()
    assert_no_axe_violations(page)
