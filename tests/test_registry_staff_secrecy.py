"""Secrecy holds inside the kommun too (OSL 8 kap. 2 §): the staff case search, the case
page and the document page show a secret or masked field, a private person's name or
the real title of a case with a public title only to those with the right to see it
(the registrar of the board, the case officer, staff of the unit); everyone else on the
staff sees, and finds, what the postlista shows.

The data has the demo's shapes: a BUN case about kränkande behandling from a private
person (secret, OSL 23:2), a social-services case with a public title (secret, OSL 26:1),
a procurement whose tenders are secret until the award (OSL 19:3), and public cases.
"""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from insyn.core.models import Party, Role
from insyn.registry import selectors, services
from insyn.registry.models import Document, SecrecyGround
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def kommun(organisation, ks, ks_series):
    bun = factories.BoardFactory(code="BUN", name="Barn- och utbildningsnämnden")
    von = factories.BoardFactory(code="VON", name="Vård- och omsorgsnämnden")
    sn = factories.BoardFactory(code="SN", name="Servicenämnden")
    series = {b.code: factories.SeriesFactory(board=b) for b in (bun, von, sn)}
    bun_admin = factories.UnitFactory(board=bun, name="Barn- och utbildningsförvaltningen")
    units = {
        "bun_admin": bun_admin,
        "elevhalsan": factories.UnitFactory(board=bun, name="Elevhälsan", parent=bun_admin),
        "myndighet": factories.UnitFactory(board=von, name="Myndighetsenheten"),
        "von_admin": factories.UnitFactory(board=von, name="Vård- och omsorgsförvaltningen"),
        "servicekontoret": factories.UnitFactory(board=sn, name="Servicekontoret"),
        "skola": factories.UnitFactory(board=bun, name="Sjöviksskolan", parent=bun_admin),
        "upphandling": factories.UnitFactory(board=ks, name="Upphandlingsenheten"),
    }
    return {"series": series, "units": units}


@pytest.fixture
def users(kommun, rebecka):
    units = kommun["units"]

    def user(username, role, unit):
        made = factories.UserFactory(username=username, first_name=username.title())
        return factories.assign(made, role, unit=unit)

    return {
        "registrator": rebecka,
        # The demo's provider user: a role in a unit of another board.
        "utforare": user("utforare", Role.PROVIDER, units["servicekontoret"]),
        # Contract manager of BUN's administration: the units beneath it are theirs.
        "avtal_bun": user("avtal_bun", Role.CONTRACT_MANAGER, units["bun_admin"]),
        "upphandlare": user("upphandlare", Role.PROCUREMENT_OFFICER, units["upphandling"]),
    }


