from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from insyn import demo
from insyn.contracts.models import Contract, ContractBoard
from insyn.core.models import Board, Party, Role, User
from insyn.followup.models import FollowUpPlan, FollowUpReport, Measure, PlanItem
from insyn.procurement.models import Procurement
from insyn.registry.models import Document

pytestmark = pytest.mark.django_db


def test_healthz_answers_when_the_database_does(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_reports_a_database_failure_as_503(client, monkeypatch):
    def broken(*args, **kwargs):
        raise connection.Database.OperationalError("down")

    monkeypatch.setattr(connection, "cursor", broken)
    response = client.get("/healthz")
    assert response.status_code == 503


def test_the_demo_kommun(client, capsys):
    call_command("demo")
    out = capsys.readouterr().out
    assert set(Board.objects.values_list("code", flat=True)) == {"KS", "VON", "TN", "SN", "BUN"}
    documents = Document.objects.count()
    assert 150 <= documents <= 260
    assert Document.objects.filter(secrecy="secret").exists()
    assert Document.objects.filter(counterpart_kind="private_person").exists()
    assert Party.objects.filter(kind="nonprofit").exists()
    # One login per role, printed at start, and they work.
    for role in Role.values:
        assert User.objects.filter(role_assignments__role=role).exists(), role
    for username, password, _role in demo.logins():
        assert username in out
        response = client.post("/logga-in/", {"username": username, "password": password})
        assert response.status_code == 302, username
    assert demo.DEMO_PASSWORD in out

    # Nothing of a private person's name reaches the public list.
    html = client.get("/postlista/").content.decode()
    for name in demo.PRIVATE_PERSONS:
        assert name not in html

    # The contract register: about 150 contracts of every kind of provider, at most ten
    # strategic per board (the seed's limit), two with secret values, and its public
    # pages name no private person either.
    contracts = Contract.objects.count()
    assert 130 <= contracts <= 170
    assert {"external", "internal", "iop"} <= set(Contract.objects.values_list("kind", flat=True))
    assert Contract.objects.filter(values_secret=True).count() == 2
    assert Contract.objects.filter(reserved=True).exists()
    per_board = Counter(
        ContractBoard.objects.filter(strategic=True).values_list("board__code", flat=True)
    )
    assert set(per_board) == {"KS", "VON", "TN", "SN", "BUN"}
    assert max(per_board.values()) <= 10
    visitor = Client()
    public = visitor.get("/avtal/").content.decode() + visitor.get("/utforare/").content.decode()
    for name in demo.PRIVATE_PERSONS:
        assert name not in public

    _the_journey_can_be_followed(out)

    # Loading twice is refused; --if-empty just prints the logins.
    with pytest.raises(SystemExit):
        call_command("demo")
    call_command("demo", if_empty=True)
    assert Document.objects.count() == documents
    assert Contract.objects.count() == contracts


def _the_journey_can_be_followed(out: str) -> None:
    """The issue's acceptance test: one contract from its procurement through
    classification, a decided plan and a follow-up report with an action plan to the
    board's report in the diarium and the public provider page."""
    assert "procurements" in out and "follow-up reports" in out
    procurement = Procurement.objects.get(title=demo.JOURNEY)
    assert procurement.status == Procurement.Status.CONTRACT_SIGNED
    assert procurement.tenders.filter(awarded=True).count() == 1
    assert procurement.criteria.filter(kind="price").get().weight == 40
    contract = Contract.objects.get(procurement=procurement)
    assert contract.provider_party == procurement.supplier
    assert (contract.value_level, contract.impact_level) == ("high", "high")
    assert contract.contract_manager is not None
    share = contract.boards.get()
    assert share.strategic
    year = demo.followup_year(timezone.localdate())
    plan = FollowUpPlan.objects.get(board=share.board, year=year)
    assert plan.status == FollowUpPlan.Status.DECIDED and plan.paragraph
    assert PlanItem.objects.filter(plan=plan, contract=contract).exists()
    report = FollowUpReport.objects.get(contract=contract, year=year)
    assert report.status == FollowUpReport.Status.SUBMITTED
    assert report.deficiencies.filter(measures__isnull=False).exists()
    assert report.published
    assert Document.objects.filter(
        description=f"Uppföljning av strategiska avtal {year} – {share.board.name}"
    ).exists()

    # The rest of the year around it: a plan for next year, running and cancelled
    # procurements, drafts, and action plans at every stage, one of them overdue.
    statuses = set(Procurement.objects.values_list("status", flat=True))
    assert {"planned", "advertised", "evaluation", "cancelled", "contract_signed"} <= statuses
    next_year = Procurement.objects.filter(plan_year=timezone.localdate().year + 1)
    assert next_year.count() >= 8 and next_year.filter(reserved=True).exists()
    assert FollowUpPlan.objects.filter(status=FollowUpPlan.Status.DRAFT).exists()
    assert FollowUpReport.objects.filter(status=FollowUpReport.Status.DRAFT).exists()
    # Egen regi is followed up on the same terms.
    assert FollowUpReport.objects.filter(
        contract__kind=Contract.Kind.INTERNAL, published=True
    ).exists()
    assert set(Measure.objects.values_list("status", flat=True)) == set(Measure.Status.values)
    overdue = Measure.objects.filter(due_on__lt=timezone.localdate()).exclude(status="done")
    assert overdue.count() == 1

    # The provider's public page answers, and nothing published names a private person.
    visitor = Client()
    response = visitor.get(f"/utforare/p{contract.provider_party_id}/")
    assert response.status_code == 200
    assert demo.JOURNEY in response.content.decode()
    published = FollowUpReport.objects.filter(published=True)
    assert published.count() >= 10
    texts = [response.content.decode(), *published.values_list("public_summary", flat=True)]
    # Staff are named in the reports' own texts at most, never in what is published.
    staff = [f"{first} {last}" for _user, first, last, _role, _unit in demo.USERS]
    for name in [*demo.PRIVATE_PERSONS, *staff]:
        assert not any(name in text for text in texts), name


def test_every_demo_document_is_registered_on_or_soon_after_its_date():
    """A registrar registers a document when it arrives or is drawn up, not months later:
    the plans the boards decided in February and March, the tenders of last autumn and
    the challenges that came in weeks ago are in the postlista on their own days, never
    before their date, never in the future, and never before their case was opened."""
    demo.load()
    today = timezone.localdate()
    late = [
        (d.number, d.description, d.document_date, d.registered_on, d.case.opened_on)
        for d in Document.objects.select_related("case")
        if not d.case.opened_on <= d.registered_on <= today
        or not 0 <= (d.registered_on - d.document_date).days <= 4
        or d.registered_at.date() != d.registered_on
    ]
    assert Document.objects.count() > 200
    assert not late


def test_a_database_outage_is_a_503_with_retry_after(monkeypatch):
    """make soak restarts a real PostgreSQL under load; this pins down the answer given
    meanwhile, whichever query meets the outage first."""
    from django.db import OperationalError
    from django.test import Client

    from insyn.registry import selectors

    def outage(**kwargs):
        raise OperationalError("the database system is shutting down")

    monkeypatch.setattr(selectors, "postlista_documents", outage)
    response = Client(raise_request_exception=False).get("/postlista/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Tillfälligt otillgänglig" in response.content.decode()
