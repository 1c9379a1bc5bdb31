"""The contract import under size: a generated xlsx of 50,000 valid contracts imported by
insyn.contracts.importing (the function the task worker runs), in a process of its own so
that its peak memory is the import's.

Measured: wall-clock seconds of contract_import_run (reading, checking every row, saving
in one transaction) and the peak resident set size of the importing process
(VmHWM of /proc/self/status: Django and the interpreter included, about 90 MB of it).

    python -m bench.contract_import                # its own database, insyn_bench_import
    python -m bench.contract_import --rows 10000

`make bench` runs it on the bench database after the HTTP load (bench/run.py); what it
imports is removed again, so every run imports the same 50,000 new contracts.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROWS = 50_000
COMPANIES = 300
PREFIX = "BENCH-"
SEED = 2026
# (result key, comparison, limit): the import's targets on the 2-core machine.
TARGETS = (
    ("contract_import_s", "<=", 60.0),
    ("contract_import_peak_mb", "<=", 500.0),
    ("contract_import_errors", "==", 0),
)
TITLES = (
    "Lokalvård",
    "Snöröjning",
    "Hemtjänst",
    "Skolskjuts",
    "Livsmedel",
    "Parkskötsel",
    "Kontorsmaterial",
    "IT-drift",
    "Fastighetsunderhåll",
    "Tolktjänster",
)
CPV = ("90911200-8", "90620000-9", "85312000-9", "60130000-8", "15000000-8", "77313000-7")


@dataclass(frozen=True)
class ImportResult:
    rows: int
    seconds: float
    cpu_s: float
    peak_mb: float
    before_mb: float  # the child's peak before the import: Django set up
    created: int
    errors: int
    status: str

    def as_dict(self) -> dict:
        return {
            "contract_import_rows": self.rows,
            "contract_import_s": round(self.seconds, 2),
            "contract_import_cpu_s": round(self.cpu_s, 2),
            "contract_import_peak_mb": round(self.peak_mb, 1),
            "contract_import_baseline_mb": round(self.before_mb, 1),
            "contract_import_rows_per_s": round(self.rows / self.seconds, 1)
            if self.seconds
            else 0.0,
            "contract_import_created": self.created,
            "contract_import_errors": self.errors,
            "contract_import_status": self.status,
        }


def generate_file(path: Path, *, rows: int, boards: list[str], seed: int = SEED) -> None:
    """`rows` valid contracts of the import's columns, written as a stream (write_only)."""
    import openpyxl

    from insyn.contracts.importing import COLUMNS
    from insyn.demo import org_number

    rng = random.Random(seed)
    # A few hundred providers, each with a valid (Luhn) organisation number, 5599xxxxx:
    # most new to the register, so the import creates them too.
    companies = [
        (f"Benchbolaget {n} AB", org_number(f"5599{n:05d}")) for n in range(1, COMPANIES + 1)
    ]
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Avtal")
    sheet.append(list(COLUMNS))
    first = datetime.date(2020, 1, 1)
    for n in range(1, rows + 1):
        name, org = rng.choice(companies)
        start = first + datetime.timedelta(days=rng.randrange(2000))
        end = start + datetime.timedelta(days=365 * rng.randint(1, 4))
        yearly = rng.randrange(50, 20_000) * 1000
        if rng.random() < 0.3:
            a, b = rng.sample(boards, 2)
            share = rng.choice((20, 25, 40, 50, 60, 75))
            shares = f"{a} {share}; {b} {100 - share}"
        else:
            shares = rng.choice(boards)
        sheet.append(
            [
                f"{PREFIX}{n:06d}",
                f"{rng.choice(TITLES)} {n}",
                "Genererat avtal för belastningsprov",
                "extern",
                name,
                org,
                None,
                start,  # a real Excel date
                end.isoformat(),  # and text, as the template allows both
                end + datetime.timedelta(days=730),
                end - datetime.timedelta(days=180),
                "1 + 1 år",
                yearly,
                f"{yearly * 4:,}".replace(",", " "),  # "4 000 000"
                "nej",
                rng.choice(CPV),
                "open",
                "nej",
                shares,
                rng.choice(("låg", "hög")),
                rng.choice(("låg", "hög")),
            ]
        )
    workbook.save(path)