@pytest.fixture
def diarium(kommun, users):
    series, units = kommun["series"], kommun["units"]
    registrar = users["registrator"]
    grounds = {(g.chapter, g.section): g for g in SecrecyGround.objects.all()}

    def register(**fields):
        base = {
            "registered_by": registrar,
            "direction": Document.Direction.INCOMING,
            "document_date": TODAY(),
        }
        return services.case_register_with_document(**{**base, **fields})

    bullying = register(
        series=series["BUN"],
        title="Anmälan om kränkande behandling",
        unit=units["elevhalsan"],
        description="Anmälan om kränkande behandling av elev",
        counterpart=services.Counterpart(name="Johan Berg", kind=Party.Kind.PRIVATE_PERSON),
        secrecy=Document.Secrecy.SECRET,
        secrecy_ground=grounds[(23, "2")],
        files=[SimpleUploadedFile("anmalan.pdf", b"%PDF-1.4 anmalan")],
    )
    social = register(
        series=series["VON"],
        title="Ansökan om bistånd enligt socialtjänstlagen",
        public_title="Ärende enligt socialtjänstlagen",
        unit=units["myndighet"],
        description="Ansökan om hemtjänstinsatser",
        counterpart=services.Counterpart(name="Maria Nilsson", kind=Party.Kind.PRIVATE_PERSON),
        secrecy=Document.Secrecy.SECRET,
        secrecy_ground=grounds[(26, "1")],
    )
    # A procurement under evaluation: the tender is secret (OSL 19:3) until the award;
    # the procurement officer is the case officer.
    laundry = register(
        series=series["VON"],
        title="Tvätt av arbetskläder och textilier",
        unit=units["von_admin"],
        case_officer=users["upphandlare"],
        direction=Document.Direction.DRAWN_UP,
        description="Upphandlingsdokument för tvätt",
        counterpart=None,
    )
    tender = services.document_register(
        case=laundry.case,
        registered_by=registrar,
        direction=Document.Direction.INCOMING,
        document_date=TODAY(),
        description="Anbud i Tvätt av arbetskläder och textilier",
        counterpart=services.Counterpart(
            name="Textilvård Norden AB", kind=Party.Kind.COMPANY, org_number="556357-9134"
        ),
        secrecy=Document.Secrecy.SECRET,
        secrecy_ground=grounds[(19, "3")],
    )
    # Public, from a private person: the name is for the unit's staff only.
    school = register(
        series=series["BUN"],
        title="Synpunkt på skolskjutsar",
        unit=units["skola"],
        description="Synpunkt om skolskjutsens hämtningstider",
        counterpart=services.Counterpart(name="Karin Holm", kind=Party.Kind.PRIVATE_PERSON),
    )
    # Public, from a public body: anyone on the staff finds it by the sender.
    inspection = register(
        series=series["BUN"],
        title="Skolinspektionens tillsyn",
        unit=units["skola"],
        description="Beslut efter tillsyn av Sjöviksskolan",
        counterpart=services.Counterpart(name="Skolinspektionen", kind=Party.Kind.PUBLIC_BODY),
    )
    # Partly secret: the description is masked.
    masked = register(
        series=series["BUN"],
        title="Elevärende",
        unit=units["elevhalsan"],
        description="Utredning om Olle Hemligsson",
        counterpart=services.Counterpart(name="Sjöviks vårdcentral", kind=Party.Kind.PUBLIC_BODY),
        secrecy=Document.Secrecy.PARTIAL,
        secrecy_ground=grounds[(23, "2")],
        mask_description=True,
    )
    return {
        "bullying": bullying,
        "social": social,
        "tender": tender,
        "school": school,
        "inspection": inspection,
        "masked": masked,
    }


def search(client, query: str) -> str:
    response = client.get(reverse("registry:case_list"), {"q": query})
    assert response.status_code == 200
    # The search box repeats what was typed; that is not a leak.
    return re.sub(r'value="[^"]*"', "", response.content.decode())


def pages(client, document: Document) -> str:
    """The case page and the document page of a document, as one text."""
    case_page = client.get(reverse("registry:case_detail", args=[document.case_id]))
    document_page = client.get(reverse("registry:document_detail", args=[document.pk]))
    assert case_page.status_code == document_page.status_code == 200
    return case_page.content.decode() + document_page.content.decode()


def found(html: str, document: Document) -> bool:
    return document.case.number in html


# (the document, what is searched, the secret text that must not show)
SECRETS = [
    ("bullying", "Johan Berg", "Johan Berg"),
    ("social", "Maria Nilsson", "Maria Nilsson"),
    ("social", "bistånd", "Ansökan om bistånd"),
    ("tender", "Textilvård", "Textilvård"),
    ("school", "Karin Holm", "Karin Holm"),
    ("masked", "Hemligsson", "Olle Hemligsson"),
]


@pytest.mark.parametrize(("key", "query", "secret"), SECRETS)
def test_staff_without_the_right_neither_find_nor_see_a_secret(
    client, diarium, users, key, query, secret
):
    document = diarium[key]
    client.force_login(users["utforare"])
    html = search(client, query)
    assert not found(html, document), f"{query!r} found {document.case.number}"
    assert secret not in html
    shown = pages(client, document)
    assert secret not in shown
    # They see what the postlista shows instead.
    assert "Sekretess" in shown or "Privatperson" in shown or "Ärende enligt" in shown


