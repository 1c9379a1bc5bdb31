"""The public contract register and provider pages through HTTP: /avtal/, /avtal/<id>/,
/utforare/ and /utforare/<key>/.

The Swedish catalogue is filled in later, so these tests look at structure (status codes,
rows, links, classes, numbers) and never at the wording of messages."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from insyn.contracts import public, services
from insyn.contracts.models import Contract, ProviderInformation
from insyn.core.models import Party
from insyn.registry.models import SecrecyGround
from tests import factories

pytestmark = pytest.mark.django_db

LIST = "/avtal/"
PROVIDERS = "/utforare/"
PERSON = "Gunnel Enskildsson"
SECRET_YEARLY = Decimal("3487000")
SECRET_TOTAL = Decimal("13948000")


# --- helpers ---------------------------------------------------------------------------


class Rows(HTMLParser):
    """The body rows of the tables with `table_class`: per row its cells' text and the
    links in it."""

    def __init__(self, html: str, table_class: str):
        super().__init__(convert_charrefs=True)
        self.table_class = table_class
        self.rows: list[dict] = []
        self._in_table = self._in_body = False
        self._cell: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and self.table_class in (attrs.get("class") or "").split():
            self._in_table = True
        elif self._in_table and tag == "tbody":
            self._in_body = True
        elif self._in_body and tag == "tr":
            self.rows.append({"cells": [], "links": [], "classes": set()})
        elif self._in_body and tag in ("td", "th"):
            self._cell = []
        elif self._in_body and self.rows:
            if tag == "a":
                self.rows[-1]["links"].append(attrs.get("href"))
            self.rows[-1]["classes"].update((attrs.get("class") or "").split())

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self.rows:
            self.rows[-1]["cells"].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tbody":
            self._in_body = False
        elif tag == "table":
            self._in_table = False

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def contract_rows(html: str, table_class: str = "public-contracts") -> list[dict]:
    return Rows(html, table_class).rows


def numbers(html: str) -> list[str]:
    return [row["cells"][0] for row in contract_rows(html)]


def get(client, path, params=None, status=200) -> str:
    response = client.get(path, params or {})
    assert response.status_code == status, (path, params, response.status_code)
    return response.content.decode()


TODAY = timezone.localdate()
D = datetime.timedelta


@pytest.fixture
def register(ks, tn):
    """Make a contract through the register's service."""
    boards = {"KS": ks, "TN": tn}
    counter = iter(range(1, 1000))

    def make(*, shares=(("KS", 100),), **fields) -> Contract:
        data = {
            "number": f"AVT-2025-{next(counter):04d}",
            "title": "Ett avtal",
            "procedure": Contract.Procedure.OPEN,
            "start_date": TODAY - D(100),
            "end_date": TODAY + D(600),
            "yearly_value": Decimal("250000"),
            "shares": [services.Share(boards[code], Decimal(share)) for code, share in shares],
        }
        if fields.get("provider_unit") is not None:
            data.update(kind=Contract.Kind.INTERNAL, procedure=Contract.Procedure.INTERNAL)
        data.update(fields)
        return services.contract_create(data=services.ContractData(**data), user=None)

    return make


@pytest.fixture
def company():
    return Party.objects.create(
        kind=Party.Kind.COMPANY, name="Snöröjarna AB", org_number="556823-4560"
    )


@pytest.fixture
def nonprofit():
    return Party.objects.create(
        kind=Party.Kind.NONPROFIT,
        name="Föreningen Gemenskap",
        org_number="802456-7896",
        nonprofit_registered=True,
    )


@pytest.fixture
def person():
    return Party.objects.create(kind=Party.Kind.PRIVATE_PERSON, name=PERSON)


@pytest.fixture
def secrecy():
    return SecrecyGround.objects.get(chapter=31, section="16")


