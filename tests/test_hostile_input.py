"""Input no person sends gets a 4xx with a message in Swedish, never a server error
(issue 16, point 5). tests/test_no_server_errors.py tries every URL; these are the
findings one by one, with what the visitor is told."""

from __future__ import annotations

import pytest
from django.urls import reverse

from insyn.core.models import Role
from insyn.registry import services
from tests import factories

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999999"


@pytest.fixture(autouse=True)
def _report_errors(client):
    # A server error fails the test with its exception rather than a status.
    client.raise_request_exception = True


def test_an_overlong_cursor_is_refused_on_the_page_and_in_the_api(client, register):
    register()
    response = client.get(f"/postlista/?efter=2026-01-01_{HUGE}")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Länken till en senare sida av postlistan är inte giltig" in page
    assert 'href="/postlista/"' in page

    response = client.get("/api/v1/postlista", {"efter": f"2026-01-01_{HUGE}"})
    assert response.status_code == 422
    assert "efter" in response.json()["detail"]

    # A cursor the site wrote still works.
    first = client.get("/api/v1/postlista", {"limit": 1}).json()
    assert (
        first["next"] is None
        or client.get("/api/v1/postlista", {"efter": first["next"]}).status_code == 200
    )


def test_single_sign_on_that_is_not_set_up_answers_404_in_swedish(client, settings):
    settings.OIDC_ENABLED = False
    for name in ("oidc_authentication_init", "oidc_authentication_callback"):
        response = client.get(reverse(name))
        assert response.status_code == 404
        assert "Enkel inloggning är inte inställd här" in (response.content.decode())
    assert client.post(reverse("oidc_logout")).status_code == 404


def test_a_host_header_that_is_not_ours_gets_400_not_a_server_error(client):
    response = client.get("/postlista/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "Felaktig förfrågan" in response.content.decode()


def test_registering_a_document_in_a_closed_case_says_the_case_is_closed(client, rebecka, register):
    case = register().case
    services.case_close(case=case, closed_by=rebecka, note="Klart")
    client.force_login(rebecka)
    url = reverse("registry:document_create", args=[case.pk])
    for response in (client.get(url), client.post(url, {"description": "Ett brev till"})):
        assert response.status_code == 422
        assert "Ärendet är avslutat. Återuppta det för att registrera handlingar." in (
            response.content.decode()
        )
    assert case.documents.count() == 1


@pytest.mark.parametrize(
    "url",
    [
        "/postlista/?q=KS%202026/1%00",
        "/postlista/?q=skola%00",
        "/postlista/?board=KS%00",
        "/diarium/?q=Berg%00",
        "/avtalsregister/?q=St%C3%A4d%00",
        "/postlista%00/",
    ],
)
def test_a_nul_character_in_a_search_is_refused_with_400(client, rebecka, register, url):
    register()
    client.force_login(rebecka)
    response = client.get(url)
    assert response.status_code == 400
    assert "Förfrågan innehåller ett tecken som inte är tillåtet (NUL)." in (
        response.content.decode()
    )


def test_a_nul_character_in_the_api_and_in_a_posted_form_is_refused(client, rebecka, register):
    register()
    response = client.get("/api/v1/postlista", {"q": "KS 2026/1\x00"})
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]

    document = register()
    client.force_login(rebecka)
    response = client.post(
        reverse("registry:document_correct", args=[document.pk]),
        {"description": "Nytt\x00", "reason": "Fel"},
    )
    assert response.status_code == 400
    document.refresh_from_db()
    assert document.description == "Ett brev"


def test_an_id_beyond_what_the_database_holds_is_not_found(client, register):
    document = register()
    assert client.get(f"/postlista/{HUGE}/fil/1/").status_code == 404
    assert client.get(f"/postlista/{document.pk}/fil/{HUGE}/").status_code == 404
    assert client.get(f"/api/v1/postlista/{HUGE}").status_code == 404


def test_a_made_up_id_in_a_list_of_choices_is_a_form_error(client, ks):
    officer = factories.assign(
        factories.UserFactory(username="upphandlaren"), Role.PROCUREMENT_OFFICER
    )
    client.force_login(officer)
    response = client.post(
        reverse("procurement:create"),
        {"title": "Städ", "board": ks.pk, "other_boards": [HUGE], "responsible": officer.pk},
    )
    assert response.status_code == 422


def test_an_admin_history_page_of_an_id_that_cannot_be_is_not_found(client, register):
    document = register()
    admin = factories.UserFactory(username="admin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    base = "/admin/registry/document"
    assert client.get(f"{base}/{document.pk}/history/").status_code == 200
    assert client.get(f"{base}/abc/history/").status_code == 404
    assert client.get(f"{base}/{HUGE}/history/").status_code == 404
    assert client.get(f"{base}/{document.pk}/history/{HUGE}/").status_code == 404
