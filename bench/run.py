"""`make bench`: generate (or reuse) a large diarium in PostgreSQL, serve insyn as in
production, load it with wrk, check the numbering under parallel registrars, and compare
the figures with the targets. See docs/performance.md.

    python -m bench.run              # 1,000,000 documents, 20 s per endpoint in 4 rounds
    python -m bench.run --quick      # 50,000 documents in a database of their own, 6 s
"""

from __future__ import annotations

import argparse
import datetime
import json
import operator
import os
import platform
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench import contract_import, database, generate, load, numbering
from bench.server import Server

RESULTS = Path(__file__).with_name("results")
DEFAULT_SERVER = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/")
SEED = 2026
# Database options (in DATABASE_URL, read by dj-database-url) that make psycopg prepare a
# statement run five times on a connection, so PostgreSQL plans it once.
PREPARED_OPTIONS = "server_side_binding=True&prepare_threshold=5"


@dataclass(frozen=True)
class Mode:
    name: str
    database: str
    documents: int
    # Seconds of load per endpoint, in rounds: the endpoints take turns, so that a change
    # in what else the machine is doing affects them alike and their ratios stay fair.
    duration: int
    rounds: int
    warmup: int


FULL = Mode("full", "insyn_bench", 1_000_000, duration=20, rounds=4, warmup=2)
QUICK = Mode("quick", "insyn_bench_quick", 50_000, duration=6, rounds=2, warmup=1)

# (result key, comparison, limit): what this 2-core machine must reach.
TARGETS = (
    ("postlista_p95_ms", "<=", 25.0),
    ("search_p95_ms", "<=", 50.0),
    ("deep_page_p95_ms", "<=", 25.0),
    ("postlista_vs_healthz", ">=", 0.5),
    ("search_vs_healthz", ">=", 0.2),
    ("numbering_duplicates", "==", 0),
    ("numbering_gaps", "==", 0),
    ("numbering_errors", "==", 0),
    ("load_errors", "==", 0),
    # The contract import (bench/contract_import.py): 50,000 rows.
    *contract_import.TARGETS,
)
COMPARE = {"<=": operator.le, ">=": operator.ge, "==": operator.eq}


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--quick", action="store_true", help="50,000 documents, 6 s of load")
    parser.add_argument(
        "--regenerate", action="store_true", help="generate the dataset even if it matches"
    )
    parser.add_argument("--documents", type=int, help="documents to generate (cases: 30 %%)")
    parser.add_argument("--seed", type=int, default=SEED, help=f"random seed (default {SEED})")
    parser.add_argument("--duration", type=int, help="seconds of load per endpoint")
    parser.add_argument("--rounds", type=int, help="turns the endpoints take (4; quick 2)")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections (8)")
    parser.add_argument(
        "--server",
        default=DEFAULT_SERVER,
        help="PostgreSQL server URL; the bench uses its own database on it "
        "(default $BENCH_DATABASE_URL or postgres://postgres@127.0.0.1:5432/)",
    )
    parser.add_argument("--skip-numbering", action="store_true", help="only the HTTP load")
    parser.add_argument(
        "--skip-import", action="store_true", help="leave out the 50,000-row contract import"
    )
    parser.add_argument(
        "--prepared-statements",
        action="store_true",
        help="serve with server-side binding and prepared statements "
        f"(DATABASE_URL ...?{PREPARED_OPTIONS}; see docs/performance.md)",
    )
    return parser.parse_args(argv)


def prepare_dataset(url: str, spec: generate.DatasetSpec, regenerate: bool) -> generate.DatasetInfo:
    info = database.conninfo(url)
    marker = generate.read_marker(info) if database.exists(url) else None
    if not regenerate and generate.marker_matches(marker, spec):
        assert marker is not None
        generated = f"{marker['generated_at']:%Y-%m-%d %H:%M}"
        log(f"reusing the dataset in {database.database_name(url)} (generated {generated})")
        database.migrate()
        generate.reset_to_marker(info, marker)
        return generate.DatasetInfo(
            spec,
            marker["documents"],
            marker["cases"],
            marker["generate_s"],
            reused=True,
            end_date=marker["end_date"],
        )
    log(f"generating {spec.documents:,} documents in {spec.cases:,} cases (seed {spec.seed})")
    database.recreate(url)
    database.migrate()
    dataset = generate.generate(info, spec, log)
    log(f"generated in {dataset.generate_s:.1f} s")
    return dataset


