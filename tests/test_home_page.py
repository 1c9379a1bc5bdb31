"""The home page is the entry to every public part of the site, each with its latest
events, and names no private person."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from insyn import demo
from insyn.challenges.models import Challenge
from insyn.contracts.models import Contract
from insyn.followup.models import FollowUpReport
from insyn.procurement.models import Procurement

pytestmark = pytest.mark.django_db

PUBLIC_PARTS = [
    "portal:postlista",
    "portal:access_request",
    "portal:challenge_form",
    "portal:challenge_list",
    "portal:procurement_list",
    "portal:contract_list",
    "portal:provider_list",
]


@pytest.fixture
def demo_kommun(capsys):
    call_command("demo")
    capsys.readouterr()


def _main(html: str) -> str:
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def test_the_home_page_leads_to_every_public_part_with_its_latest_events(client, demo_kommun):
    html = client.get("/").content.decode()
    main = _main(html)
    for name in PUBLIC_PARTS:
        assert f'href="{reverse(name)}"' in main, name

    newest_challenge = Challenge.objects.order_by("-received_on", "-id").first()
    assert newest_challenge.case.number in main
    # The procurement whose latest event (awarded, started, planned) is newest.
    public = Procurement.objects.exclude(status=Procurement.Status.CANCELLED)
    newest = max(public, key=lambda p: (p.awarded_on or p.opened_on or p.created_at.date(), p.pk))
    assert newest.title in main
    today = timezone.localdate()
    newest_contract = (
        Contract.objects.filter(start_date__lte=today)
        .exclude(end_date__lt=today)
        .exclude(terminated_on__lt=today)
        .order_by("-start_date", "-number")
        .first()
    )
    assert reverse("portal:contract_detail", args=[newest_contract.pk]) in main
    published = (
        FollowUpReport.objects.filter(published=True).order_by("-published_on", "-pk").first()
    )
    assert "Senast publicerade uppföljningar" in main
    assert published.contract.title in main


def test_the_menu_offers_the_providers(client, demo_kommun):
    html = client.get("/avtal/").content.decode()
    header = html.split("</header>", 1)[0]
    assert f'href="{reverse("portal:provider_list")}"' in header


def test_the_home_page_names_no_private_person(client, demo_kommun):
    html = client.get("/").content.decode()
    for name in demo.PRIVATE_PERSONS:
        assert name not in html


def test_the_home_page_reads_a_bounded_number_of_queries(client, demo_kommun):
    client.get("/")  # references and caches warmed
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    # The postlista rows, and per part its rows and their related counts: not one per row.
    assert len(queries) <= 10, [q["sql"][:120] for q in queries.captured_queries]


def test_the_demo_prints_the_address_the_site_is_served_on(settings, capsys):
    # `make run PORT=8100` sets INSYN_BASE_URL=http://127.0.0.1:8100 (Makefile).
    settings.INSYN_BASE_URL = "http://127.0.0.1:8100"
    call_command("demo")
    assert "Demo logins (http://127.0.0.1:8100/logga-in/):" in capsys.readouterr().out
