"""HTTP load with wrk, from a process of its own, one endpoint at a time."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import psycopg

from bench import vocabulary as vocab
from bench.server import get

LUA = Path(__file__).with_name("wrk_report.lua")
PAGE_SIZE = 50  # as registry.selectors.PAGE_SIZE
DEEP_PAGES = 1_000
# Every postlista answer with rows holds this table.
TABLE = '<table class="postlista">'


@dataclass(frozen=True)
class Endpoint:
    name: str
    paths: tuple[str, ...]
    # Text every answer must hold, checked once before the load: a page of errors or
    # redirects is fast, and would make the figures meaningless.
    expect: str


@dataclass
class WrkRun:
    """One wrk run: its counts and its latency histogram (microseconds -> requests)."""

    requests: int
    seconds: float
    errors: int
    histogram: Counter[int]


@dataclass(frozen=True)
class LoadResult:
    """An endpoint's runs taken together."""

    name: str
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    errors: int

    @classmethod
    def merge(cls, name: str, runs: list[WrkRun]) -> LoadResult:
        histogram: Counter[int] = Counter()
        for run in runs:
            histogram.update(run.histogram)
        requests = sum(r.requests for r in runs)
        seconds = sum(r.seconds for r in runs)
        return cls(
            name=name,
            requests=requests,
            seconds=round(seconds, 2),
            rps=requests / seconds if seconds else 0.0,
            p50_ms=percentile(histogram, 50) / 1000,
            p95_ms=percentile(histogram, 95) / 1000,
            p99_ms=percentile(histogram, 99) / 1000,
            max_ms=max(histogram, default=0) / 1000,
            errors=sum(r.errors for r in runs),
        )

    def as_dict(self) -> dict:
        return self.__dict__.copy()


def percentile(histogram: Counter[int], p: float) -> int:
    """The latency below which p per cent of the requests fall (as wrk computes it)."""
    total = sum(histogram.values())
    if not total:
        return 0
    rank = round(p / 100 * total + 0.5)
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen >= rank:
            return value
    return max(histogram)


def ensure_wrk() -> str:
    """The wrk command; installed from Debian's packages when missing and we are root."""
    found = shutil.which("wrk")
    if found:
        return found
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        print("wrk is missing: installing Debian's package (apt-get install -y wrk)")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=False)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], env=env, check=True)
        found = shutil.which("wrk")
        if found:
            return found
    raise SystemExit("the bench needs wrk: run `sudo apt-get install -y wrk` and try again")


def wrk_version(wrk: str) -> str:
    result = subprocess.run([wrk, "--version"], capture_output=True, text=True, check=False)
    return (
        (result.stdout or result.stderr).splitlines()[0].strip()
        if result.stdout or result.stderr
        else "?"
    )


def deep_cursor(conninfo: str, pages: int = DEEP_PAGES) -> tuple[str, int]:
    """The `efter` cursor of the page `pages` pages back from the first (fewer when the
    dataset is smaller), and how many pages back it is. The postlista orders by
    (registered_on desc, id desc); a page's cursor is its last row."""
    with psycopg.connect(conninfo) as conn:
        row = conn.execute("SELECT count(*) FROM registry_document").fetchone()
        total = int(row[0]) if row else 0
        pages = max(1, min(pages, total // PAGE_SIZE - 1))
        row = conn.execute(
            "SELECT registered_on, id FROM registry_document "
            "ORDER BY registered_on DESC, id DESC OFFSET %s LIMIT 1",
            [pages * PAGE_SIZE - 1],
        ).fetchone()
    if row is None:
        raise RuntimeError("the dataset is too small for a deep page")
    return f"{row[0].isoformat()}_{row[1]}", pages


def search_hits(conninfo: str) -> dict[str, int]:
    """How many documents each searched word matches (for the report, not the load)."""
    hits = {}
    with psycopg.connect(conninfo) as conn:
        for word in (*vocab.SEARCH_COMMON, *vocab.SEARCH_RARE):
            row = conn.execute(
                "SELECT count(*) FROM registry_document "
                "WHERE search_vector @@ to_tsquery('swedish', %s)",
                [f"{word}:*"],
            ).fetchone()
            hits[word] = int(row[0]) if row else 0
    return hits


def endpoints(cursor: str) -> list[Endpoint]:
    search = []
    # Common and rare words in turn, as the public would search.
    for common, rare in zip(vocab.SEARCH_COMMON, vocab.SEARCH_RARE, strict=True):
        search += [f"/postlista/?q={quote(common)}", f"/postlista/?q={quote(rare)}"]
    return [
        Endpoint("healthz", ("/healthz",), '"status": "ok"'),
        Endpoint("postlista", ("/postlista/",), TABLE),
        Endpoint("search", tuple(search), TABLE),
        Endpoint("deep_page", (f"/postlista/?efter={cursor}",), TABLE),
    ]


def preflight(base_url: str, endpoint: Endpoint) -> None:
    for path in endpoint.paths:
        status, body = get(base_url + path)
        if status != 200 or endpoint.expect not in body:
            raise RuntimeError(
                f"{path} answered {status} without {endpoint.expect!r}; not measuring it"
            )


def run_wrk(
    wrk: str, base_url: str, endpoint: Endpoint, *, seconds: int, connections: int
) -> WrkRun:
    threads = max(1, min(2, connections))
    command = [
        wrk,
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, seconds)}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA),
        base_url + endpoint.paths[0],
        "--",
        *endpoint.paths,
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    lines = {
        line.split(" ", 1)[0]: line.split(" ", 1)[1]
        for line in result.stdout.splitlines()
        if line.startswith(("BENCH_JSON ", "BENCH_HIST "))
    }
    if result.returncode != 0 or "BENCH_JSON" not in lines:
        raise RuntimeError(f"wrk failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    summary = json.loads(lines["BENCH_JSON"])
    histogram: Counter[int] = Counter()
    for bucket in lines.get("BENCH_HIST", "").split(","):
        if bucket:
            value, count = bucket.split(":")
            histogram[int(value)] += int(count)
    return WrkRun(
        requests=summary["requests"],
        seconds=summary["duration_us"] / 1e6,
        errors=sum(v for k, v in summary.items() if k.startswith("errors_")),
        histogram=histogram,
    )
