"""Buttons drawn as links on staff pages ("Markera som hanterad" closes a request for a
public document, "Ångra" undoes a checklist item) are read as text: their text must
contrast with the page at 4.5:1 at least (WCAG 2.1 1.4.3), as measured in the browser."""

from __future__ import annotations

import re

import pytest

from tests.browser.test_public_pages import assert_no_axe_violations

pytestmark = pytest.mark.browser

# The contrast ratio of each visible `button.link` in the main content against the first
# ancestor with a background colour (WCAG's relative luminance).
CONTRASTS_JS = """() => {
  const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const c = [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const background = el => {
    for (let n = el; n; n = n.parentElement) {
      const c = rgb(getComputedStyle(n).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  return [...document.querySelectorAll("main button.link")]
    .filter(b => b.offsetParent !== null)
    .map(b => {
      const a = lum(rgb(getComputedStyle(b).color)), z = lum(background(b));
      return {text: b.innerText.trim(), ratio: (Math.max(a, z) + 0.05) / (Math.min(a, z) + 0.05)};
    });
}"""


def _login(page, demo, username, path):
    from insyn.demo import DEMO_PASSWORD

    page.goto(f"{demo}/logga-in/?next={path}")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(re.escape(path) + "$"))


def _assert_readable(page, expected_text: str) -> None:
    contrasts = page.evaluate(CONTRASTS_JS)
    assert any(expected_text in c["text"] for c in contrasts), contrasts
    for contrast in contrasts:
        assert contrast["ratio"] >= 4.5, contrast


def test_mark_as_handled_is_readable(demo, page):
    # A citizen asks for a document; the registrar's list then offers to close it.
    page.goto(f"{demo}/begar-handling/")
    page.locator("#id_requested").fill("Avtalet om lokalvård i kommunhuset.")
    page.locator("input[name=delivery][value=visit]").check()
    with page.expect_navigation():
        page.locator("form.narrow button[type=submit]").click()
    _login(page, demo, "registrator", "/diarium/")
    _assert_readable(page, "Markera som hanterad")
    assert_no_axe_violations(page)


def test_undo_in_a_checklist_is_readable(demo, page):
    from insyn.challenges.models import Challenge

    # The guide ticks an item of an open challenge's current step, and may undo it.
    challenge = Challenge.objects.filter(closed_on__isnull=True).order_by("pk").first()
    path = f"/utmanarratt/{challenge.pk}/"
    _login(page, demo, "lots", path)
    with page.expect_navigation():
        page.locator("input[name=action][value=tick] + button").first.click()
    _assert_readable(page, "Ångra")
    assert_no_axe_violations(page)
