"""The annual cycle's staff pages and the decided plan's registration, through HTTP, with
named users per role:

- sara: board secretary of KS (plans the KS steps, decides the KS plan)
- hedda: head of the KS administration
- tove: board secretary of TN (another board, which has no numbering series here)
- ada: administrator (plans every step, those of the whole organisation too)
- anna: contract manager (may read the cycle, not plan it)
- nora: signed in, no role (tests/conftest.py)

Assertions are on status, data and page structure, never on message text.
"""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from pypdf import PdfReader

from insyn.contracts import services as contracts
from insyn.contracts.models import Contract, ContractBoard
from insyn.core.models import Role
from insyn.followup import services
from insyn.followup.models import CycleEvent, FollowUpPlan
from insyn.registry.models import Case, Document
from tests import factories

pytestmark = pytest.mark.django_db

D = datetime.date
# The board's feed starts with last year, so the steps are put in the running year.
YEAR = timezone.localdate().year


def _person(username, role, **scope):
    user = factories.UserFactory(username=username, first_name=username.title(), last_name="T")
    return factories.assign(user, role, **scope)


@pytest.fixture
def sara(ks):
    return _person("sara", Role.BOARD_SECRETARY, board=ks)


@pytest.fixture
def hedda(ks):
    return _person("hedda", Role.ADMINISTRATION_HEAD, board=ks)


@pytest.fixture
def tove(tn):
    return _person("tove", Role.BOARD_SECRETARY, board=tn)


@pytest.fixture
def ada(organisation):
    return _person("ada", Role.ADMINISTRATOR)


@pytest.fixture
def anna(organisation):
    return _person("anna", Role.CONTRACT_MANAGER)


def _step(title, board=None, *, year=YEAR, start=(3, 1), end=(3, 31), kind="budget"):
    return services.cycle_event_create(
        year=year,
        board=board,
        kind=kind,
        title=title,
        starts_on=D(year, *start),
        ends_on=D(year, *end),
    )


def _errors(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request) if m.level == messages.ERROR]


def _feed(client, board) -> dict[str, object]:
    response = client.get(reverse("portal:cycle_board_feed", args=[board.code]))
    assert response.status_code == 200
    return {str(e["SUMMARY"]): e for e in Calendar.from_ical(response.content).walk("VEVENT")}


def _step_data(**overrides):
    return {
        "year": YEAR,
        "kind": "follow_up",
        "title": "Uppföljning av strategiska avtal",
        "description": "Avtalsansvariga rapporterar.",
        "starts_on": f"{YEAR}-09-01",
        "ends_on": f"{YEAR}-10-31",
        **overrides,
    }


CREATE = reverse("followup:cycle_event_create")


def _edit(event) -> str:
    return reverse("followup:cycle_event_edit", args=[event.pk])


def _delete(event) -> str:
    return reverse("followup:cycle_event_delete", args=[event.pk])


# --- Adding, changing and removing steps ----------------------------------------------


def test_a_secretary_adds_a_step_to_her_boards_cycle_and_it_is_in_the_feed(client, ks, tn, sara):
    client.force_login(sara)
    cycle = client.get(reverse("followup:cycle"), {"year": YEAR, "board": ks.pk})
    assert cycle.status_code == 200
    assert CREATE in cycle.content.decode()

    page = client.get(CREATE, {"year": YEAR, "board": ks.pk})
    assert page.status_code == 200
    html = page.content.decode()
    # Only her own board is offered, and not the whole organisation.
    assert f'<option value="{ks.pk}" selected>' in html
    assert f'value="{tn.pk}"' not in html
    assert "?copy=1" in html  # the second button: copy last year's steps

    response = client.post(CREATE, _step_data(board=ks.pk))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == f"{reverse('followup:cycle')}?year={YEAR}&board={ks.pk}"
    event = CycleEvent.objects.get()
    assert (event.board, event.year, event.kind) == (ks, YEAR, "follow_up")
    assert (event.starts_on, event.ends_on) == (D(YEAR, 9, 1), D(YEAR, 10, 31))

    entry = _feed(client, ks)["Uppföljning av strategiska avtal (KS)"]
    assert entry["DTSTART"].dt == D(YEAR, 9, 1)
    assert entry["DTEND"].dt == D(YEAR, 11, 1)  # the day after the last (RFC 5545)
    assert "Uppföljning av strategiska avtal (KS)" not in _feed(client, tn)

    # The cycle page offers to change it.
    cycle = client.get(reverse("followup:cycle"), {"year": YEAR, "board": ks.pk})
    assert _edit(event) in cycle.content.decode()