@pytest.fixture
def register_of_every_kind(register, company, nonprofit, person, tn_unit, secrecy):
    """One contract of each kind of provider, one with secret values, one ended and one
    not started."""
    return {
        "company": register(
            number="AVT-2025-0101",
            title="Snöröjning centrum",
            provider_party=company,
            shares=(("TN", 100),),
            start_date=TODAY - D(30),
        ),
        "in_house": register(
            number="AVT-2025-0102",
            title="Parkskötsel i egen regi",
            provider_unit=tn_unit,
            shares=(("TN", 100),),
            start_date=TODAY - D(400),
            end_date=None,
        ),
        "nonprofit": register(
            number="AVT-2025-0103",
            title="Drift av fritidsgård",
            provider_party=nonprofit,
            procedure=Contract.Procedure.RESERVED,
            reserved=True,
            shares=(("KS", 50), ("TN", 50)),
            start_date=TODAY - D(200),
        ),
        "person": register(
            number="AVT-2025-0104",
            title="Fotvård",
            provider_party=person,
            procedure=Contract.Procedure.DIRECT,
            start_date=TODAY - D(300),
        ),
        "secret": register(
            number="AVT-2025-0105",
            title="IT-drift",
            provider_party=company,
            yearly_value=SECRET_YEARLY,
            total_value=SECRET_TOTAL,
            values_secret=True,
            values_secrecy_ground=secrecy,
            start_date=TODAY - D(50),
        ),
        "ended": register(
            number="AVT-2025-0106",
            title="Snöröjning centrum (förra perioden)",
            provider_party=company,
            shares=(("TN", 100),),
            start_date=TODAY - D(1200),
            end_date=TODAY - D(31),
        ),
        "upcoming": register(
            number="AVT-2025-0107",
            title="Gatubelysning",
            provider_party=company,
            shares=(("TN", 100),),
            start_date=TODAY + D(40),
        ),
    }


# --- /avtal/ -----------------------------------------------------------------------------


def test_the_list_shows_every_contract_newest_start_first(client, register_of_every_kind):
    c = register_of_every_kind
    html = get(client, LIST)
    assert numbers(html) == [
        c[k].number
        for k in ("upcoming", "company", "secret", "nonprofit", "person", "in_house", "ended")
    ]
    rows = {row["cells"][0]: row for row in contract_rows(html)}
    # The number links to the contract, the provider to its page; egen regi is marked.
    company_row = rows[c["company"].number]
    assert f"/avtal/{c['company'].pk}/" in company_row["links"]
    assert f"/utforare/p{c['company'].provider_party_id}/" in company_row["links"]
    in_house_row = rows[c["in_house"].number]
    assert f"/utforare/u{c['in_house'].provider_unit_id}/" in in_house_row["links"]
    assert "pill--in-house" in in_house_row["classes"]
    assert "pill--nonprofit" in rows[c["nonprofit"].number]["classes"]
    # Boards, dates and the yearly value in their columns.
    assert "KS" in rows[c["nonprofit"].number]["cells"][3]
    assert "TN" in rows[c["nonprofit"].number]["cells"][3]
    assert company_row["cells"][4] == c["company"].start_date.isoformat()
    assert company_row["cells"][5] == c["company"].end_date.isoformat()
    assert company_row["cells"][8].replace("\xa0", " ") == "250 000 kr"
    assert "pill--ended" in rows[c["ended"].number]["classes"]
    # An accessible table: a caption and header cells with a scope.
    assert "<caption" in html and 'scope="col"' in html and 'scope="row"' in html


def test_order_by_number(client, register_of_every_kind):
    html = get(client, LIST, {"order": "number"})
    assert numbers(html) == sorted(c.number for c in register_of_every_kind.values())


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("AVT-2025-0103", {"nonprofit"}),
        ("fritidsgård", {"nonprofit"}),
        ("snöröjarna", {"company", "secret", "ended", "upcoming"}),
        ("Gata och park", {"in_house"}),
    ],
)
def test_search_by_number_title_and_provider(client, register_of_every_kind, query, expected):
    html = get(client, LIST, {"q": query})
    assert set(numbers(html)) == {register_of_every_kind[k].number for k in expected}
    # The search is kept in the form.
    assert f'value="{query}"' in html


def test_a_private_person_cannot_be_found_by_name(client, register_of_every_kind):
    for query in (PERSON, "Gunnel", "Enskildsson"):
        html = get(client, LIST, {"q": query})
        assert numbers(html) == []
        assert register_of_every_kind["person"].number not in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"board": "KS"}, {"nonprofit", "person", "secret"}),
        ({"provider": "in_house"}, {"in_house"}),
        ({"provider": "nonprofit"}, {"nonprofit"}),
        ({"provider": "company"}, {"company", "secret", "ended", "upcoming"}),
        ({"provider": "private_person"}, {"person"}),
        ({"reserved": "on"}, {"nonprofit"}),
        ({"status": "ended"}, {"ended"}),
        ({"status": "upcoming"}, {"upcoming"}),
        (
            {"status": "running"},
            {"company", "in_house", "nonprofit", "person", "secret"},
        ),
        ({"status": "running", "board": "TN", "provider": "company"}, {"company"}),
    ],
)
def test_filters(client, register_of_every_kind, params, expected):
    html = get(client, LIST, params)
    assert set(numbers(html)) == {register_of_every_kind[k].number for k in expected}