def cleanup() -> None:
    """Remove what a bench import made: its contracts (and their history), the providers
    it created, and the import rows. Needs Django set up on the bench database."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM contracts_contractboard WHERE contract_id IN "
            "(SELECT id FROM contracts_contract WHERE number LIKE %s)",
            [PREFIX + "%"],
        )
        cursor.execute("DELETE FROM contracts_contract WHERE number LIKE %s", [PREFIX + "%"])
        cursor.execute(
            "DELETE FROM contracts_historicalcontract WHERE number LIKE %s", [PREFIX + "%"]
        )
        cursor.execute("DELETE FROM core_historicalparty WHERE name LIKE %s", ["Benchbolaget %"])
        cursor.execute("DELETE FROM core_party WHERE name LIKE %s", ["Benchbolaget %"])
        cursor.execute(
            "DELETE FROM contracts_contractimport WHERE original_name LIKE %s", ["bench-%"]
        )


def measure(url: str, *, rows: int = ROWS, log=print) -> ImportResult:
    """Generate the file, import it in a child process, report, clean up. Needs Django set
    up on `url` (bench.database.setup_django) with the demo kommun's boards and users."""
    from insyn.contracts.models import ContractImport
    from insyn.core.models import Board, User

    cleanup()
    boards = list(Board.objects.filter(active=True).values_list("code", flat=True))
    user = User.objects.filter(is_active=True).order_by("pk").first()
    if len(boards) < 2 or user is None:
        raise SystemExit("the bench database has no boards or users: generate it first")
    with tempfile.TemporaryDirectory(prefix="insyn-bench-import-") as media:
        name = f"bench-{rows}.xlsx"
        path = Path(media) / "imports" / name
        path.parent.mkdir()
        started = time.perf_counter()
        generate_file(path, rows=rows, boards=boards)
        size_mb = path.stat().st_size / 1024 / 1024
        log(
            f"contract import: generated {rows:,} rows ({size_mb:.1f} MB) "
            f"in {time.perf_counter() - started:.1f} s"
        )
        record = ContractImport.objects.create(
            file=f"imports/{name}", original_name=name, created_by=user
        )
        env = {**os.environ, "DATABASE_URL": url, "MEDIA_ROOT": media}
        output = subprocess.run(
            [sys.executable, "-m", "bench.contract_import", "--child", str(record.pk)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        measured = json.loads(output.strip().splitlines()[-1])
    record.refresh_from_db()
    result = ImportResult(
        rows=record.total_rows,
        seconds=measured["seconds"],
        cpu_s=measured["cpu_s"],
        peak_mb=measured["peak_mb"],
        before_mb=measured["before_mb"],
        created=record.created_count,
        errors=len(record.errors),
        status=record.status,
    )
    for error in record.errors[:5]:
        log(f"  row {error['row']} {error['column']}: {error['message']}")
    cleanup()
    return result


def _child(import_id: int) -> None:
    """In the child: the import, timed, and the process's peak memory."""
    from bench import database

    database.setup_django(os.environ["DATABASE_URL"])
    from insyn.contracts.importing import contract_import_run

    before_mb = _peak_mb()
    started, cpu = time.perf_counter(), time.process_time()
    contract_import_run(import_id=import_id)
    seconds = time.perf_counter() - started
    # CPU seconds too: on a shared machine they say what the wall clock cannot.
    cpu_s = time.process_time() - cpu
    print(
        json.dumps(
            {"seconds": seconds, "cpu_s": cpu_s, "peak_mb": _peak_mb(), "before_mb": before_mb}
        )
    )


def _peak_mb() -> float:
    """The process's peak resident set size: VmHWM of /proc/self/status. Not ru_maxrss:
    Linux carries that over from the parent across fork and exec, so the child would
    report the bench's own size."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.contract_import")
    parser.add_argument("--rows", type=int, default=ROWS, help=f"rows to import ({ROWS:,})")
    parser.add_argument(
        "--server",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/"),
        help="PostgreSQL server; the bench uses its own database insyn_bench_import on it",
    )
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args.child)
        return 0

    import operator

    from bench import database

    url = database.database_url(args.server, "insyn_bench_import")
    database.recreate(url)
    database.setup_django(url)
    database.migrate()
    from insyn import demo

    demo.load(cases=0, processes=False)
    result = measure(url, rows=args.rows)
    figures = result.as_dict()
    compare = {"<=": operator.le, "==": operator.eq}
    failed = []
    for key, op, limit in TARGETS:
        ok = compare[op](figures[key], limit)
        failed += [] if ok else [key]
        print(f"{key:<28} {figures[key]!s:>10}   {op} {limit:<6} {'PASS' if ok else 'FAIL'}")
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