def test_she_changes_and_removes_her_boards_step(client, ks, sara):
    event = _step("Budgetarbete", ks)
    client.force_login(sara)
    page = client.get(_edit(event))
    assert page.status_code == 200
    assert _delete(event) in page.content.decode()

    response = client.post(
        _edit(event),
        {"kind": "budget", "title": "Budget 2.0", "starts_on": f"{YEAR}-04-01",
         "ends_on": f"{YEAR}-06-15"},
    )  # fmt: skip
    assert response.status_code == 302 and not _errors(response)
    event.refresh_from_db()
    assert (event.title, event.starts_on, event.ends_on) == (
        "Budget 2.0",
        D(YEAR, 4, 1),
        D(YEAR, 6, 15),
    )
    assert "Budget 2.0 (KS)" in _feed(client, ks)

    assert client.get(_delete(event)).status_code == 405  # only by POST
    response = client.post(_delete(event))
    assert response.status_code == 302 and not _errors(response)
    assert not CycleEvent.objects.exists()
    assert "Budget 2.0 (KS)" not in _feed(client, ks)
    assert client.get(_edit(event)).status_code == 404
    assert client.post(_delete(event)).status_code == 404


def test_she_cannot_change_the_whole_organisations_or_another_boards_steps(
    client, ks, tn, sara, ada
):
    whole = _step("Budgetarbete")
    theirs = _step("Rapport till KF", tn)
    mine = _step("Internkontroll", ks)
    client.force_login(sara)
    cycle = client.get(reverse("followup:cycle"), {"year": YEAR})
    html = cycle.content.decode()
    assert _edit(mine) in html
    assert _edit(whole) not in html and _edit(theirs) not in html

    for event in (whole, theirs):
        # 403, with the reason and a way back to the cycle.
        response = client.get(_edit(event))
        assert response.status_code == 403
        assert f'href="{reverse("followup:cycle")}?' in response.content.decode()
        response = client.post(_edit(event), _step_data(title="Ändrad"))
        assert response.status_code == 403
        response = client.post(_delete(event))
        assert response.status_code == 403
    assert set(CycleEvent.objects.values_list("title", flat=True)) == {
        "Budgetarbete",
        "Rapport till KF",
        "Internkontroll",
    }

    # Nor can she add a step for another board or for the whole organisation.
    for board in (tn.pk, ""):
        response = client.post(CREATE, _step_data(board=board))
        assert response.status_code == 422
    assert CycleEvent.objects.count() == 3

    # The administrator plans the whole organisation's steps.
    client.force_login(ada)
    assert _edit(whole) in client.get(reverse("followup:cycle"), {"year": YEAR}).content.decode()
    response = client.post(_edit(whole), _step_data(kind="budget", title="Budget och plan"))
    assert response.status_code == 302 and not _errors(response)
    response = client.post(CREATE, _step_data(board="", title="Årsredovisning"))
    assert response.status_code == 302
    assert CycleEvent.objects.get(title="Årsredovisning").board is None
    assert "Årsredovisning" in _feed(client, tn)  # the whole organisation's, in every feed