def test_a_contract_shared_by_boards_is_listed_once(client, register_of_every_kind):
    html = get(client, LIST, {"board": "TN"})
    listed = numbers(html)
    assert listed.count(register_of_every_kind["nonprofit"].number) == 1


@pytest.mark.parametrize(
    "params", [{"board": "XX"}, {"provider": "robot"}, {"status": "someday"}, {"order": "x"}]
)
def test_a_bad_filter_is_a_422_with_the_form(client, register_of_every_kind, params):
    html = get(client, LIST, params, status=422)
    assert 'id="error-summary"' in html
    assert numbers(html) == []


def test_pages_of_the_list(client, register_of_every_kind, monkeypatch):
    monkeypatch.setattr(public, "PAGE_SIZE", 3)
    first = get(client, LIST, {"order": "number"})
    second = get(client, LIST, {"order": "number", "sida": "2"})
    last = get(client, LIST, {"order": "number", "sida": "3"})
    everything = sorted(c.number for c in register_of_every_kind.values())
    assert numbers(first) + numbers(second) + numbers(last) == everything
    assert 'rel="next"' in first and "sida=2" in first and "order=number" in first
    assert 'rel="prev"' in second
    assert 'rel="next"' not in last
    # A page past the end, or no number, shows the nearest page rather than an error.
    assert numbers(get(client, LIST, {"order": "number", "sida": "99"})) == numbers(last)
    assert numbers(get(client, LIST, {"order": "number", "sida": "x"})) == numbers(first)


def test_the_list_takes_the_same_queries_for_more_rows(
    client, register, company, django_assert_max_num_queries
):
    register(provider_party=company)
    with django_assert_max_num_queries(6) as few:
        get(client, LIST)
    for _ in range(10):
        register(provider_party=company, shares=(("KS", 50), ("TN", 50)))
    with django_assert_max_num_queries(len(few.captured_queries)):
        get(client, LIST)


# --- /avtal/<id>/ ------------------------------------------------------------------------


def test_a_contract_as_the_public_sees_it(client, register_of_every_kind, ks):
    contract = register_of_every_kind["nonprofit"]
    services.strategic_set(share=contract.boards.get(board=ks), strategic=True)
    services.requirement_add(
        contract=contract,
        title="Öppet fem kvällar i veckan",
        text="Fritidsgården ska ha öppet måndag till fredag 15-21.",
        area="quality",
        essential=True,
    )
    services.requirement_add(
        contract=contract,
        title="Kollektivavtalsenlig lön",
        text="Lön enligt kollektivavtal.",
        area="labour",
        labour_topic="wages",
        essential=True,
    )
    services.requirement_add(
        contract=contract,
        title="Fika till besökarna",
        text="Inte ett väsentligt krav.",
        area="social",
        essential=False,
    )
    html = get(client, f"/avtal/{contract.pk}/")
    assert contract.number in html and contract.title in html
    assert f'href="/utforare/p{contract.provider_party_id}/"' in html
    assert "Föreningen Gemenskap" in html
    assert "250\xa0000\xa0kr" in html
    # Both boards with their shares, the strategic one marked.
    assert "Kommunstyrelsen (KS): 50 %" in html and "Tekniska nämnden (TN): 50 %" in html
    # The essential requirements by title only, under their areas, in the order of the
    # areas; the full text and the other requirements are not published here.
    quality = html.index("Öppet fem kvällar i veckan")
    labour = html.index("Kollektivavtalsenlig lön")
    assert quality < labour
    assert "måndag till fredag" not in html
    assert "Fika till besökarna" not in html


def test_an_in_house_contract_until_further_notice(client, register_of_every_kind):
    contract = register_of_every_kind["in_house"]
    html = get(client, f"/avtal/{contract.pk}/")
    assert f'href="/utforare/u{contract.provider_unit_id}/"' in html
    assert "Gata och park" in html


@pytest.mark.parametrize("path", ["/avtal/999999/", "/avtal/0/"])
def test_an_unknown_contract_is_a_404(client, register_of_every_kind, path):
    get(client, path, status=404)


# --- Secret values ---------------------------------------------------------------------------


