"""Fixtures for the browser tests: Debian's Chromium driven by Playwright, a live server
and the demo kommun.

The browser is never downloaded: Playwright launches /usr/bin/chromium. Without it (or
without the playwright package) the tests are skipped, unless REQUIRE_BROWSER=1, when a
missing browser is a failure (CI must not go green by skipping). INSYN_CHROMIUM names
another Chromium binary.

The demo data (`insyn.demo.load()`, ~4 s) is loaded once per module. `live_server` needs
`transactional_db`, which empties the database after every test, so the first test loads
the demo and snapshots the database; the following tests restore that snapshot (on
SQLite a copy with the backup API, a few milliseconds; elsewhere JSON, like Django's
serialized rollback). At the end of the module the rows the migrations created
(secrecy grounds, ...) are put back, so later transactional tests find the database as
migrate left it.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.db_snapshot import has_rows, restore, snapshot

CHROMIUM = Path(os.environ.get("INSYN_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _browser_missing_reason() -> str | None:
    try:
        import axe_playwright_python  # noqa: F401
        import playwright.sync_api  # noqa: F401
    except ImportError as error:
        return f"Python package missing for the browser tests: {error.name} ({error})"
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install chromium); browser tests need it"
    if not os.access(CHROMIUM, os.X_OK):
        return f"{CHROMIUM} is not executable"
    return None


def _require_browser() -> None:
    reason = _browser_missing_reason()
    if reason is None:
        return
    if os.environ.get("REQUIRE_BROWSER", "").strip().lower() in {"1", "true", "yes", "on"}:
        pytest.fail(f"REQUIRE_BROWSER=1 but the browser cannot run: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator:
    """One headless Chromium per module.

    Playwright's sync API keeps an asyncio loop registered as running on this thread, and
    Django then refuses database access from the test as if it were async code. The
    escape hatch DJANGO_ALLOW_ASYNC_UNSAFE is set only while the browser is alive, so the
    rest of the test session keeps Django's guard.
    """
    _require_browser()
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            try:
                yield chromium
            finally:
                chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _new_page(browser, **context_options):
    context = browser.new_context(locale="sv-SE", **context_options)
    context.set_default_timeout(10_000)
    context.set_default_navigation_timeout(15_000)
    return context, context.new_page()


@pytest.fixture
def page(browser) -> Iterator:
    """A fresh browser context (own cookies and session) and page, desktop size."""
    context, page = _new_page(browser, viewport={"width": 1280, "height": 900})
    yield page
    context.close()


@pytest.fixture
def phone_page(browser) -> Iterator:
    """A fresh page the size of a small phone (iPhone SE: 375x667, touch)."""
    context, page = _new_page(
        browser,
        viewport={"width": 375, "height": 667},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    yield page
    context.close()


@pytest.fixture(scope="module")
def _module_state(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[dict]:
    """Per-module: uploaded files go to a temporary folder (not ./var/files), and the
    database's initial rows are put back when the module is done."""
    from django.test import override_settings

    media = tmp_path_factory.mktemp("insyn-media")
    with django_db_blocker.unblock():
        initial = snapshot()
    state: dict = {"demo": None, "media": media}
    with override_settings(MEDIA_ROOT=str(media)):
        yield state
    with django_db_blocker.unblock():
        if isinstance(initial, sqlite3.Connection) or not has_rows("registry_secrecyground"):
            restore(initial)
    for copy in (initial, state["demo"]):
        if isinstance(copy, sqlite3.Connection):
            copy.close()
    shutil.rmtree(media, ignore_errors=True)


@pytest.fixture
def demo(_module_state, live_server, settings) -> str:
    """The demo kommun in the database the live server reads; returns the server's URL."""
    # The demo's files stay where the first test stored them (tests/conftest.py gives
    # each test a MEDIA_ROOT of its own).
    settings.MEDIA_ROOT = str(_module_state["media"])
    if _module_state["demo"] is None:
        from insyn import demo as demo_module

        demo_module.load()
        _module_state["demo"] = snapshot()
    elif not has_rows("core_organisation"):
        restore(_module_state["demo"])
    return live_server.url