def test_a_step_that_ends_before_it_starts_is_refused_beside_the_field(client, ks, sara):
    client.force_login(sara)
    response = client.post(
        CREATE, _step_data(board=ks.pk, starts_on=f"{YEAR}-10-01", ends_on=f"{YEAR}-09-01")
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="id_ends_on-error"' in html
    assert 'aria-describedby="id_ends_on-help id_ends_on-error"' in html
    assert "Uppföljning av strategiska avtal" in html  # what was typed is kept
    assert not CycleEvent.objects.exists()

    event = _step("Budgetarbete", ks)
    response = client.post(
        _edit(event),
        {"kind": "budget", "title": "Budgetarbete", "starts_on": f"{YEAR}-05-01",
         "ends_on": f"{YEAR}-04-01"},
    )  # fmt: skip
    assert response.status_code == 422
    assert 'id="id_ends_on-error"' in response.content.decode()
    event.refresh_from_db()
    assert event.starts_on == D(YEAR, 3, 1)

    # Nonsense is refused the same way, never a 500.
    for data in (
        _step_data(board=ks.pk, year="20260"),
        _step_data(board=ks.pk, starts_on="31/31", kind="nonsense"),
        _step_data(board="x", title=""),
        _step_data(board=ks.pk, starts_on=f"{YEAR + 3}-01-01", ends_on=f"{YEAR + 3}-01-02"),
    ):
        assert client.post(CREATE, data).status_code == 422
    assert CycleEvent.objects.count() == 1
    # A link with nonsense in it opens an empty form.
    for nonsense in ({"year": "abc", "board": "x"}, {"year": "²", "board": "9" * 5000}):
        assert client.get(CREATE, nonsense).status_code == 200


def test_only_planners_may_plan_steps(client, ks, anna, nora):
    event = _step("Budgetarbete", ks)
    for user in (anna, nora):
        client.force_login(user)
        assert client.get(CREATE).status_code == 403
        assert client.get(_edit(event)).status_code == 403
        assert client.post(_delete(event)).status_code == 403
    client.force_login(anna)
    cycle = client.get(reverse("followup:cycle"), {"year": YEAR})
    assert cycle.status_code == 200
    assert CREATE not in cycle.content.decode() and _edit(event) not in cycle.content.decode()
    assert CycleEvent.objects.count() == 1


# --- Copying last year's steps --------------------------------------------------------


def test_last_years_steps_are_copied_to_the_same_days_once(client, ks, tn, sara, ada):
    # 2028 is a leap year: its 29 February becomes 28 February 2029.
    _step("Budgetarbete", ks, year=2028, start=(2, 29), end=(6, 15))
    _step("Upphandlingsbehov", ks, year=2028, start=(4, 1), end=(4, 30), kind="procurement_needs")
    _step("Internkontroll", ks, year=2028, start=(12, 1), end=(12, 31), kind="other")
    _step("Internkontroll", ks, year=2029, start=(11, 15), end=(12, 15), kind="other")
    _step("Rapport till KF", tn, year=2028)
    _step("Årsredovisning", None, year=2028)

    client.force_login(sara)
    copy = {"year": 2029, "board": ks.pk, "kind": "", "title": "", "starts_on": "", "ends_on": ""}
    response = client.post(f"{CREATE}?copy=1", copy)
    assert response.status_code == 302, response.content.decode()[:2000]
    steps = {
        e.title: (e.starts_on, e.ends_on) for e in CycleEvent.objects.filter(year=2029, board=ks)
    }
    assert steps == {
        "Budgetarbete": (D(2029, 2, 28), D(2029, 6, 15)),
        "Upphandlingsbehov": (D(2029, 4, 1), D(2029, 4, 30)),
        "Internkontroll": (D(2029, 11, 15), D(2029, 12, 15)),  # already there: kept as it was
    }
    # Neither another board's steps nor the whole organisation's are copied by her.
    assert not CycleEvent.objects.filter(year=2029).exclude(board=ks).exists()

    # Copying again adds nothing.
    response = client.post(f"{CREATE}?copy=1", copy)
    assert response.status_code == 302 and not _errors(response)
    assert CycleEvent.objects.filter(year=2029).count() == 3

    # The whole organisation's steps only by the administrator.
    response = client.post(f"{CREATE}?copy=1", {**copy, "board": ""})
    assert response.status_code == 422
    client.force_login(ada)
    response = client.post(f"{CREATE}?copy=1", {**copy, "board": ""})
    assert response.status_code == 302
    assert CycleEvent.objects.get(year=2029, board=None).title == "Årsredovisning"


# --- The decided plan in the diarium --------------------------------------------------


def _contract(number, board, title):
    contract = contracts.contract_create(
        data=contracts.ContractData(
            number=number,
            title=title,
            procedure=Contract.Procedure.OPEN,
            provider_party=factories.PartyFactory(name=f"Utförare {number} AB"),
            start_date=D(YEAR, 1, 1),
            shares=[contracts.Share(board, Decimal("100"))],
        ),
        user=None,
    )
    contracts.strategic_set(share=ContractBoard.objects.get(contract=contract), strategic=True)
    return contract


def _pdf_text(document: Document) -> str:
    attachment = document.attachments.get()
    assert attachment.content_type == "application/pdf"
    with attachment.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return " ".join(page.extract_text() for page in reader.pages)


def test_deciding_the_plan_registers_it_in_the_diarium(client, ks, ks_series, sara, hedda):
    cleaning = _contract("AVT-1", ks, "Lokalvård")
    meals = _contract("AVT-2", ks, "Måltider")
    plan = services.plan_create(board=ks, year=YEAR)
    for contract, method in ((cleaning, "Besök på plats"), (meals, "Enkät till brukarna")):
        services.plan_item_add(
            plan=plan, contract=contract, method=method, due_on=D(YEAR, 9, 1), responsible=hedda
        )
    decided_on = timezone.localdate() - datetime.timedelta(days=1)
    client.force_login(sara)
    decide = reverse("followup:plan_decide", kwargs={"plan_id": plan.pk})
    response = client.post(decide, {"decided_on": decided_on.isoformat(), "paragraph": "12"})
    assert response.status_code == 302

    plan.refresh_from_db()
    assert plan.is_locked and plan.paragraph == "§ 12"
    document = plan.decision_document
    assert document is not None
    assert document.case.series == ks_series
    assert document.case.title == f"Plan för uppföljning av strategiska avtal {YEAR}"
    assert document.direction == Document.Direction.DRAWN_UP
    assert document.document_date == decided_on
    text = _pdf_text(document)
    for expected in ("AVT-1", "Lokalvård", "AVT-2", "Måltider", "Besök på plats", "§ 12"):
        assert expected in text, expected
    assert "Hedda" in text and "Utförare AVT-1 AB" in text

    page = client.get(reverse("followup:plan_detail", kwargs={"plan_id": plan.pk}))
    html = page.content.decode()
    assert reverse("registry:document_detail", args=[document.pk]) in html
    assert document.number in html

    # Still locked: nothing changes, and nothing more is registered.
    other = _contract("AVT-3", ks, "Snöröjning")
    client.force_login(hedda)
    response = client.post(
        reverse("followup:plan_item_add", kwargs={"plan_id": plan.pk}),
        {"contract": other.pk, "method": "Enkät", "due_on": f"{YEAR}-11-01"},
    )
    assert response.status_code == 302 and _errors(response)
    client.force_login(sara)
    response = client.post(decide, {"decided_on": decided_on.isoformat(), "paragraph": "99"})
    assert response.status_code == 302 and _errors(response)
    plan.refresh_from_db()
    assert plan.items.count() == 2 and plan.paragraph == "§ 12"
    assert plan.decision_document_id == document.pk
    assert Document.objects.count() == 1


def test_a_board_without_a_series_cannot_register_its_decided_plan(client, tn, tove):
    roads = _contract("TN-1", tn, "Vägunderhåll")
    plan = services.plan_create(board=tn, year=YEAR)
    services.plan_item_add(plan=plan, contract=roads, method="Besök", due_on=D(YEAR, 9, 1))
    client.force_login(tove)
    response = client.post(
        reverse("followup:plan_decide", kwargs={"plan_id": plan.pk}),
        {"decided_on": timezone.localdate().isoformat(), "paragraph": "3"},
    )
    assert response.status_code == 422
    assert "error-summary" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == FollowUpPlan.Status.DRAFT and plan.decision_document is None
    assert not Case.objects.exists()