def _value_texts(value: Decimal) -> list[str]:
    whole = int(value)
    return [
        str(whole),
        f"{whole:,}",
        f"{whole:,}".replace(",", " "),
        f"{whole:,}".replace(",", "\xa0"),
        f"{whole:,}".replace(",", "&nbsp;"),
        f"{whole:,}".replace(",", "."),
    ]


def test_secret_values_reach_no_public_page(client, register_of_every_kind):
    contract = register_of_every_kind["secret"]
    pages = {
        "list": get(client, LIST),
        "search": get(client, LIST, {"q": contract.number}),
        "detail": get(client, f"/avtal/{contract.pk}/"),
        "provider": get(client, f"/utforare/p{contract.provider_party_id}/"),
        "providers": get(client, PROVIDERS),
    }
    for name, html in pages.items():
        for value in (SECRET_YEARLY, SECRET_TOTAL):
            for text in _value_texts(value):
                assert text not in html, (name, text)
    # Listed, with the withheld mark where the value would be, and the legal ground on
    # the contract's page.
    row = next(r for r in contract_rows(pages["list"]) if r["cells"][0] == contract.number)
    assert "secret" in row["classes"]
    assert "OSL 31 kap. 16 §" in pages["detail"]
    # The other contracts' values are still shown.
    assert "250\xa0000\xa0kr" in pages["list"]


# --- Private persons ----------------------------------------------------------------------------


def test_a_private_persons_name_is_on_no_public_page(client, register_of_every_kind):
    contract = register_of_every_kind["person"]
    key = f"p{contract.provider_party_id}"
    pages = [
        get(client, LIST),
        get(client, LIST, {"provider": "private_person"}),
        get(client, f"/avtal/{contract.pk}/"),
        get(client, PROVIDERS),
    ]
    for html in pages:
        assert PERSON not in html
        assert "Enskildsson" not in html
        assert f"/utforare/{key}/" not in html
    # The contract itself is listed, without a link to a provider page.
    row = next(r for r in contract_rows(pages[0]) if r["cells"][0] == contract.number)
    assert [link for link in row["links"] if link.startswith("/utforare/")] == []
    # Nor does the person's key open a page.
    get(client, f"/utforare/{key}/", status=404)


# --- /utforare/ ------------------------------------------------------------------------


def test_the_providers_in_one_list_by_name_with_statistics(client, register_of_every_kind):
    c = register_of_every_kind
    html = get(client, PROVIDERS)
    rows = contract_rows(html, "provider-list")
    listed = {row["links"][0]: row["cells"] for row in rows}
    company, unit = c["company"].provider_party, c["in_house"].provider_unit
    nonprofit = c["nonprofit"].provider_party
    # name, kind, running contracts, every contract
    assert listed[f"/utforare/p{company.pk}/"][1:] == ["Företag", "2", "4"]
    assert listed[f"/utforare/u{unit.pk}/"][1:] == ["Egen regi", "1", "1"]
    assert listed[f"/utforare/p{nonprofit.pk}/"][2:] == ["1", "1"]
    assert len(listed) == 3  # never the private person
    # One list, alphabetical: no kind of provider comes first by design, egen regi
    # neither (the seeds ask that no provider is favoured).
    assert [row["cells"][0].split(" registrerad")[0] for row in rows] == [
        "Föreningen Gemenskap",
        "Gata och park",
        "Snöröjarna AB",
    ]
    assert 'id="kind-in_house"' not in html
    # Running contracts by kind, the kinds in alphabetical order: other public bodies 0,
    # egen regi 1, companies 2, idéburna 1, private persons 1.
    statistics = [row["cells"] for row in contract_rows(html, "provider-statistics")]
    assert [row[0] for row in statistics] == [
        "Andra offentliga aktörer",
        "Egen regi",
        "Företag",
        "Idéburna organisationer",
        "Privatpersoner (namnges inte)",
    ]
    assert [row[1:] for row in statistics] == [
        ["0", "0", "0,0 %"],
        ["1", "1", "20,0 %"],
        ["1", "2", "40,0 %"],
        ["1", "1", "20,0 %"],
        ["1", "1", "20,0 %"],
    ]


