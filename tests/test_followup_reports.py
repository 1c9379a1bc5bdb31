"""The board's report, the compilation for KS/KF and the annual cycle's calendar feeds,
through the URLs people use: the PDF read back with pypdf, the workbook with openpyxl, the
feeds with icalendar. The year is built through the services, as staff would build it."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from icalendar import Calendar
from pypdf import PdfReader

from insyn.contracts import services as contracts
from insyn.contracts.models import Contract, ContractBoard
from insyn.core import links
from insyn.core.models import Party, Role
from insyn.followup import calendar
from insyn.followup import services as followup
from insyn.followup.models import Assessment, CycleEvent, Goal, Measure
from insyn.registry.models import Document
from tests import factories

pytestmark = pytest.mark.django_db

YEAR = 2026
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _contract(number, title, *, board, party=None, unit=None, requirements=()):
    contract = contracts.contract_create(
        data=contracts.ContractData(
            number=number,
            title=title,
            kind=Contract.Kind.INTERNAL if unit else Contract.Kind.EXTERNAL,
            procedure=Contract.Procedure.INTERNAL if unit else Contract.Procedure.OPEN,
            provider_party=party,
            provider_unit=unit,
            start_date=datetime.date(2025, 1, 1),
            shares=[contracts.Share(board, Decimal("100"))],
        ),
        user=None,
    )
    for title, area in requirements:
        contracts.requirement_add(
            contract=contract, title=title, text="", area=area, essential=True
        )
    contracts.strategic_set(share=contract.boards.get(board=board), strategic=True)
    return contract


@pytest.fixture
def anna(organisation):
    user = factories.UserFactory(username="anna", first_name="Anna", last_name="Avtal")
    return factories.assign(user, Role.CONTRACT_MANAGER)


@pytest.fixture
def sam(ks):
    user = factories.UserFactory(username="sam", first_name="Sam", last_name="Sekreterare")
    return factories.assign(user, Role.BOARD_SECRETARY, board=ks)


@pytest.fixture
def year(ks, tn, ks_series, tn_series, tn_unit, anna, sam):
    """KS follows up a cleaning contract (one requirement met, one partly, one not) and
    an internal agreement in egen regi (all met); TN one contract of its own."""
    cleaning = _contract(
        "AVT-2026-01",
        "Lokalvård",
        board=ks,
        party=Party.objects.create(kind=Party.Kind.COMPANY, name="Städbolaget AB"),
        requirements=[
            ("Städning enligt schema", "quality"),
            ("Kollektivavtalsenliga löner", "labour"),
            ("Miljömärkta medel", "environment"),
        ],
    )
    Contract.objects.filter(pk=cleaning.pk).update(contract_manager=anna)
    parks = _contract(
        "INT-2026-02",
        "Parkskötsel",
        board=ks,
        unit=tn_unit,
        requirements=[("Klippning varannan vecka", "quality")],
    )
    snow = _contract(
        "AVT-TN-03",
        "Snöröjning",
        board=tn,
        party=Party.objects.create(kind=Party.Kind.COMPANY, name="Plogarna AB"),
        requirements=[("Plogning inom sex timmar", "quality")],
    )

    plan = followup.plan_create(board=ks, year=YEAR)
    cleaning_item = followup.plan_item_add(
        plan=plan,
        contract=cleaning,
        method="Möte med utföraren",
        due_on=datetime.date(YEAR, 9, 15),
        responsible=anna,
    )
    followup.plan_item_add(
        plan=plan, contract=parks, method="Besök", due_on=datetime.date(YEAR, 6, 1)
    )
    followup.plan_decide(plan=plan, decided_on=datetime.date(YEAR, 2, 10), paragraph="12", user=sam)

    goal = Goal.objects.create(board=ks, year=YEAR, title="Rena och trygga lokaler")
    report = followup.report_create(contract=cleaning, year=YEAR, plan_item=cleaning_item)
    quality, labour, environment = cleaning.requirements.order_by("order")
    followup.assessment_record(report=report, requirement=quality, result=Assessment.Result.MET)
    followup.assessment_record(
        report=report, requirement=labour, result=Assessment.Result.PARTLY, comment="Två fall"
    )
    followup.assessment_record(
        report=report, requirement=environment, result=Assessment.Result.NOT_MET
    )
    wages = followup.deficiency_add(
        report=report, requirement=labour, description="Två anställda under avtalad lön"
    )
    chemicals = followup.deficiency_add(
        report=report, requirement=environment, description="Omärkta rengöringsmedel"
    )
    followup.measure_add(
        report=report,
        deficiency=wages,
        description="Lönerevision hos utföraren",
        responsible="Avtalsansvarig",
        due_on=datetime.date(YEAR, 12, 1),
    )
    chemicals_measure = followup.measure_add(
        report=report,
        deficiency=chemicals,
        description="Byte till miljömärkta medel",
        responsible="Utföraren",
        due_on=datetime.date(YEAR + 1, 1, 31),
    )
    report.goal_effect = "Bristerna påverkar inte målet om rena lokaler."
    report.save()
    report.goals.add(goal)
    followup.report_submit(report=report, user=anna)
    followup.measure_set_status(measure=chemicals_measure, status=Measure.Status.IN_PROGRESS)

    parks_report = followup.report_create(contract=parks, year=YEAR)
    followup.assessment_record(
        report=parks_report,
        requirement=parks.requirements.get(),
        result=Assessment.Result.MET,
    )
    followup.report_submit(report=parks_report, user=anna)

    snow_report = followup.report_create(contract=snow, year=YEAR)
    followup.assessment_record(
        report=snow_report, requirement=snow.requirements.get(), result=Assessment.Result.MET
    )
    followup.report_submit(report=snow_report, user=anna)
    return {"cleaning": cleaning, "parks": parks, "snow": snow, "report": report}


@pytest.fixture
def reader(organisation):
    """A staff member who may read the reports (any role)."""
    user = factories.UserFactory(username="karin")
    return factories.assign(user, Role.CHIEF_EXECUTIVE)


def _pdf_text(content: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())


# --- the figures ------------------------------------------------------------------------


def test_the_board_report_counts_results_deficiencies_and_measures(ks, year):
    from insyn.followup import reporting

    report = reporting.board_report(board=ks, year=YEAR)
    assert [r.contract.number for r in report.rows] == ["AVT-2026-01", "INT-2026-02"]
    assert report.plan_decided and report.plan.paragraph == "§ 12"
    t = report.totals
    assert (t.contracts, t.reported) == (2, 2)
    assert t.results == {"met": 2, "partly": 1, "not_met": 1}
    assert t.deficiencies["labour"] == 1 and t.deficiencies["environment"] == 1
    assert t.deficiency_count == 2
    assert t.measures == {"planned": 1, "in_progress": 1, "done": 0}
    assert t.measures_open == 2


def test_a_draft_report_is_listed_but_not_counted(ks, year, anna):
    from insyn.followup import reporting

    extra = _contract(
        "AVT-2026-09", "Tvätt", board=ks, party=factories.PartyFactory(), requirements=[]
    )
    followup.report_create(contract=extra, year=YEAR)
    report = reporting.board_report(board=ks, year=YEAR)
    row = next(r for r in report.rows if r.contract == extra)
    assert not row.submitted and row.report_word == "Utkast, ej inlämnad"
    assert report.totals.contracts == 3 and report.totals.reported == 2


# --- PDF and Excel through the URLs ---------------------------------------------------------


def test_the_board_report_preview_and_pdf(client, reader, ks, year):
    client.force_login(reader)
    url = reverse("followup:board_report", args=[ks.pk, YEAR])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "AVT-2026-01" in html and "Städbolaget AB" in html and "<svg" in html
    # A reader without a registering role sees no register form.
    assert reverse("followup:board_report_register", args=[ks.pk, YEAR]) not in html

    response = client.get(url + "?format=pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "uppfoljning-strategiska-avtal-ks-2026.pdf" in response["Content-Disposition"]
    text = _pdf_text(response.content)
    assert "Uppföljning av strategiska avtal 2026" in text
    assert "Kommunstyrelsen" in text
    for number in ("AVT-2026-01", "INT-2026-02"):
        assert number in text
    assert "Städbolaget AB" in text and "Gata och park (egen regi)" in text
    assert "beslutades 2026-02-10, § 12" in text
    # The summary row: 2 contracts, 2 reported, 2 met, 1 partly, 1 not met, 2
    # deficiencies, 2 measures, 2 not done.
    assert "2 2 2 1 1 2 2 2" in text
    assert "Delvis uppfyllt" in text and "Ej uppfyllt" in text
    assert "Omärkta rengöringsmedel" in text
    assert "Byte till miljömärkta medel" in text and "Pågår" in text
    assert "Bristerna påverkar inte målet om rena lokaler." in text
    assert "Rena och trygga lokaler" in text
    # The charts' labels are text in the PDF too.
    assert "Brister per område" in text and "Arbetsrättsliga villkor" in text
    # TN's contract is not KS's.
    assert "AVT-TN-03" not in text


def test_the_board_report_as_excel(client, reader, ks, year):
    client.force_login(reader)
    response = client.get(reverse("followup:board_report", args=[ks.pk, YEAR]) + "?format=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Avtal", "Krav", "Brister", "Åtgärder"]

    rows = list(book["Avtal"].iter_rows(values_only=True))
    assert rows[0][:4] == ("Nämnd", "Avtalsnummer", "Avtal", "Utförare")
    assert len(rows) == 1 + 2
    header = rows[0]
    cleaning = dict(zip(header, rows[1], strict=True))
    assert cleaning["Avtalsnummer"] == "AVT-2026-01"
    assert cleaning["Utförare"] == "Städbolaget AB"
    assert cleaning["Egen regi"] == "Nej"
    assert cleaning["Nämndens andel (%)"] == 100
    assert cleaning["Uppföljning senast"] == datetime.datetime(YEAR, 9, 15)
    assert (
        cleaning["Uppfyllda krav"],
        cleaning["Delvis uppfyllda krav"],
        cleaning["Ej uppfyllda krav"],
    ) == (1, 1, 1)
    assert cleaning["Brister"] == 2 and cleaning["Berörda mål"] == "Rena och trygga lokaler"
    parks = dict(zip(header, rows[2], strict=True))
    assert parks["Egen regi"] == "Ja" and parks["Utförare"] == "Gata och park"

    requirements = list(book["Krav"].iter_rows(values_only=True))
    assert requirements[0] == ("Nämnd", "Avtalsnummer", "Krav", "Område", "Resultat", "Kommentar")
    assert len(requirements) == 1 + 4
    assert requirements[2] == (
        "Kommunstyrelsen",
        "AVT-2026-01",
        "Kollektivavtalsenliga löner",
        "Arbetsrättsliga villkor",
        "Delvis uppfyllt",
        "Två fall",
    )
    deficiencies = list(book["Brister"].iter_rows(values_only=True))
    assert len(deficiencies) == 1 + 2
    assert deficiencies[2][3:] == ("Miljö", "Omärkta rengöringsmedel")
    measures = list(book["Åtgärder"].iter_rows(values_only=True))
    assert measures[0][5] == "Klart senast"
    assert len(measures) == 1 + 2
    assert measures[2][5] == datetime.datetime(YEAR + 1, 1, 31)
    assert measures[2][6] == "Pågår"


def test_the_compilation_covers_every_board(client, reader, ks, tn, year):
    client.force_login(reader)
    url = reverse("followup:compilation", args=[YEAR])
    html = client.get(url).content.decode()
    assert 'data-board="KS"' in html and 'data-board="TN"' in html

    text = _pdf_text(client.get(url + "?format=pdf").content)
    assert "Sammanställning: uppföljning av strategiska avtal 2026" in text
    for word in ("Kommunstyrelsen", "Tekniska nämnden", "AVT-2026-01", "AVT-TN-03", "Plogarna AB"):
        assert word in text
    assert "Totalt" in text

    book = openpyxl.load_workbook(io.BytesIO(client.get(url + "?format=xlsx").content))
    assert book.sheetnames == ["Sammanställning", "Avtal", "Krav", "Brister", "Åtgärder"]
    totals = list(book["Sammanställning"].iter_rows(values_only=True))
    assert totals[0][0] == "Nämnd" and totals[0][3] == "Avtal"
    by_board = {row[0]: row for row in totals[1:]}
    assert set(by_board) == {"Kommunstyrelsen", "Tekniska nämnden", "Totalt"}
    assert by_board["Kommunstyrelsen"][1] == datetime.datetime(YEAR, 2, 10)
    assert by_board["Kommunstyrelsen"][3:8] == (2, 2, 2, 1, 1)
    assert by_board["Tekniska nämnden"][3:8] == (1, 1, 1, 0, 0)
    assert by_board["Totalt"][3:] == (3, 3, 3, 1, 1, 2, 2, 2)
    contracts_sheet = list(book["Avtal"].iter_rows(values_only=True))
    assert [r[1] for r in contracts_sheet[1:]] == ["AVT-2026-01", "INT-2026-02", "AVT-TN-03"]


def test_the_compilation_reads_a_fixed_number_of_queries_per_board(
    client, reader, ks, year, django_assert_max_num_queries
):
    """More contracts and reports do not mean more queries: each board's figures are a
    handful of queries, whatever it holds."""
    client.force_login(reader)
    url = reverse("followup:compilation", args=[YEAR])
    with django_assert_max_num_queries(25) as before:
        client.get(url)
    for n in range(3):
        contract = _contract(
            f"AVT-2026-1{n}",
            "Extra",
            board=ks,
            party=factories.PartyFactory(),
            requirements=[("Krav", "quality")],
        )
        report = followup.report_create(contract=contract, year=YEAR)
        followup.assessment_record(
            report=report,
            requirement=contract.requirements.get(),
            result=Assessment.Result.MET,
        )
        followup.report_submit(report=report, user=reader)
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(url)


def test_an_unknown_board_or_year_is_404(client, reader, year):
    client.force_login(reader)
    assert client.get(reverse("followup:board_report", args=[99999, YEAR])).status_code == 404
    assert client.get(reverse("followup:compilation", args=[1999])).status_code == 404


# --- registering in the diarium ------------------------------------------------------------


def test_the_secretary_registers_the_board_report(client, sam, ks, year):
    client.force_login(sam)
    page = client.get(reverse("followup:board_report", args=[ks.pk, YEAR])).content.decode()
    register_url = reverse("followup:board_report_register", args=[ks.pk, YEAR])
    assert register_url in page
    assert client.get(register_url).status_code == 405

    # The decided plan of the `year` fixture is registered already (plan_decide does it).
    before = set(Document.objects.values_list("pk", flat=True))
    response = client.post(register_url)
    document = Document.objects.exclude(pk__in=before).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:document_detail", args=[document.pk])
    assert document.direction == Document.Direction.DRAWN_UP
    assert document.case.series.board == ks
    assert document.case.title == "Uppföljning av strategiska avtal 2026"
    attachment = document.attachments.get()
    content = attachment.file.read()
    assert content.startswith(b"%PDF")
    assert "AVT-2026-01" in _pdf_text(content)

    # Each POST registers a new document, in a new case.
    client.post(register_url)
    reports = Document.objects.exclude(pk__in=before)
    assert reports.count() == 2
    assert len({d.case_id for d in reports}) == 2


def test_registering_for_another_board_is_refused_with_a_message(client, sam, tn, year):
    client.force_login(sam)  # KS's secretary
    before = Document.objects.count()  # the decided plan of the `year` fixture
    response = client.post(reverse("followup:board_report_register", args=[tn.pk, YEAR]))
    assert response.status_code == 403
    back = reverse("followup:board_report", args=[tn.pk, YEAR])
    assert f'href="{back}"' in response.content.decode()
    assert Document.objects.count() == before


# --- access -----------------------------------------------------------------------------------


def test_staff_urls_need_a_role(client, nora, ks, year):
    urls = [
        reverse("followup:board_report", args=[ks.pk, YEAR]),
        reverse("followup:board_report", args=[ks.pk, YEAR]) + "?format=pdf",
        reverse("followup:compilation", args=[YEAR]) + "?format=xlsx",
        reverse("followup:cycle"),
        reverse("followup:my_feed_link"),
    ]
    for url in urls:
        assert client.get(url).status_code == 302  # to the login page
    client.force_login(nora)
    for url in urls:
        assert client.get(url).status_code == 403, url
    register = reverse("followup:board_report_register", args=[ks.pk, YEAR])
    before = Document.objects.count()  # the decided plan of the `year` fixture
    assert client.post(register).status_code == 403
    assert Document.objects.count() == before


# --- the annual cycle -------------------------------------------------------------------------


@pytest.fixture
def cycle(ks, tn):
    def event(title, kind, start, end, board=None):
        return CycleEvent.objects.create(
            year=start.year, board=board, kind=kind, title=title, starts_on=start, ends_on=end
        )

    return {
        "budget": event(
            "Budgetarbete",
            CycleEvent.Kind.BUDGET,
            datetime.date(YEAR, 3, 1),
            datetime.date(YEAR, 6, 15),
        ),
        "ks_followup": event(
            "Uppföljning av strategiska avtal",
            CycleEvent.Kind.FOLLOW_UP,
            datetime.date(YEAR, 9, 1),
            datetime.date(YEAR, 10, 31),
            board=ks,
        ),
        "tn_reporting": event(
            "Rapport till KF",
            CycleEvent.Kind.REPORTING,
            datetime.date(YEAR, 2, 20),
            datetime.date(YEAR, 2, 20),
            board=tn,
        ),
    }


def _feed(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def _events(calendar_: Calendar) -> dict[str, object]:
    return {str(e["SUMMARY"]): e for e in calendar_.walk("VEVENT")}


def test_the_board_feed_has_the_organisation_and_the_board(client, ks, cycle):
    response = client.get(reverse("portal:cycle_board_feed", args=["KS"]))
    events = _events(_feed(response))
    assert set(events) == {"Budgetarbete", "Uppföljning av strategiska avtal (KS)"}
    budget = events["Budgetarbete"]
    # All-day, the end the day after the last day (RFC 5545).
    assert budget["DTSTART"].dt == datetime.date(YEAR, 3, 1)
    assert budget["DTEND"].dt == datetime.date(YEAR, 6, 16)
    assert str(budget["UID"]) == f"cycle-event-{cycle['budget'].pk}@127.0.0.1"
    assert str(budget["CATEGORIES"].cats[0]) == "Budget"
    # The UID is stable from one fetch to the next.
    again = _events(_feed(client.get(reverse("portal:cycle_board_feed", args=["ks"]))))
    assert str(again["Budgetarbete"]["UID"]) == str(budget["UID"])
    assert client.get(reverse("portal:cycle_board_feed", args=["XX"])).status_code == 404


def _feed_token(user) -> str:
    return links.link_token(followup.calendar_feed_issue(user=user))


def test_the_person_feed_opens_only_with_its_token(client, anna, ks, year, cycle):
    token = _feed_token(anna)
    response = client.get(reverse("portal:cycle_person_feed", args=[token]))
    events = _events(_feed(response))
    # Anna holds her role for the whole organisation: every board's steps.
    assert {"Budgetarbete", "Rapport till KF (TN)"} <= set(events)
    follow_up = events["Uppföljning: AVT-2026-01 Lokalvård"]
    assert follow_up["DTSTART"].dt == datetime.date(YEAR, 9, 15)
    assert follow_up["DTEND"].dt == datetime.date(YEAR, 9, 16)
    # The measures not done of the contract she manages (both, one in progress).
    measures = [e for e in events.values() if str(e["SUMMARY"]).startswith("Åtgärd")]
    assert len(measures) == 2
    assert sorted(e["DTSTART"].dt for e in measures) == [
        datetime.date(YEAR, 12, 1),
        datetime.date(YEAR + 1, 1, 31),
    ]
    assert len({str(e["UID"]) for e in events.values()}) == len(events)

    # Someone else's token gives their feed, not Anna's.
    other = factories.assign(factories.UserFactory(username="ola"), Role.CONTRACT_MANAGER, board=ks)
    their = _events(
        _feed(client.get(reverse("portal:cycle_person_feed", args=[_feed_token(other)])))
    )
    assert set(their) == {"Budgetarbete", "Uppföljning av strategiska avtal (KS)"}

    # A changed token is a 404, as is one for a user who is no longer active.
    nonce, signature = token.split(".")
    for bad in (f"{other.pk}.{signature}", f"{nonce}.{signature[:-1]}x", "nonsense"):
        assert client.get(reverse("portal:cycle_person_feed", args=[bad])).status_code == 404
    anna.is_active = False
    anna.save()
    assert client.get(reverse("portal:cycle_person_feed", args=[token])).status_code == 404


def test_the_cycle_page_shows_the_year_month_by_month(client, reader, ks, tn, cycle):
    client.force_login(reader)
    page = client.get(reverse("followup:cycle"), {"year": YEAR})
    assert page.status_code == 200
    html = page.content.decode()
    for e in cycle.values():
        assert f'data-event="{e.pk}"' in html
    # The budget work runs March to June: it shows in each of those months.
    assert html.count(f'data-event="{cycle["budget"].pk}"') == 4
    assert calendar.board_feed_url(ks) in html
    assert reverse("followup:my_feed_link") in html

    page = client.get(reverse("followup:cycle"), {"year": YEAR, "board": tn.pk})
    html = page.content.decode()
    assert f'data-event="{cycle["tn_reporting"].pk}"' in html
    assert f'data-event="{cycle["ks_followup"].pk}"' not in html
    assert f'data-event="{cycle["budget"].pk}"' in html

    assert client.get(reverse("followup:cycle"), {"year": "x"}).status_code == 422


def test_my_feed_link_shows_the_personal_url(client, anna, year):
    client.force_login(anna)
    html = client.get(reverse("followup:my_feed_link")).content.decode()
    assert "/arshjul/person/" not in html  # made on request
    response = client.post(reverse("followup:my_feed_link_create"))
    assert response.status_code == 302
    html = client.get(reverse("followup:my_feed_link")).content.decode()
    (link,) = calendar.person_feed_links(anna)
    assert links.link_url(link) in html


def test_strategic_contracts_outside_the_plan_are_reported_too(tn, year):
    from insyn.followup import reporting

    report = reporting.board_report(board=tn, year=YEAR)
    assert report.plan is None
    assert [r.contract.number for r in report.rows] == ["AVT-TN-03"]
    # Not strategic any more: gone from the report.
    ContractBoard.objects.filter(board=tn).update(strategic=False)
    assert reporting.board_report(board=tn, year=YEAR).rows == []
