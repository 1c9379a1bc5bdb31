"""A form that comes back with errors says so first in the page title ("Fel: …"), and
its error summary links each error to its field (WCAG 2.1 3.3.1, one pattern for every
form). The browser test in tests/browser/test_challenge_pages.py checks the focus."""

import pytest

pytestmark = pytest.mark.django_db


def _title(html: str) -> str:
    return html.split("<title>", 1)[1].split("</title>", 1)[0]


def test_a_form_with_errors_is_titled_error(client, organisation, ks_series):
    response = client.post("/begar-handling/", {"requested": "", "delivery": ""})
    assert response.status_code == 422
    html = response.content.decode()
    assert _title(html).startswith("Fel: ")
    summary = html.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    assert 'href="#id_requested"' in summary


def test_a_page_without_errors_keeps_its_title(client, organisation, ks_series):
    html = client.get("/begar-handling/").content.decode()
    assert not _title(html).startswith("Fel")


def test_the_challenge_page_jumps_from_its_introduction_to_the_form(client, organisation):
    html = client.get("/utmana/").content.decode()
    intro_end = html.index('<section aria-labelledby="challenge-what">')
    assert 'href="#challenge-form-heading"' in html[:intro_end]
    assert 'id="challenge-form-heading"' in html