@pytest.mark.parametrize(("key", "query", "secret"), SECRETS)
def test_the_registrar_of_the_board_finds_and_sees_it(client, diarium, users, key, query, secret):
    document = diarium[key]
    client.force_login(users["registrator"])
    html = search(client, query)
    assert found(html, document)
    assert secret in html  # what the search matched is shown to them
    assert secret in pages(client, document)


def test_staff_of_the_unit_see_their_units_secrets_only(client, diarium, users):
    client.force_login(users["avtal_bun"])
    # Elevhälsan is beneath their administration.
    html = search(client, "Johan Berg")
    assert found(html, diarium["bullying"]) and "Johan Berg" in html
    assert "Johan Berg" in pages(client, diarium["bullying"])
    # Social services are not theirs.
    html = search(client, "Maria Nilsson")
    assert not found(html, diarium["social"])
    assert "Maria Nilsson" not in pages(client, diarium["social"])
    assert "Ansökan om bistånd" not in pages(client, diarium["social"])


def test_the_case_officer_finds_the_tenders_of_their_procurement(client, diarium, users):
    client.force_login(users["upphandlare"])
    html = search(client, "Textilvård")
    assert found(html, diarium["tender"]) and "Textilvård Norden AB" in html
    assert not found(search(client, "Johan Berg"), diarium["bullying"])


def test_what_the_public_may_see_stays_searchable_for_all_staff(client, diarium, users):
    client.force_login(users["utforare"])
    for query, key in [
        ("Skolinspektionen", "inspection"),
        ("skolskjutsar", "school"),  # the title of a public case
        ("socialtjänstlagen", "social"),  # the public title
        ("Sjöviks vårdcentral", "masked"),  # the sender, not masked
    ]:
        assert found(search(client, query), diarium[key]), query
    # A diarienummer finds any case: the number itself is public.
    assert found(search(client, diarium["bullying"].number), diarium["bullying"])


def test_the_list_shows_the_public_title_to_others_and_the_title_to_the_registrar(
    client, diarium, users
):
    social = diarium["social"]
    client.force_login(users["utforare"])
    html = search(client, social.case.number)
    assert "Ärende enligt socialtjänstlagen" in html
    assert "Ansökan om bistånd" not in html
    client.force_login(users["registrator"])
    html = search(client, social.case.number)
    assert "Ansökan om bistånd enligt socialtjänstlagen" in html


def test_a_title_corrected_later_stays_out_of_the_case_history_for_others(client, diarium, users):
    social = diarium["social"].case
    services.case_correct(
        case=social,
        changed_by=users["registrator"],
        reason="Förtydligad",
        title="Ansökan om bistånd för Maria Nilsson",
    )
    client.force_login(users["utforare"])
    html = client.get(reverse("registry:case_detail", args=[social.pk])).content.decode()
    assert "Ansökan om bistånd" not in html and "Maria Nilsson" not in html


def test_secret_files_and_the_history_stay_with_those_who_may_see_them(client, diarium, users):
    bullying = diarium["bullying"]
    attachment = bullying.attachments.get()
    url = reverse("registry:attachment_download", args=[bullying.pk, attachment.pk])
    client.force_login(users["utforare"])
    assert client.get(url).status_code == 403
    page = client.get(reverse("registry:document_detail", args=[bullying.pk])).content.decode()
    assert "anmalan.pdf" not in page
    client.force_login(users["avtal_bun"])
    assert client.get(url).status_code == 200


def test_the_scope_as_a_query_agrees_with_the_check_of_each_document(diarium, users):
    """The search's condition and the document page's check are made from one scope."""
    documents = list(Document.objects.select_related("case__series", "unit"))
    for user in users.values():
        scope = selectors.secret_scope(user)
        visible = set(
            Document.objects.filter(
                scope.q(
                    board="case__series__board_id",
                    unit="unit",
                    officers=("case_officer_id", "case__case_officer_id"),
                )
            ).values_list("pk", flat=True)
        )
        expected = {d.pk for d in documents if selectors.user_can_view_secret(user, d)}
        assert visible == expected, user.username
