"""Reflow (WCAG 2.1 1.4.10): at 320 CSS px no page of the demo scrolls sideways, public or
staff. Wide data tables may scroll inside their own labelled region (the criterion's
exception for two-dimensional content), never the page."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

WIDTH = 320

OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  // Inside a scroll region, unless positioned out of it (absolute to the page).
  const inScrollRegion = el => el.closest('.table-wrap') !== null
    && el.offsetParent !== null && el.offsetParent.closest('.table-wrap') !== null;
  const wide = [...document.querySelectorAll('body *')]
    .filter(el => !inScrollRegion(el) && el.getBoundingClientRect().right > width + 1)
    .slice(0, 6)
    .map(el => `<${el.tagName.toLowerCase()} class="${el.className}"> `
               + `${Math.round(el.getBoundingClientRect().right)}px: `
               + ((el.innerText || el.value || '').trim() || el.outerHTML).slice(0, 80));
  return {scroll: document.documentElement.scrollWidth, width, wide};
}"""


@pytest.fixture
def narrow_page(browser):
    context = browser.new_context(locale="sv-SE", viewport={"width": WIDTH, "height": 640})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def _public_paths() -> list[str]:
    from insyn.challenges.models import Challenge
    from insyn.challenges.services import status_token
    from insyn.contracts.models import Contract
    from insyn.core import links
    from insyn.followup import services as followup
    from insyn.followup.models import FollowUpReport
    from insyn.registry.models import Document

    document = Document.objects.filter(secrecy="public", attachments__isnull=False).first()
    contract = Contract.objects.filter(provider_party__kind="company").order_by("pk").first()
    report = FollowUpReport.objects.filter(status="draft").order_by("pk").first()
    paths = [
        "/",
        "/postlista/",
        "/postlista/?q=avtal",
        f"/postlista/{document.pk}/",
        "/begar-handling/",
        "/utmana/",
        "/utmaningar/",
        f"/utmaning/{status_token(Challenge.objects.order_by('pk').first())}/",
        "/avtal/",
        f"/avtal/{contract.pk}/",
        "/utforare/",
        f"/utforare/p{contract.provider_party_id}/",
        "/upphandlingar/",
        "/tillganglighet/",
        "/logga-in/",
    ]
    if report is not None:
        link = followup.partner_link_issue(report=report, user=None)
        paths.append(f"/samverkan/{links.link_token(link)}/")
    # Requests to see documents: the statistics and the requester's own page.
    from insyn.registry.models import AccessRequest

    refused = AccessRequest.objects.filter(outcome="refused").order_by("pk").first()
    request_link = links.link_current(links.Kind.ACCESS_REQUEST, refused.pk)
    paths += ["/begar-handling/statistik/", f"/begaran/{links.link_token(request_link)}/"]
    return paths


def _staff_paths() -> list[str]:
    from insyn.challenges.models import Challenge
    from insyn.contracts.models import Contract
    from insyn.followup.models import FollowUpPlan, FollowUpReport
    from insyn.procurement.models import Procurement
    from insyn.registry.models import AccessRequest, Document

    document = Document.objects.order_by("-pk").first()
    contract = Contract.objects.filter(requirements__isnull=False).order_by("pk").first()
    report = FollowUpReport.objects.order_by("pk").first()
    return [
        "/diarium/",
        "/diarium/registrera/",
        f"/diarium/arende/{document.case_id}/",
        f"/diarium/handling/{document.pk}/",
        "/utmanarratt/",
        f"/utmanarratt/{Challenge.objects.order_by('pk').first().pk}/",
        "/upphandling/",
        f"/upphandling/{Procurement.objects.exclude(case=None).order_by('pk').first().pk}/",
        "/avtalsregister/",
        f"/avtalsregister/{contract.pk}/",
        "/avtalsregister/bevakning/",
        "/uppfoljning/",
        f"/uppfoljning/plan/{FollowUpPlan.objects.order_by('pk').first().pk}/",
        f"/uppfoljning/rapport/{report.pk}/",
        f"/uppfoljning/namnd/{report.contract.boards.first().board_id}/{report.year}/",
        "/uppfoljning/arshjul/",
        "/diarium/begaran/",
        f"/diarium/begaran/{AccessRequest.objects.order_by('pk').last().pk}/",
        f"/diarium/begaran/{AccessRequest.objects.get(outcome='refused').pk}/",
    ]


def _overflowing(page, demo, paths) -> list[str]:
    found = []
    for path in paths:
        response = page.goto(demo + path)
        assert response.status < 400, (path, response.status)
        sizes = page.evaluate(OVERFLOW_JS)
        if sizes["scroll"] > sizes["width"] or sizes["wide"]:
            found.append(f"{path} {sizes['scroll']} px wide:\n    " + "\n    ".join(sizes["wide"]))
    return found


def test_no_public_page_scrolls_sideways_at_320_px(narrow_page, demo):
    found = _overflowing(narrow_page, demo, _public_paths())
    assert not found, "\n".join(found)


def test_no_staff_page_scrolls_sideways_at_320_px(narrow_page, demo):
    from insyn.demo import DEMO_PASSWORD

    narrow_page.goto(f"{demo}/logga-in/")
    narrow_page.fill("#id_username", "admin")
    narrow_page.fill("#id_password", DEMO_PASSWORD)
    narrow_page.click("button[type=submit]")
    narrow_page.wait_for_url(re.compile(r"^(?!.*logga-in)"))
    found = _overflowing(narrow_page, demo, _staff_paths())
    assert not found, "\n".join(found)
