"""The Content-Security-Policy in a real browser (Debian's Chromium) against the live
server with the demo kommun: the public pages, the API docs (Swagger UI) and the admin
work under it, Chromium reports no violation, and nothing is fetched from another site.
A negative control shows that a violation would be seen.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

# The browser, the live server with the demo kommun, and putting the database back
# afterwards: the same fixtures as the browser tests in tests/browser/.
from tests.browser.conftest import _module_state, browser, demo  # noqa: F401

pytestmark = pytest.mark.browser


class Watched:
    """A browser page that records CSP violations and requests to other origins."""

    def __init__(self, page, origin: str):
        self.page = page
        self.origin = origin
        self.violations: list[str] = []
        self.external: list[str] = []
        page.on("console", self._console)
        page.route("**/*", self._route)

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.violations.append(message.text)

    def _route(self, route) -> None:
        url = urlsplit(route.request.url)
        if f"{url.scheme}://{url.netloc}" == self.origin or url.scheme == "data":
            route.continue_()
        else:
            self.external.append(route.request.url)
            route.abort()

    def visit(self, path: str):
        response = self.page.goto(self.origin + path)
        self.page.wait_for_load_state("networkidle")
        return response


@pytest.fixture(scope="module")
def _migration_rows(django_db_setup, django_db_blocker) -> None:
    """A transactional test module that ran before this one (tests/test_numbering.py)
    may have emptied the database, rows made by data migrations included; the demo needs
    the secrecy grounds. Put them back as the migration makes them (idempotent)."""
    from django.apps import apps

    migration = importlib.import_module("insyn.registry.migrations.0003_secrecy_grounds")
    with django_db_blocker.unblock():
        migration.add(apps, None)


@pytest.fixture
def site(browser, _migration_rows, demo) -> Iterator[Watched]:  # noqa: F811 - imported
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield Watched(page, demo.rstrip("/"))
    context.close()


def test_a_violation_would_be_seen(site):
    """Negative control: inline script on one of our pages is blocked and reported."""
    site.visit("/tillganglighet/")
    site.page.evaluate(
        """() => { const s = document.createElement('script');
                   s.textContent = 'window.ran = true'; document.body.append(s); }"""
    )
    site.page.wait_for_timeout(300)
    assert site.page.evaluate("() => window.ran === undefined")
    assert any("script-src" in v for v in site.violations), site.violations


@pytest.mark.parametrize(
    "path", ["/", "/postlista/", "/begar-handling/", "/tillganglighet/", "/logga-in/"]
)
def test_public_pages_load_without_violations(site, path):
    response = site.visit(path)
    assert response is not None and response.status == 200
    assert response.headers["content-security-policy"]
    # The stylesheet applied: the policy did not leave the page unstyled.
    assert site.page.evaluate(
        "() => getComputedStyle(document.querySelector('.skip-link')).position"
    ) in {"absolute", "fixed"}
    assert site.violations == []
    assert site.external == []


def test_the_api_docs_work_under_the_policy(site):
    site.visit("/api/v1/docs")
    title = site.page.wait_for_selector(".swagger-ui .information-container .title")
    assert title is not None and "insyn API" in title.inner_text()
    # The operations came from /api/v1/openapi.json, fetched by Swagger UI's own script.
    site.page.wait_for_selector(".opblock")
    assert "/api/v1/postlista" in site.page.inner_text(".swagger-ui")
    assert site.violations == []
    assert site.external == []


def test_the_admin_works_under_the_policy(site):
    from insyn.demo import DEMO_PASSWORD

    site.visit("/admin/")
    assert "/logga-in/" in site.page.url  # the site's own login page
    site.page.fill("#id_username", "admin")
    site.page.fill("#id_password", DEMO_PASSWORD)
    site.page.click("main button[type=submit]")
    site.page.wait_for_load_state("networkidle")
    for path in ("/admin/", "/admin/core/unit/", "/admin/core/unit/add/", "/admin/core/user/"):
        response = site.visit(path)
        assert response is not None and response.status == 200, path
    # The admin's own scripts ran: the filter widget for a user's groups and permissions.
    site.visit("/admin/core/user/")
    site.page.click("#result_list tbody tr th a")
    site.page.wait_for_selector(".selector-available")
    assert site.violations == []
    assert site.external == []
