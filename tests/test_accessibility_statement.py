"""The accessibility statement holds what lag (2018:1937) and Digg's model ask of it."""

import pytest

from insyn.core.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def kommun(organisation):
    Organisation.objects.filter(pk=organisation.pk).update(
        name="Testby kommun", email="kommun@testby.example", phone="0123-45 67 00"
    )


def test_the_statement_holds_what_diggs_model_requires(client, kommun):
    html = client.get("/tillganglighet/").content.decode()
    # The actor, the service and the compliance status in the law's own words.
    assert "Testby kommun står bakom den här webbplatsen, insyn" in html
    assert "Webbplatsen är delvis förenlig med lagen (2018:1937)" in html
    # The content that is not accessible, and why; what the law does not cover.
    assert "<h3>Innehåll som inte är tillgängligt</h3>" in html
    assert "förenlighet med WCAG 2.1 AA" in html
    assert "<h3>Oskäligt betungande anpassning</h3>" in html
    assert "<h3>Innehåll som inte omfattas av lagkraven</h3>" in html
    # How to report a problem, and Digg's notification service.
    assert 'href="mailto:kommun@testby.example?subject=' in html
    assert "eller ring 0123-45 67 00" in html
    assert 'href="https://www.digg.se/tdosanmalan"' in html
    # How and when it was assessed, and when the statement was updated.
    assert "Självskattning." in html
    assert "Vi bedömde senast webbplatsen den 20" in html
    assert "Redogörelsen uppdaterades senast den 20" in html


def test_every_page_links_to_the_statement(client, kommun):
    for path in ("/", "/postlista/", "/utmana/", "/avtal/"):
        assert 'href="/tillganglighet/"' in client.get(path).content.decode(), path
