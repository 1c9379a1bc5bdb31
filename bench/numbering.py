"""Diarienummer under load: parallel registrars through the service layer, then a count of
duplicate and missing numbers. Needs Django set up on the bench database."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

CLIENTS = 20
EACH = 100
SERIES = "KS"


@dataclass(frozen=True)
class NumberingResult:
    registrations: int
    seconds: float
    rps: float
    duplicates: int
    gaps: int
    errors: list[str]


def run(*, clients: int = CLIENTS, each: int = EACH, prefix: str = SERIES) -> NumberingResult:
    from django.db import connections
    from django.db.models import Max
    from django.utils import timezone

    from insyn.core.models import User
    from insyn.registry import services
    from insyn.registry.models import Case, Series

    series = Series.objects.get(prefix=prefix)
    registrar = User.objects.get(username="registrator")
    first_new_id = (Case.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    today = timezone.localdate()
    barrier = threading.Barrier(clients)
    errors: list[str] = []

    def registrar_thread(client: int) -> None:
        # Each thread is one registrar with its own database connection.
        try:
            barrier.wait()
            for n in range(each):
                direction = ("incoming", "drawn_up", "outgoing")[n % 3]
                counterpart = (
                    services.Counterpart(name="Nordisk Lokalvård AB", kind="company")
                    if direction != "drawn_up"
                    else None
                )
                try:
                    services.case_register_with_document(
                        series=series,
                        title=f"Belastningsprov {client}-{n}: avtal om lokalvård",
                        registered_by=registrar,
                        direction=direction,
                        description=f"Handling {n} i belastningsprov för registrator {client}",
                        document_date=today,
                        counterpart=counterpart,
                    )
                except Exception as exc:  # counted and shown; the other registrars go on
                    errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=registrar_thread, args=(i,)) for i in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started

    new = Case.objects.filter(id__gte=first_new_id)
    registrations = new.count()
    duplicates, gaps = check_sequence(series_id=series.pk, year=today.year)
    return NumberingResult(
        registrations=registrations,
        seconds=seconds,
        rps=registrations / seconds if seconds else 0.0,
        duplicates=duplicates,
        gaps=gaps,
        errors=errors,
    )


def check_sequence(*, series_id: int, year: int) -> tuple[int, int]:
    """Duplicates and gaps in a series' year, generated rows and new ones together:
    the numbers must be exactly 1..n, each once, and the counter must say n."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(*), count(DISTINCT sequence), coalesce(max(sequence), 0),
                   count(*) - count(DISTINCT number)
            FROM registry_case WHERE series_id = %s AND year = %s
            """,
            [series_id, year],
        )
        total, distinct, highest, duplicate_numbers = cursor.fetchone()
        cursor.execute(
            "SELECT last_number FROM registry_seriesyear WHERE series_id = %s AND year = %s",
            [series_id, year],
        )
        row = cursor.fetchone()
        counter = row[0] if row else 0
        # Document numbers within the new and old cases alike: 1..n per case.
        cursor.execute(
            """
            SELECT count(*) FROM (
                SELECT c.id FROM registry_case c JOIN registry_document d ON d.case_id = c.id
                WHERE c.series_id = %s AND c.year = %s
                GROUP BY c.id, c.last_document_number
                HAVING count(*) <> c.last_document_number
                    OR max(d.sequence) <> c.last_document_number
                    OR count(DISTINCT d.sequence) <> count(*)
            ) AS wrong
            """,
            [series_id, year],
        )
        wrong_cases = cursor.fetchone()[0]
    duplicates = (total - distinct) + duplicate_numbers
    # Missing numbers below the highest, numbers the counter has handed out that no case
    # carries, and cases whose document numbers are not 1..n.
    gaps = (highest - distinct) + max(0, counter - highest) + wrong_cases
    return duplicates, gaps
