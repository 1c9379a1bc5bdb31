"""The journey of the issue's definition of done, in a real browser: the demo registrar
logs in, registers a secret document with a file, and finds it masked in the postlista.
The staff pages on the way are checked with axe-core too."""

from __future__ import annotations

import re

import pytest

from tests.browser.test_public_pages import assert_no_axe_violations

pytestmark = pytest.mark.browser

SECRET_DESCRIPTION = "Orosanmälan om familjen Testsson"
SENDER = "Greta Testsson"


def test_registrar_registers_a_secret_document_and_the_postlista_masks_it(demo, page, tmp_path):
    from insyn.demo import DEMO_PASSWORD
    from insyn.registry.models import Document

    upload = tmp_path / "anmalan.pdf"
    upload.write_bytes(b"%PDF-1.4\n% anmalan\n")

    page.goto(f"{demo}/diarium/")
    assert "/logga-in/" in page.url  # anonymous: sent to login
    assert_no_axe_violations(page)
    page.fill("#id_username", "registrator")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/diarium/$"))
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Registrera en handling i ett nytt ärende").click()
    assert_no_axe_violations(page)
    page.select_option("#id_series", label="VON – Vård- och omsorgsnämnden")
    page.fill("#id_title", "Ärende enligt socialtjänstlagen")
    page.select_option("#id_direction", value="incoming")
    page.fill("#id_description", SECRET_DESCRIPTION)
    page.select_option("#id_counterpart_kind", value="private_person")
    page.fill("#id_counterpart_name", SENDER)
    page.select_option("#id_secrecy", value="secret")
    ground = page.locator("#id_secrecy_ground option", has_text="OSL 26 kap. 1 §")
    page.select_option("#id_secrecy_ground", value=ground.get_attribute("value"))
    page.set_input_files("#id_attachments", str(upload))
    page.get_by_role("button", name="Registrera").click()
    page.wait_for_url(re.compile(r"/diarium/arende/\d+/$"))
    assert re.search(r"VON \d{4}/\d{4}-1 har registrerats", page.content())
    assert_no_axe_violations(page)

    document = Document.objects.get(description=SECRET_DESCRIPTION)
    assert document.attachments.count() == 1
    assert document.number.startswith("VON ")
    for path in (f"/diarium/handling/{document.pk}/", f"/diarium/handling/{document.pk}/ratta/"):
        page.goto(demo + path)
        assert_no_axe_violations(page)

    page.goto(f"{demo}/postlista/")
    row = page.locator("tr", has_text=document.number)
    assert row.count() == 1
    assert "Sekretess" in row.inner_text()
    html = page.content()
    assert SECRET_DESCRIPTION not in html and SENDER not in html
    row.get_by_role("link", name=document.number).click()
    detail = page.content()
    assert "OSL 26 kap. 1 §" in detail
    assert SECRET_DESCRIPTION not in detail and "anmalan.pdf" not in detail


def test_a_wrong_role_is_refused_in_the_browser(demo, page):
    from insyn.demo import DEMO_PASSWORD

    page.goto(f"{demo}/logga-in/")
    page.fill("#id_username", "ekonom")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    response = page.goto(f"{demo}/diarium/registrera/")
    assert response is not None and response.status == 403
    assert "Åtkomst nekad" in page.content()


def test_a_request_for_a_boards_document_and_the_staff_search_in_the_browser(demo, page):
    """A request for Tekniska nämnden's document goes to TN; the registrar checks its
    public description; the case search shows what it matched. Each page passes axe."""
    from insyn.demo import DEMO_PASSWORD
    from insyn.registry.models import AccessRequest

    page.goto(f"{demo}/begar-handling/")
    page.fill("#id_requested", "Avtalet om parkskötsel")
    page.fill("#id_reference", "min granne")
    page.select_option("#id_board", label="Tekniska nämnden")
    page.check("input[name=delivery][value=visit]")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Skicka begäran").click()
    page.wait_for_url(re.compile(r"/begar-handling/mottagen/$"))
    request = AccessRequest.objects.get(requested="Avtalet om parkskötsel")
    assert request.document.number.startswith("TN ")

    page.goto(f"{demo}/logga-in/")
    page.fill("#id_username", "registrator")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/diarium/$"))
    page.get_by_role("link", name="Granska den offentliga beskrivningen").first.click()
    assert_no_axe_violations(page)
    assert "min granne" in page.content()

    page.goto(f"{demo}/diarium/?q=Johan+Berg")
    assert "Hittad i" in page.content()
    assert_no_axe_violations(page)