def test_the_visitor_chooses_the_order_of_the_providers(client, register_of_every_kind):
    def names(query: str) -> list[str]:
        rows = contract_rows(get(client, PROVIDERS + query), "provider-list")
        return [row["cells"][0].split(" registrerad")[0] for row in rows]

    alphabetical = ["Föreningen Gemenskap", "Gata och park", "Snöröjarna AB"]
    assert names("") == names("?order=name") == alphabetical
    # By the most running contracts: the company's two first, then by name.
    assert names("?order=running") == ["Snöröjarna AB", "Föreningen Gemenskap", "Gata och park"]
    # By kind, the kinds alphabetical too: egen regi, företag, idéburna.
    assert names("?order=kind") == ["Gata och park", "Snöröjarna AB", "Föreningen Gemenskap"]
    response = client.get(PROVIDERS + "?order=favourites")
    assert response.status_code == 422
    assert "error-summary" in response.content.decode()


def test_a_nonprofit_provider_is_named_so_once(client, register_of_every_kind):
    nonprofit = register_of_every_kind["nonprofit"].provider_party
    html = get(client, f"/utforare/p{nonprofit.pk}/")
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "idéburen organisation" in text
    assert "idéburen idéburen" not in text.casefold()


def test_the_provider_list_with_no_contracts(client, organisation):
    html = get(client, PROVIDERS)
    assert contract_rows(html, "provider-list") == []
    assert [row["cells"][3] for row in contract_rows(html, "provider-statistics")] == [
        "–",
        "–",
        "–",
        "–",
    ]


# --- /utforare/<key>/ ---------------------------------------------------------------------


def test_the_page_of_an_in_house_unit(client, register_of_every_kind):
    contract = register_of_every_kind["in_house"]
    unit = contract.provider_unit
    ProviderInformation.objects.create(
        provider_unit=unit,
        title="Parkerna i sommar",
        body="Gräset klipps varannan vecka.\n\nPapperskorgar töms dagligen.",
        published=True,
    )
    html = get(client, f"/utforare/u{unit.pk}/")
    assert f"<h1>{unit.name}</h1>" in html
    assert "pill--in-house" in html
    assert unit.board.name in html
    assert numbers(html) == [contract.number]
    assert "Parkerna i sommar" in html
    assert "<p>Gräset klipps varannan vecka.</p>" in html
    # A clear place for the yearly follow-up, with no results made up.
    assert 'class="notice"' in html


def test_the_page_of_a_company(client, register_of_every_kind):
    c = register_of_every_kind
    company = c["company"].provider_party
    ProviderInformation.objects.create(
        provider_party=company, title="Så röjer vi snö", body="Vi börjar vid 5 cm.", published=True
    )
    ProviderInformation.objects.create(
        provider_party=company, title="Utkast om halka", body="Ej granskat.", published=False
    )
    html = get(client, f"/utforare/p{company.pk}/")
    assert f"<h1>{company.name}</h1>" in html
    assert company.org_number in html
    assert "pill--in-house" not in html
    assert numbers(html) == [c[k].number for k in ("upcoming", "company", "secret", "ended")]
    assert "Så röjer vi snö" in html
    # Unpublished information is not shown.
    assert "Utkast om halka" not in html and "Ej granskat." not in html


def test_the_page_of_an_ideburen_organisation(client, register_of_every_kind):
    nonprofit = register_of_every_kind["nonprofit"].provider_party
    html = get(client, f"/utforare/p{nonprofit.pk}/")
    assert "pill--nonprofit" in html
    assert numbers(html) == [register_of_every_kind["nonprofit"].number]


def test_a_provider_with_only_unpublished_information_has_no_page(client, organisation):
    party = Party.objects.create(kind=Party.Kind.COMPANY, name="Nytt Bolag AB")
    ProviderInformation.objects.create(
        provider_party=party, title="Utkast", body="Ej publicerat.", published=False
    )
    get(client, f"/utforare/p{party.pk}/", status=404)
    ProviderInformation.objects.filter(provider_party=party).update(published=True)
    assert "Ej publicerat." in get(client, f"/utforare/p{party.pk}/")


def test_unknown_provider_keys_are_a_404(client, register_of_every_kind, ks):
    # A company known only from the diarium provides nothing; a unit with no agreement
    # is not a provider either.
    letter_writer = Party.objects.create(kind=Party.Kind.COMPANY, name="Brevskrivarna AB")
    idle_unit = factories.UnitFactory(board=ks, name="Kansliet")
    for key in (
        "p999999",
        "u999999",
        f"p{letter_writer.pk}",
        f"u{idle_unit.pk}",
        "x1",
        "p",
        "pabc",
        "p-1",
        "p" + "9" * 30,
    ):
        get(client, f"/utforare/{key}/", status=404)
