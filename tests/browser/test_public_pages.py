"""The public site in a real browser: search, keyboard use, phones and axe-core (WCAG 2.1
A and AA). Run with:  INSYN_TESTING=1 pytest tests/browser
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.browser

SEARCH_WORD = "anbud"  # in document descriptions only, never in a case title (see test)
NUMBER = re.compile(r"KS \d{4}/\d{4}-\d+")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": WCAG_TAGS},
    "resultTypes": ["violations"],
}


# --- helpers -------------------------------------------------------------------------


def focused(page) -> dict:
    """What has keyboard focus: tag, id, name, type, class and text."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el) return {};
            return {tag: el.tagName.toLowerCase(), id: el.id || "", name: el.name || "",
                    type: el.type || "", cls: el.className || "", value: el.value || "",
                    text: (el.innerText || "").trim()};
        }"""
    )


def tab_to(page, selector: str, *, max_presses: int = 25, avoid: str | None = None) -> int:
    """Press Tab until the element matching `selector` has focus; returns the presses.
    Fails if `avoid` (e.g. a honeypot) ever gets focus on the way."""
    for presses in range(1, max_presses + 1):
        page.keyboard.press("Tab")
        if avoid and page.evaluate("s => document.activeElement.matches(s)", avoid):
            pytest.fail(f"Tab focused {avoid}, which must not be reachable: {focused(page)}")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            assert_focus_visible(page)
            return presses
    pytest.fail(f"{selector} not reached with {max_presses} Tabs; focus is on {focused(page)}")


def assert_focus_visible(page) -> None:
    """The focused element shows a focus indicator: an outline or a box shadow."""
    style = page.evaluate(
        """() => {
            const s = getComputedStyle(document.activeElement);
            return {outline: s.outlineStyle, width: s.outlineWidth, shadow: s.boxShadow};
        }"""
    )
    visible = (style["outline"] != "none" and style["width"] != "0px") or style["shadow"] != "none"
    assert visible, f"no visible focus on {focused(page)}: {style}"


def axe_report(results: dict, url: str) -> str:
    lines = [f"axe-core found {len(results['violations'])} WCAG 2.1 A/AA violation(s) on {url}:"]
    for v in results["violations"]:
        lines.append(f"\n* {v['id']} ({v['impact']}): {v['help']}")
        lines.append(f"  tags: {', '.join(v['tags'])}  more: {v['helpUrl']}")
        for node in v["nodes"]:
            lines.append(f"  - target: {' '.join(str(t) for t in node['target'])}")
            lines.append(f"    html:   {node['html'][:300]}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n            ")
            if summary:
                lines.append(f"    why:    {summary}")
    return "\n".join(lines)


def assert_no_axe_violations(page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=AXE_OPTIONS).response
    report = axe_report(results, page.url)
    if results["violations"]:
        print(report)  # shown by pytest with the failure, and with -s
    assert not results["violations"], report


def secret_documents():
    from insyn.registry.models import Document

    return list(Document.objects.filter(secrecy=Document.Secrecy.SECRET).order_by("pk"))


# --- the pages axe checks, each brought to the state to test -------------------------


def _home(page, base):
    page.goto(base + "/")


def _postlista(page, base):
    page.goto(base + "/postlista/")


def _postlista_search(page, base):
    page.goto(f"{base}/postlista/?q={SEARCH_WORD}")
    assert page.locator("table.postlista tbody tr").count() > 0


def _postlista_filter_error(page, base):
    # date_to before date_from: 422 with the filters open and an error summary.
    response = page.goto(base + "/postlista/?date_from=2025-06-01&date_to=2025-01-01")
    assert response.status == 422
    assert page.locator("#error-summary").is_visible()


def _postlista_older_page(page, base):
    page.goto(base + "/postlista/")
    page.locator("a[rel=next]").click()
    page.wait_for_url(re.compile(r"efter="))


def _public_document_path() -> str:
    """A public document, with files if there is one."""
    from insyn.registry.models import Document

    public = Document.objects.filter(secrecy=Document.Secrecy.PUBLIC)
    document = public.filter(attachments__isnull=False).first() or public.first()
    return f"/postlista/{document.pk}/"


def _document(page, base):
    page.goto(base + _public_document_path())
    assert page.locator("a[download]").count() > 0, "expected a document with files"


def _secret_document(page, base):
    document = secret_documents()[0]
    page.goto(f"{base}/postlista/{document.pk}/")


def _request_form(page, base):
    page.goto(base + "/begar-handling/")


def _request_form_errors(page, base):
    page.goto(base + "/begar-handling/")
    with page.expect_navigation():
        page.locator("form.narrow button[type=submit]").click()
    assert page.locator("#error-summary").is_visible()
    assert page.locator(".field-error").count() > 0


def _request_receipt(page, base):
    page.goto(base + "/begar-handling/")
    page.locator("#id_requested").fill("Avtalet om lokalvård i kommunhuset.")
    page.locator("input[name=delivery][value=visit]").check()
    with page.expect_navigation():
        page.locator("form.narrow button[type=submit]").click()
    assert urlsplit(page.url).path == "/begar-handling/mottagen/"
    assert NUMBER.search(page.locator(".receipt").inner_text())


def _accessibility(page, base):
    page.goto(base + "/tillganglighet/")


def _login(page, base):
    page.goto(base + "/logga-in/")


def _not_found(page, base):
    response = page.goto(base + "/finns-inte/")
    assert response.status == 404


AXE_PAGES: dict[str, Callable] = {
    "home": _home,
    "postlista": _postlista,
    "postlista-search": _postlista_search,
    "postlista-filter-error": _postlista_filter_error,
    "postlista-older-page": _postlista_older_page,
    "document": _document,
    "secret-document": _secret_document,
    "request-form": _request_form,
    "request-form-errors": _request_form_errors,
    "request-receipt": _request_receipt,
    "accessibility": _accessibility,
    "login": _login,
    "not-found": _not_found,
}


# --- tests ---------------------------------------------------------------------------


def test_stylesheet_and_assets_load(page, demo):
    """Without its stylesheet every other check here tests an unstyled page."""
    failed = []
    page.on(
        "response",
        lambda r: (
            failed.append(f"{r.status} {r.url}")
            if r.status >= 400 and not r.url.endswith("/favicon.ico")
            else None
        ),
    )
    for path in ("/", "/postlista/", "/begar-handling/"):
        page.goto(demo + path)
        assert not failed, f"{path}: assets failed to load: {failed}"
        sheets = page.evaluate(
            "() => [...document.styleSheets].map(s => ({href: s.href, rules: s.cssRules.length}))"
        )
        assert sheets and all(s["rules"] for s in sheets), f"{path}: empty stylesheets {sheets}"


def test_search_postlista_with_the_keyboard(page, demo):
    page.goto(demo + "/postlista/")
    tab_to(page, "input[name=q]")
    page.keyboard.type(SEARCH_WORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert parse_qs(urlsplit(page.url).query).get("q") == [SEARCH_WORD]
    assert page.locator("input[name=q]").input_value() == SEARCH_WORD
    rows = page.locator("table.postlista tbody tr")
    texts = rows.all_inner_texts()
    assert texts, "the search found nothing"
    # The word is only in descriptions, and every hit shows it. (A word that is also in a
    # case title, like "upphandling", finds rows that do not show it: see the report.)
    for text in texts:
        assert SEARCH_WORD in text.lower(), text
    assert len(texts) < 50, "the search did not narrow the list"


@pytest.mark.parametrize("name", list(AXE_PAGES))
def test_no_axe_violations(page, demo, name):
    AXE_PAGES[name](page, demo)
    assert_no_axe_violations(page)


def test_no_axe_violations_postlista_on_a_phone(phone_page, demo):
    phone_page.goto(f"{demo}/postlista/?q={SEARCH_WORD}")
    assert_no_axe_violations(phone_page)


def test_keyboard_only_journey(page, demo):
    from insyn.registry.models import AccessRequest

    page.goto(demo + "/postlista/")

    # The first Tab lands on the skip link, which then shows on screen.
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    assert page.evaluate("() => document.activeElement.classList.contains('skip-link')"), (
        f"first Tab focused {focused(page)}"
    )
    box = skip.bounding_box()
    viewport = page.viewport_size
    assert box and box["width"] > 0 and box["height"] > 0
    assert 0 <= box["x"] < viewport["width"] and 0 <= box["y"] < viewport["height"], (
        f"focused skip link is off screen: {box}"
    )
    # Enter follows it: focus is on <main>, and the next Tab starts inside main.
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'main'")
    assert urlsplit(page.url).fragment == "main"
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.getElementById('main').contains(document.activeElement)")
    assert_focus_visible(page)

    # To the request form through the main menu, by keyboard.
    page.goto(demo + "/postlista/")
    tab_to(page, "nav a[href='/begar-handling/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path == "/begar-handling/"

    honeypot = "input[name=website]"
    tab_to(page, "#id_requested", avoid=honeypot)
    page.keyboard.type("Alla anbud i upphandlingen av snöröjning 2025.")
    tab_to(page, "#id_reference", avoid=honeypot)
    page.keyboard.type("KS 2025/0001")
    # Tab enters the radio group on the checked option; arrows move, Space selects.
    tab_to(page, "input[name=delivery]", avoid=honeypot)
    assert focused(page)["value"] == "email"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    assert focused(page)["value"] == "post"
    assert page.locator("input[name=delivery][value=post]").is_checked()
    tab_to(page, "#id_name", avoid=honeypot)
    page.keyboard.type("Åsa Öberg")
    tab_to(page, "#id_postal_address", avoid=honeypot)
    page.keyboard.type("Storgatan 2")
    page.keyboard.press("Enter")  # a new line in the textarea, not a submit
    page.keyboard.type("123 45 Sjövik")
    tab_to(page, "form.narrow button[type=submit]", avoid=honeypot)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert urlsplit(page.url).path == "/begar-handling/mottagen/", page.content()[:2000]
    receipt = page.locator(".receipt").inner_text()
    number = NUMBER.search(receipt)
    assert number, f"no registration number in the receipt: {receipt!r}"

    # The demo kommun has requests of its own (insyn/registry/demo.py).
    request = AccessRequest.objects.select_related("document").get(document__number=number.group(0))
    assert request.delivery == "post"
    assert request.name == "Åsa Öberg"
    assert request.postal_address.splitlines() == ["Storgatan 2", "123 45 Sjövik"]
    assert request.reference == "KS 2025/0001"


PHONE_PAGES: dict[str, Callable[[], str]] = {
    "postlista": lambda: "/postlista/",
    "postlista-search": lambda: f"/postlista/?q={SEARCH_WORD}",
    "document": _public_document_path,
    "home": lambda: "/",
    "request-form": lambda: "/begar-handling/",
}


@pytest.mark.parametrize("name", list(PHONE_PAGES))
def test_page_fits_a_phone(phone_page, demo, name):
    path = PHONE_PAGES[name]()
    phone_page.goto(demo + path)
    # A mobile browser zooms out to show what overflows (innerWidth then grows past
    # 375), so compare with the layout viewport too.
    sizes = phone_page.evaluate(
        """() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth,
                   layout: document.documentElement.clientWidth})"""
    )
    if sizes["scroll"] > 375 or sizes["inner"] > 375:
        wide = phone_page.evaluate(
            """() => [...document.querySelectorAll('body *')]
                .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                .slice(0, 8)
                .map(el => `<${el.tagName.toLowerCase()} class="${el.className}"> `
                           + `${Math.round(el.getBoundingClientRect().right)}px: `
                           + (el.innerText || '').trim().slice(0, 60))"""
        )
        pytest.fail(
            f"{path} is wider than a 375 px phone {sizes}; too wide:\n  " + "\n  ".join(wide)
        )
    assert sizes["scroll"] <= sizes["inner"]


def test_postlista_is_cards_on_a_phone(phone_page, demo):
    """On a phone the table becomes stacked cards: no scrolling inside it either."""
    phone_page.goto(demo + "/postlista/")
    wrap = phone_page.evaluate(
        "() => { const w = document.querySelector('.table-wrap');"
        " return {scroll: w.scrollWidth, client: w.clientWidth}; }"
    )
    assert wrap["scroll"] <= wrap["client"], f"the postlista table scrolls sideways: {wrap}"
    display = phone_page.evaluate(
        "() => getComputedStyle(document.querySelector('table.postlista tbody tr')).display"
    )
    assert display == "block", f"rows are not stacked cards (display: {display})"


def test_nothing_secret_in_the_postlista(page, demo):
    from insyn.demo import PRIVATE_PERSONS

    secret = secret_documents()
    assert secret, "the demo data has no secret documents to check"

    page.goto(demo + "/postlista/")
    first_page = page.content()
    pages = [first_page]
    while page.locator("a[rel=next]").count():  # the rest, through the pager
        with page.expect_navigation():
            page.locator("a[rel=next]").click()
        pages.append(page.content())
    everything = "\n".join(pages)

    # A tender released after the award shares its description ("Anbud i …") with the
    # tenders still secret: the public one may show it, the secret ones' rows may not.
    from insyn.registry.models import Document

    published = set(
        Document.objects.exclude(secrecy=Document.Secrecy.SECRET)
        .filter(mask_description=False)
        .values_list("description", flat=True)
    )
    for document in secret:
        texts = {document.description, html.escape(document.description)}
        for text in texts if document.description not in published else ():
            assert text not in first_page, f"{document.number}: description on page 1"
            assert text not in everything, f"{document.number}: description in the postlista"
        # Listed, but masked.
        row = f'/postlista/{document.pk}/">{document.number}</a>'
        assert row in everything, f"secret document {document.number} missing from the list"
        own_row = re.search(
            rf"<tr[^>]*>(?:(?!</tr>).)*/postlista/{document.pk}/\"(?:(?!</tr>).)*</tr>",
            everything,
            re.S,
        )
        assert own_row and html.escape(document.description) not in own_row.group(0)
    for person in PRIVATE_PERSONS:
        assert person not in everything, f"a private person's name is shown: {person}"

    # A secret document's own page shows neither its description nor its files.
    document = secret[0]
    page.goto(f"{demo}/postlista/{document.pk}/")
    content = page.content()
    assert document.description not in content
    assert f"/postlista/{document.pk}/fil/" not in content

    # Searching for the words of a secret description does not find the document.
    for description in sorted({d.description for d in secret}):
        response = page.request.get(demo + "/postlista/", params={"q": description})
        body = response.text()
        found = [d.number for d in secret if f'/postlista/{d.pk}/"' in body]
        assert not found, f"searching {description!r} finds secret documents {found}"
