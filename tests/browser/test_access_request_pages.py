"""Requests to see public documents in a real browser: the requester's receipt, status
page and the statistics, and the registrar's inbox and answer. Each page passes axe."""

from __future__ import annotations

import re

import pytest

from tests.browser.test_public_pages import assert_no_axe_violations

pytestmark = pytest.mark.browser


def _status_path(access_request) -> str:
    from insyn.core import links

    link = links.link_current(links.Kind.ACCESS_REQUEST, access_request.pk)
    return f"/begaran/{links.link_token(link)}/"


def test_the_requester_follows_the_request_by_the_link(demo, page):
    from insyn.registry.models import AccessRequest

    page.goto(f"{demo}/begar-handling/")
    page.fill("#id_requested", "Protokollet från servicenämnden i maj")
    page.check("input[name=delivery][value=visit]")
    page.get_by_role("button", name="Skicka begäran").click()
    page.wait_for_url(re.compile(r"/begar-handling/mottagen/$"))
    assert_no_axe_violations(page)
    page.locator("#status-link").click()
    page.wait_for_url(re.compile(r"/begaran/[^/]+/$"))
    assert "Behandlas" in page.locator("#request-status").inner_text()
    assert_no_axe_violations(page)

    refused = AccessRequest.objects.get(outcome="refused")
    page.goto(demo + _status_path(refused))
    assert "avslagen" in page.locator("#request-status").inner_text()
    assert page.get_by_role("link", name="Beslutet (PDF)").count() == 1
    assert_no_axe_violations(page)

    page.goto(f"{demo}/begar-handling/statistik/")
    assert_no_axe_violations(page)


def test_the_registrar_answers_an_overdue_request(demo, page):
    from insyn.demo import DEMO_PASSWORD
    from insyn.registry.models import AccessRequest

    page.goto(f"{demo}/logga-in/")
    page.fill("#id_username", "registrator")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/diarium/$"))
    page.goto(f"{demo}/diarium/begaran/")
    assert "Försenad" in page.content()
    assert_no_axe_violations(page)

    overdue = AccessRequest.objects.get(status="received", handler__username="lots")
    page.goto(f"{demo}/diarium/begaran/{overdue.pk}/")
    assert_no_axe_violations(page)
    # Refused without a ground: the errors are told, in Swedish.
    page.check("input[name=outcome][value=refused]")
    with page.expect_navigation():
        page.get_by_role("button", name="Besvara begäran").click()
    assert page.locator("#error-summary").is_visible()
    assert "Ange det rättsliga stödet" in page.content()
    assert_no_axe_violations(page)

    page.check("input[name=outcome][value=partly_released]")
    page.fill("#id_masked_parts", "Prisbilagan")
    page.select_option("#id_secrecy_ground", index=1)
    page.fill("#id_reason", "Affärshemligheter.")
    page.get_by_role("button", name="Besvara begäran").click()
    page.wait_for_url(re.compile(rf"/diarium/begaran/{overdue.pk}/$"))
    assert "utlämnad med maskerade delar" in page.content()
    assert_no_axe_violations(page)