def machine(url: str, wrk: str) -> dict:
    import django

    memory_kb = 0
    cpu = platform.processor()
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_kb = int(line.split()[1])
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cores": os.cpu_count(),
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "cpu": cpu,
        "python": platform.python_version(),
        "django": django.get_version(),
        "postgres": database.server_version(url),
        "wrk": load.wrk_version(wrk),
        "os": platform.platform(),
    }


def evaluate(results: dict) -> list[tuple[str, str, float, object, bool]]:
    rows = []
    for key, op, limit in TARGETS:
        value = results[key]
        rows.append((key, op, limit, value, COMPARE[op](value, limit)))
    return rows


def print_report(results: dict, checks: list[tuple[str, str, float, object, bool]]) -> None:
    print()
    documents = results["dataset_documents"]
    prepared = ", prepared statements" if results["prepared_statements"] else ""
    print(f"insyn bench ({results['mode']}{prepared}), {results['date']}, {documents:,} documents")
    print()
    print(f"{'endpoint':<12} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for name, run in results["load"].items():
        print(
            f"{name:<12} {run['rps']:>9.1f} {run['p50_ms']:>8.2f} {run['p95_ms']:>8.2f} "
            f"{run['p99_ms']:>8.2f} {run['errors']:>7}"
        )
    print()
    print(f"{'figure':<24} {'value':>12}   target")
    for key, op, limit, value, ok in checks:
        shown = f"{value:.2f}" if isinstance(value, float) else str(value)
        print(f"{key:<24} {shown:>12}   {op} {limit:<8} {'PASS' if ok else 'FAIL'}")
    print(f"{'numbering_rps':<24} {results['numbering_rps']:>12.1f}")
    print(f"{'contract_import_rows':<24} {results['contract_import_rows']:>12}")
    reused = "(generated in an earlier run)" if results["dataset_reused"] else ""
    print(f"{'generate_s':<24} {results['generate_s']:>12.1f}   {reused}")
    print()


def write_results(results: dict, mode: Mode) -> list[Path]:
    """latest.json for a full run as configured; quick runs and runs with prepared
    statements get their own names, so that they never replace it."""
    RESULTS.mkdir(exist_ok=True)
    suffix = "" if mode is FULL else f"-{mode.name}"
    if results["prepared_statements"]:
        suffix += "-prepared"
    stamp = datetime.datetime.now().strftime("%Y-%m-%d-%H%M")
    paths = [RESULTS / f"latest{suffix}.json", RESULTS / f"{stamp}{suffix}.json"]
    text = json.dumps(results, indent=2, ensure_ascii=False, default=str) + "\n"
    for path in paths:
        path.write_text(text, encoding="utf-8")
    return paths


def measure_http(
    server_url: str, cursor: str, *, mode: Mode, duration: int, rounds: int, connections: int
) -> tuple[list[load.Endpoint], dict[str, load.LoadResult]]:
    """Serve insyn with gunicorn and load each endpoint with wrk, the endpoints taking
    turns for `rounds` rounds."""
    wrk = load.ensure_wrk()
    seconds = max(1, round(duration / rounds))
    endpoints = load.endpoints(cursor)
    log(f"starting gunicorn (DATABASE_URL {server_url}, 2 workers)")
    measured: dict[str, list[load.WrkRun]] = {e.name: [] for e in endpoints}
    with Server(server_url) as server:
        for endpoint in endpoints:
            load.preflight(server.base_url, endpoint)
            # Warm up: templates compiled, connections opened, caches filled.
            load.run_wrk(
                wrk, server.base_url, endpoint, seconds=mode.warmup, connections=connections
            )
        for turn in range(1, rounds + 1):
            for endpoint in endpoints:
                run = load.run_wrk(
                    wrk, server.base_url, endpoint, seconds=seconds, connections=connections
                )
                measured[endpoint.name].append(run)
                rate = run.requests / run.seconds
                log(f"round {turn}/{rounds} {endpoint.name}: {rate:.0f} req/s")
    runs = {name: load.LoadResult.merge(name, r) for name, r in measured.items()}
    for r in runs.values():
        log(f"{r.name}: {r.rps:.0f} req/s, p50 {r.p50_ms:.1f} ms, p95 {r.p95_ms:.1f} ms")
    return endpoints, runs


def measure_numbering(skip: bool) -> numbering.NumberingResult:
    if skip:
        return numbering.NumberingResult(0, 0.0, 0.0, 0, 0, [])
    log(f"numbering: {numbering.CLIENTS} registrars x {numbering.EACH} registrations")
    counted = numbering.run()
    log(
        f"numbering: {counted.rps:.0f} registrations/s, "
        f"{counted.duplicates} duplicates, {counted.gaps} gaps"
    )
    for error in counted.errors[:5]:
        log(f"  registration failed: {error}")
    return counted


def measure_import(skip: bool, url: str) -> contract_import.ImportResult:
    if skip:
        return contract_import.ImportResult(0, 0.0, 0.0, 0.0, 0.0, 0, 0, "skipped")
    log(f"contract import: {contract_import.ROWS:,} rows from an xlsx file")
    result = contract_import.measure(url, log=log)
    log(
        f"contract import: {result.seconds:.1f} s, peak {result.peak_mb:.0f} MB, "
        f"{result.created:,} created, status {result.status}"
    )
    return result


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    mode = QUICK if args.quick else FULL
    documents = args.documents or mode.documents
    spec = generate.DatasetSpec(seed=args.seed, documents=documents, cases=documents * 3 // 10)
    duration = args.duration or mode.duration
    rounds = args.rounds or mode.rounds
    url = database.database_url(args.server, mode.database)
    wrk = load.ensure_wrk()

    database.setup_django(url)
    dataset = prepare_dataset(url, spec, args.regenerate)
    info = database.conninfo(url)
    cursor, pages_back = load.deep_cursor(info)
    hits = load.search_hits(info)

    # Other work on the machine shows in every figure: the load average says how much.
    load_before = os.getloadavg()[0]
    server_url = f"{url}?{PREPARED_OPTIONS}" if args.prepared_statements else url
    endpoints, runs = measure_http(
        server_url,
        cursor,
        mode=mode,
        duration=duration,
        rounds=rounds,
        connections=args.connections,
    )
    load_after = os.getloadavg()[0]
    counted = measure_numbering(args.skip_numbering)
    imported = measure_import(args.skip_import, url)
    # What the numbering check registered goes again: every run measures the same data.
    marker = generate.read_marker(info)
    if marker is not None:
        generate.reset_to_marker(info, marker)

    healthz = runs["healthz"].rps
    results = {
        "mode": mode.name,
        "prepared_statements": args.prepared_statements,
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "postlista_p50_ms": runs["postlista"].p50_ms,
        "postlista_p95_ms": runs["postlista"].p95_ms,
        "postlista_rps": runs["postlista"].rps,
        "search_p50_ms": runs["search"].p50_ms,
        "search_p95_ms": runs["search"].p95_ms,
        "search_rps": runs["search"].rps,
        "deep_page_p50_ms": runs["deep_page"].p50_ms,
        "deep_page_p95_ms": runs["deep_page"].p95_ms,
        "deep_page_rps": runs["deep_page"].rps,
        "healthz_p95_ms": runs["healthz"].p95_ms,
        "healthz_rps": healthz,
        "postlista_vs_healthz": runs["postlista"].rps / healthz if healthz else 0.0,
        "search_vs_healthz": runs["search"].rps / healthz if healthz else 0.0,
        "load_errors": sum(r.errors for r in runs.values()),
        "numbering_rps": counted.rps,
        "numbering_registrations": counted.registrations,
        "numbering_duplicates": counted.duplicates,
        "numbering_gaps": counted.gaps,
        "numbering_errors": len(counted.errors),
        **imported.as_dict(),
        "dataset_documents": dataset.documents,
        "dataset_cases": dataset.cases,
        "dataset_seed": spec.seed,
        "dataset_reused": dataset.reused,
        "dataset_end_date": dataset.end_date.isoformat(),
        "generate_s": round(dataset.generate_s, 1),
        "paths": {e.name: list(e.paths) for e in endpoints},
        "search_hits": hits,
        "deep_page_pages_back": pages_back,
        "deep_page_cursor": cursor,
        "duration_s": duration,
        "rounds": rounds,
        "connections": args.connections,
        "load": {name: r.as_dict() for name, r in runs.items()},
        "machine": {
            **machine(url, wrk),
            "load_average_before": round(load_before, 2),
            "load_average_after": round(load_after, 2),
        },
    }
    checks = evaluate(results)
    results["targets"] = {
        key: {"target": f"{op} {limit}", "pass": ok} for key, op, limit, _v, ok in checks
    }
    print_report(results, checks)
    for path in write_results(results, mode):
        log(f"wrote {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")
    failed = [key for key, _op, _limit, _value, ok in checks if not ok]
    if failed:
        print(f"FAIL: {len(failed)} target(s) not met ({', '.join(failed)}); exit status 1")
        return 1
    print("PASS: every target met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
