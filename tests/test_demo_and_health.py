from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client

from insyn import demo
from insyn.contracts.models import Contract, ContractBoard
from insyn.core.models import Board, Party, Role, User
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

    # Loading twice is refused; --if-empty just prints the logins.
    with pytest.raises(SystemExit):
        call_command("demo")
    call_command("demo", if_empty=True)
    assert Document.objects.count() == documents
    assert Contract.objects.count() == contracts


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
