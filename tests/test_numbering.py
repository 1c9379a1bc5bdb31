"""Diarienummer under parallel load: no duplicate and no gap, with real parallel
connections (on PostgreSQL row locks; on SQLite the write lock taken at BEGIN)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from insyn.registry import services
from insyn.registry.models import Case, Document
from tests import db_snapshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module", autouse=True)
def _database_put_back(django_db_setup, django_db_blocker):
    """These tests commit for real, and each ends by emptying the database: put back what
    the migrations created, which the tests after them in this worker rely on."""
    with django_db_blocker.unblock():
        initial = db_snapshot.snapshot()
    yield
    with django_db_blocker.unblock():
        if not db_snapshot.has_rows("challenges_processdefinition"):
            db_snapshot.restore(initial)


THREADS = 20
EACH = 5


def run_in_parallel(work):
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def worker(index):
        try:
            barrier.wait()
            work(index)
        except BaseException as exc:  # reported below, in the test's own thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors


def test_twenty_parallel_registrars_get_unique_gapless_case_numbers(rebecka, ks_series):
    def work(index):
        for n in range(EACH):
            services.case_register_with_document(
                series=ks_series,
                title=f"Parallellt ärende {index}-{n}",
                registered_by=rebecka,
                direction="drawn_up",
                description="Parallell registrering",
                document_date=timezone.localdate(),
            )

    run_in_parallel(work)
    sequences = sorted(Case.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, THREADS * EACH + 1))
    assert Document.objects.count() == THREADS * EACH
    assert len(set(Case.objects.values_list("number", flat=True))) == THREADS * EACH


def test_parallel_documents_in_one_case_are_numbered_without_gaps(register, rebecka):
    case = register().case

    def work(index):
        services.document_register(
            case=case,
            registered_by=rebecka,
            direction="drawn_up",
            description=f"Bilaga {index}",
            document_date=timezone.localdate(),
        )

    run_in_parallel(work)
    sequences = sorted(case.documents.values_list("sequence", flat=True))
    assert sequences == list(range(1, THREADS + 2))


def test_a_failed_registration_leaves_no_gap(rebecka, ks_series):
    with pytest.raises(ValidationError):
        services.case_register_with_document(
            series=ks_series,
            title="Kommer att misslyckas",
            registered_by=rebecka,
            direction="incoming",
            description="",  # refused: a document needs a description
            document_date=timezone.localdate(),
        )
    document = services.case_register_with_document(
        series=ks_series,
        title="Nästa",
        registered_by=rebecka,
        direction="drawn_up",
        description="Lyckas",
        document_date=timezone.localdate(),
    )
    assert document.case.sequence == 1


def test_runs_on_the_configured_database():
    # Guards the PostgreSQL CI run: it must really use PostgreSQL.
    import os

    expected = (
        "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    )
    assert connection.vendor == expected
