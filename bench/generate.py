"""A large, realistic diarium in PostgreSQL, generated from a fixed seed.

The organisation, boards, series, units and users are the demo kommun's (created through
`insyn.demo.load` with no cases); the parties are the demo's and a few hundred more. Cases
and documents are written with COPY straight into the tables that `insyn migrate` made,
with every column filled as the services would fill it: numbers in gapless sequences per
series and year, the counters in registry_seriesyear continuing them, and
`public_search_text` built by the same rules as `registry.services._public_search_text`
(checked on a sample afterwards). `search_vector` is computed by PostgreSQL itself (it is
a generated column). History tables stay empty for these rows.

Secondary indexes and constraints are dropped during the load and built again afterwards:
building an index once is far cheaper than updating it a million times.
"""

from __future__ import annotations

import datetime
import random
import string
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import psycopg

from bench import vocabulary as vocab

# Raised whenever what is generated changes, so that an older dataset is not reused.
GENERATOR_VERSION = 3
TABLES = ("registry_case", "registry_document")
CASE_COLUMNS = (
    "id", "year", "sequence", "number", "title", "public_title", "status", "opened_on",
    "closed_on", "last_document_number", "created_at", "case_officer_id", "created_by_id",
    "unit_id", "series_id",
)  # fmt: skip
DOCUMENT_COLUMNS = (
    "id", "sequence", "number", "direction", "document_date", "registered_on",
    "registered_at", "description", "counterpart_name", "counterpart_kind", "secrecy",
    "mask_counterpart", "mask_description", "contains_personal_data", "public_search_text",
    "case_id", "case_officer_id", "counterpart_party_id", "registered_by_id", "unit_id",
    "secrecy_ground_id",
)  # fmt: skip
NULL = "\\N"
# Documents written per COPY chunk (a few MB of text).
CHUNK = 20_000

Log = Callable[[str], None]


@dataclass(frozen=True)
class DatasetSpec:
    seed: int
    documents: int
    cases: int
    years: int = 10


@dataclass
class DatasetInfo:
    spec: DatasetSpec
    documents: int
    cases: int
    generate_s: float
    reused: bool
    end_date: datetime.date


# --- the marker: which dataset a database holds ----------------------------------------

MARKER_DDL = """
CREATE TABLE IF NOT EXISTS bench_dataset (
    seed integer NOT NULL,
    documents integer NOT NULL,
    cases integer NOT NULL,
    years integer NOT NULL,
    version integer NOT NULL,
    end_date date NOT NULL,
    max_case_id bigint NOT NULL,
    max_document_id bigint NOT NULL,
    generate_s double precision NOT NULL,
    generated_at timestamptz NOT NULL DEFAULT now()
)
"""


def read_marker(conninfo: str) -> dict | None:
    """The marker row of a generated dataset, or None if the database has none."""
    try:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            exists = conn.execute("SELECT to_regclass('bench_dataset') IS NOT NULL").fetchone()
            if not exists or not exists[0]:
                return None
            cur = conn.execute("SELECT * FROM bench_dataset LIMIT 1")
            row = cur.fetchone()
            if row is None or cur.description is None:
                return None
            return dict(zip([c.name for c in cur.description], row, strict=True))
    except psycopg.OperationalError:
        return None


def marker_matches(marker: dict | None, spec: DatasetSpec) -> bool:
    return marker is not None and (
        marker["seed"],
        marker["documents"],
        marker["cases"],
        marker["years"],
        marker["version"],
    ) == (spec.seed, spec.documents, spec.cases, spec.years, GENERATOR_VERSION)


def reset_to_marker(conninfo: str, marker: dict) -> None:
    """Remove what earlier bench runs registered on top of the generated data (the
    numbering check), so that every run measures the same dataset."""
    with psycopg.connect(conninfo) as conn:
        conn.execute("DELETE FROM registry_document WHERE id > %s", [marker["max_document_id"]])
        conn.execute(
            "DELETE FROM registry_historicaldocument WHERE id > %s", [marker["max_document_id"]]
        )
        conn.execute("DELETE FROM registry_case WHERE id > %s", [marker["max_case_id"]])
        conn.execute("DELETE FROM registry_historicalcase WHERE id > %s", [marker["max_case_id"]])
        _set_counters(conn)


def _set_counters(conn: psycopg.Connection) -> None:
    """registry_seriesyear holds the last number of every series and year, so that the
    next registration continues the sequence."""
    conn.execute("DELETE FROM registry_seriesyear")
    conn.execute(
        """
        INSERT INTO registry_seriesyear (series_id, year, last_number)
        SELECT series_id, year, max(sequence) FROM registry_case GROUP BY series_id, year
        """
    )


# --- the organisation --------------------------------------------------------------------


@dataclass
class Organisation:
    series: dict[str, int]  # board code -> series id
    units: dict[str, int]  # unit name -> id
    board_units: dict[str, list[int]]  # board code -> its unit ids
    registrars: list[int]
    officers: list[int]
    grounds: dict[tuple[int, str], int]
    parties: dict[str, list[tuple[int, str]]]  # kind -> [(id, name)]


def _org_number(rng: random.Random, prefix: str, taken: set[str]) -> str:
    from stdnum import luhn

    while True:
        digits = prefix + "".join(rng.choice(string.digits) for _ in range(9 - len(prefix)))
        number = f"{digits[:6]}-{digits[6:]}{luhn.calc_check_digit(digits)}"
        if number not in taken:
            taken.add(number)
            return number


def create_organisation(rng: random.Random) -> Organisation:
    """The demo kommun without its diarium, and more parties to write to and from."""
    from insyn import demo
    from insyn.core.models import Party, Unit, User
    from insyn.registry.models import SecrecyGround, Series

    demo.load(cases=0, processes=False)
    taken = set(Party.objects.exclude(org_number="").values_list("org_number", flat=True))
    existing = set(Party.objects.values_list("name", flat=True))
    new: list[Party] = []
    names = [f"{a} {b}" for a in vocab.COMPANY_FIRST for b in vocab.COMPANY_SECOND]
    for name in rng.sample(names, k=min(300, len(names))):
        new.append(
            Party(kind=Party.Kind.COMPANY, name=name, org_number=_org_number(rng, "559", taken))
        )
    for kind, names_of_kind, prefix in (
        (Party.Kind.NONPROFIT, vocab.NONPROFITS, "802"),
        (Party.Kind.PUBLIC_BODY, vocab.PUBLIC_BODIES, "2021"),
    ):
        for name in names_of_kind:
            if name not in existing:
                new.append(Party(kind=kind, name=name, org_number=_org_number(rng, prefix, taken)))
    Party.objects.bulk_create(new)

    parties: dict[str, list[tuple[int, str]]] = {}
    for pk, kind, name in Party.objects.order_by("pk").values_list("pk", "kind", "name"):
        parties.setdefault(kind, []).append((pk, name))
    units = dict(Unit.objects.values_list("name", "pk"))
    board_units: dict[str, list[int]] = {}
    for pk, code in Unit.objects.order_by("pk").values_list("pk", "board__code"):
        board_units.setdefault(code, []).append(pk)
    users = dict(User.objects.values_list("username", "pk"))
    return Organisation(
        series=dict(Series.objects.values_list("board__code", "pk")),
        units=units,
        board_units=board_units,
        registrars=[users["registrator"]],
        officers=[
            users[u] for u in ("lots", "sektorchef", "avtalsansvarig", "upphandlare", "ekonom")
        ],
        grounds={(g.chapter, g.section): g.pk for g in SecrecyGround.objects.all()},
        parties=parties,
    )


# --- the plan: cases, their days and documents -------------------------------------------


def _check_vocabulary(party_names: list[str]) -> None:
    """COPY's text format gives tab, newline and backslash a meaning: none may occur."""
    texts: list[str] = list(party_names)
    for topic in vocab.TOPICS:
        texts += [topic.title, topic.public_title, *(d for _, d in topic.documents)]
    texts += [d for _, d in vocab.EXTRA_DOCUMENTS]
    for values in vocab.SLOTS.values():
        texts += values
    texts += [*vocab.FIRST_NAMES, *vocab.LAST_NAMES, *vocab.COUNCIL_MEMBERS]
    bad = [t for t in texts if any(c in t for c in "\t\n\r\\")]
    if bad:
        raise ValueError(f"vocabulary holds characters COPY would misread: {bad[:3]}")


def _slot_names(template: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


@dataclass
class Case:
    """One planned case; its documents are numbered 1..documents."""

    id: int
    topic: vocab.Topic
    series_id: int
    year: int
    sequence: int
    number: str
    title: str
    public_title: str
    slots: dict[str, str]
    unit_id: int
    officer_id: int
    counterpart: tuple[str, str, int | None]  # name, kind, party id
    days: list[int]  # index into the working days, one per document


class Planner:
    """Decides everything about the dataset from the seed; writes nothing."""

    def __init__(self, spec: DatasetSpec, org: Organisation, end: datetime.date):
        _check_vocabulary([name for named in org.parties.values() for _, name in named])
        self.spec = spec
        self.org = org
        self.rng = random.Random(spec.seed)
        start = end - datetime.timedelta(days=round(365.25 * spec.years) - 1)
        from insyn.core.calendar import working_days_in

        self.days = working_days_in(start, end)
        self.topic_slots = [
            sorted(
                {
                    s
                    for t in (topic.title, *(d for _, d in topic.documents))
                    for s in _slot_names(t)
                    if s not in ("person", "ar")  # set per case, not from a word list
                }
            )
            for topic in vocab.TOPICS
        ]

    def _day_weights(self) -> list[float]:
        # A diarium grows a few per cent a year, and July is quiet.
        first_year = self.days[0].year
        return [
            (1.03 ** (d.year - first_year)) * (0.35 if d.month == 7 else 1.0) for d in self.days
        ]

    def _counterpart(self, topic: vocab.Topic) -> tuple[str, str, int | None]:
        rng = self.rng
        kind = topic.counterpart
        if kind == "private_person":
            name = f"{rng.choice(vocab.FIRST_NAMES)} {rng.choice(vocab.LAST_NAMES)}"
            return name, "private_person", None
        if kind == "council":
            return rng.choice(vocab.COUNCIL_MEMBERS), "", None
        if kind == "none":
            return "Kommunens förvaltningar", "", None
        pk, name = rng.choice(self.org.parties[kind])
        return name, kind, pk

    def cases(self) -> list[Case]:
        rng = self.rng
        spec = self.spec
        n_days = len(self.days)
        case_days = sorted(rng.choices(range(n_days), self._day_weights(), k=spec.cases))
        topic_weights = [t.weight for t in vocab.TOPICS]
        topic_index = rng.choices(range(len(vocab.TOPICS)), topic_weights, k=spec.cases)
        # Every case has one document; the rest are spread by each kind's typical length.
        counts = [1] * spec.cases
        lengths = [vocab.TOPICS[t].length for t in topic_index]
        for i in rng.choices(range(spec.cases), lengths, k=spec.documents - spec.cases):
            counts[i] += 1

        sequences: dict[tuple[int, int], int] = {}
        planned: list[Case] = []
        for i in range(spec.cases):
            topic = vocab.TOPICS[topic_index[i]]
            day = self.days[case_days[i]]
            series_id = self.org.series[topic.board]
            key = (series_id, day.year)
            sequences[key] = sequences.get(key, 0) + 1
            number = f"{topic.board} {day.year}/{sequences[key]:04d}"
            counterpart = self._counterpart(topic)
            slots = {s: rng.choice(vocab.SLOTS[s]) for s in self.topic_slots[topic_index[i]]}
            slots["person"] = counterpart[0]
            slots["ar"] = str(day.year)
            title = topic.title.format(**slots)
            # A few cases mention a place that almost nothing else does: the rare search.
            for k, word in enumerate(vocab.SEARCH_RARE):
                if i % vocab.RARE_EVERY == 7 + 1000 * k:
                    title += f" vid {word.capitalize()}"
            named_units = [self.org.units[u] for u in topic.units if u in self.org.units]
            unit_id = rng.choice(named_units or self.org.board_units[topic.board])
            # Later documents follow within about half a year, never after the last day.
            start = case_days[i]
            span = min(120, n_days - 1 - start)
            offsets = sorted(rng.randint(0, span) for _ in range(counts[i] - 1))
            planned.append(
                Case(
                    id=i + 1,
                    topic=topic,
                    series_id=series_id,
                    year=day.year,
                    sequence=sequences[key],
                    number=number,
                    title=title,
                    public_title=topic.public_title,
                    slots=slots,
                    unit_id=unit_id,
                    officer_id=rng.choice(self.org.officers),
                    counterpart=counterpart,
                    days=[start, *(start + o for o in offsets)],
                )
            )
        return planned


# --- rows ------------------------------------------------------------------------------


def _bool(value: bool) -> str:
    return "t" if value else "f"


def _case_row(
    case: Case, days: list[datetime.date], today: datetime.date, registrar: int, rng: random.Random
) -> str:
    last = days[case.days[-1]]
    opened = days[case.days[0]]
    closed = last + datetime.timedelta(days=rng.randint(1, 30))
    # Cases whose last document is a while ago are mostly finished.
    is_closed = closed < today - datetime.timedelta(days=60) and rng.random() < 0.92
    return "\t".join(
        (
            str(case.id),
            str(case.year),
            str(case.sequence),
            case.number,
            case.title,
            case.public_title,
            "closed" if is_closed else "open",
            opened.isoformat(),
            closed.isoformat() if is_closed else NULL,
            str(len(case.days)),
            f"{opened.isoformat()} 08:{case.id % 60:02d}:00",
            str(case.officer_id),
            str(registrar),
            str(case.unit_id),
            str(case.series_id),
        )
    )


class DocumentWriter:
    """Turns (case, sequence) into a document row, by the rules of the services."""

    def __init__(self, org: Organisation, days: list[datetime.date], rng: random.Random):
        self.org = org
        self.days = days
        self.rng = rng
        self.registrar = org.registrars[0]

    def row(self, doc_id: int, case: Case, sequence: int) -> str:
        rng = self.rng
        topic = case.topic
        registered_on = self.days[case.days[sequence - 1]]
        if sequence <= len(topic.documents):
            direction, template = topic.documents[sequence - 1]
        else:
            direction, template = rng.choice(vocab.EXTRA_DOCUMENTS)
        description = template.format(**case.slots)
        if direction == "drawn_up":
            name, kind, party_id = "", "", None
            document_date = registered_on
        else:
            name, kind, party_id = case.counterpart
            back = rng.randint(0, 3) if direction == "incoming" else 0
            document_date = registered_on - datetime.timedelta(days=back)

        secrecy, mask_counterpart, mask_description = "public", False, False
        if topic.secrecy == "secret":
            secrecy = "secret"
        elif topic.secrecy == "anbud" and template.startswith("Anbud"):
            # Tenders: the tenderer is masked until the award (OSL 19 kap. 3 §).
            secrecy, mask_counterpart = "partial", True
        elif topic.secrecy == "personal":
            secrecy, mask_description = "partial", True
        ground = self.org.grounds[topic.ground] if secrecy != "public" and topic.ground else None
        private_person = kind == "private_person"
        # The service marks a private person's documents as holding personal data; the
        # registrar does so for secret ones and, now and then, for others.
        personal_data = private_person or secrecy == "secret" or rng.random() < 0.03

        number = f"{case.number}-{sequence}"
        # As registry.services._public_search_text: only what the postlista shows.
        parts = [number, case.public_title or case.title]
        if secrecy != "secret":
            if not mask_description:
                parts.append(description)
            if not mask_counterpart and not private_person:
                parts.append(name)
        search_text = " ".join(p for p in parts if p).lower()
        # Registered in office hours, local time (the COPY session's time zone).
        minute = rng.randrange(8 * 60, 16 * 60 + 30)
        second = rng.randrange(60)
        return "\t".join(
            (
                str(doc_id),
                str(sequence),
                number,
                direction,
                document_date.isoformat(),
                registered_on.isoformat(),
                f"{registered_on.isoformat()} {minute // 60:02d}:{minute % 60:02d}:{second:02d}",
                description,
                name,
                kind,
                secrecy,
                _bool(mask_counterpart),
                _bool(mask_description),
                _bool(personal_data),
                search_text,
                str(case.id),
                str(case.officer_id),
                str(party_id) if party_id else NULL,
                str(self.registrar),
                str(case.unit_id),
                str(ground) if ground else NULL,
            )
        )


def _document_order(cases: list[Case]) -> list[int]:
    """Documents get their ids in the order they were registered, as in a real diarium:
    by day, then case, then number within the case. Packed into one int to sort fast."""
    keys = []
    for index, case in enumerate(cases):
        for sequence, day in enumerate(case.days, start=1):
            keys.append((day << 40) | (index << 12) | sequence)
    keys.sort()
    return keys


# --- indexes and constraints -------------------------------------------------------------


@dataclass
class SchemaParts:
    constraints: list[tuple[str, str, str, str]]  # table, name, type, definition
    indexes: list[tuple[str, str]]  # name, definition


def _drop_secondary(conn: psycopg.Connection) -> SchemaParts:
    """Drop every index and unique or foreign-key constraint of the two tables except
    the primary keys, and return how to build them again."""
    constraints = conn.execute(
        """
        SELECT conrelid::regclass::text, conname, contype, pg_get_constraintdef(oid)
        FROM pg_constraint
        WHERE conrelid = ANY(%s::regclass[]) AND contype IN ('u', 'f')
        ORDER BY contype DESC, conname
        """,
        [list(TABLES)],
    ).fetchall()
    indexes = conn.execute(
        """
        SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
        FROM pg_index i
        WHERE i.indrelid = ANY(%s::regclass[])
          AND NOT EXISTS (
            SELECT 1 FROM pg_constraint c
            WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x')
          )
        ORDER BY 1
        """,
        [list(TABLES)],
    ).fetchall()
    # Foreign keys first ('f' sorts after 'u', hence DESC above), then what they rely on.
    for table, name, _kind, _definition in constraints:
        conn.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _definition in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    return SchemaParts(constraints=list(constraints), indexes=list(indexes))


def _run_parallel(conninfo: str, jobs: list[list[str]]) -> None:
    """Run each list of statements on its own connection, the lists side by side."""
    errors: list[BaseException] = []

    def work(statements: list[str]) -> None:
        try:
            with psycopg.connect(conninfo, autocommit=True) as conn:
                conn.execute("SET maintenance_work_mem = '1GB'")
                for statement in statements:
                    conn.execute(statement)  # type: ignore[arg-type]
        except BaseException as exc:  # reported by the caller, in its own thread
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(job,)) for job in jobs if job]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]


def _rebuild_secondary(conninfo: str, parts: SchemaParts) -> None:
    # The full-text GIN index alone takes about as long as all the rest: it gets a
    # connection (a core) of its own. Unique constraints build their indexes too.
    search = [d for _, d in parts.indexes if "search_vector" in d]
    other = [d for _, d in parts.indexes if "search_vector" not in d]
    unique = [
        f'ALTER TABLE {t} ADD CONSTRAINT "{n}" {d}' for t, n, k, d in parts.constraints if k == "u"
    ]
    _run_parallel(conninfo, [search, other + unique])
    # Foreign keys are checked table by table (adding one locks its table).
    by_table: dict[str, list[str]] = {}
    for table, name, kind, definition in parts.constraints:
        if kind == "f":
            by_table.setdefault(table, []).append(
                f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'
            )
    _run_parallel(conninfo, list(by_table.values()))


# --- the whole generation ----------------------------------------------------------------


def _chunks(lines: Iterator[str], size: int) -> Iterator[str]:
    batch: list[str] = []
    for line in lines:
        batch.append(line)
        if len(batch) >= size:
            yield "\n".join(batch) + "\n"
            batch = []
    if batch:
        yield "\n".join(batch) + "\n"


def generate(conninfo: str, spec: DatasetSpec, log: Log) -> DatasetInfo:
    """Fill a freshly migrated, empty database. Django must be set up on it."""
    from django.utils import timezone

    started = time.perf_counter()
    # The diarium ends yesterday: nothing is registered later than now, and the numbering
    # check registers today, continuing this year's sequences.
    end = timezone.localdate() - datetime.timedelta(days=1)
    org = create_organisation(random.Random(spec.seed))
    planner = Planner(spec, org, end)
    cases = planner.cases()
    order = _document_order(cases)
    elapsed = time.perf_counter() - started
    log(f"planned {len(cases):,} cases and {len(order):,} documents ({elapsed:.1f} s)")

    with psycopg.connect(conninfo) as conn:
        conn.execute("SET TIME ZONE 'Europe/Stockholm'")
        parts = _drop_secondary(conn)
        conn.commit()
        step = time.perf_counter()
        rng = random.Random(spec.seed + 1)
        with conn.cursor() as cur:
            columns = ", ".join(CASE_COLUMNS)
            with cur.copy(f"COPY registry_case ({columns}) FROM STDIN") as copy:
                registrar = org.registrars[0]
                rows = (_case_row(c, planner.days, end, registrar, rng) for c in cases)
                for chunk in _chunks(rows, CHUNK):
                    copy.write(chunk)
            writer = DocumentWriter(org, planner.days, rng)
            mask = (1 << 28) - 1

            def document_rows() -> Iterator[str]:
                for doc_id, key in enumerate(order, start=1):
                    yield writer.row(doc_id, cases[(key >> 12) & mask], key & 0xFFF)

            columns = ", ".join(DOCUMENT_COLUMNS)
            with cur.copy(f"COPY registry_document ({columns}) FROM STDIN") as copy:
                for chunk in _chunks(document_rows(), CHUNK):
                    copy.write(chunk)
        for table in TABLES:
            conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
        _set_counters(conn)
        conn.commit()
        log(f"copied rows ({time.perf_counter() - step:.1f} s)")

    step = time.perf_counter()
    _rebuild_secondary(conninfo, parts)
    log(f"built indexes and constraints ({time.perf_counter() - step:.1f} s)")
    step = time.perf_counter()
    with psycopg.connect(conninfo, autocommit=True) as conn:
        # VACUUM sets the visibility map (index-only scans), as on a long-lived database.
        conn.execute("VACUUM ANALYZE")
    log(f"vacuumed and analysed ({time.perf_counter() - step:.1f} s)")
    _check_search_text(sample=500, documents=len(order), seed=spec.seed)

    generate_s = time.perf_counter() - started
    with psycopg.connect(conninfo) as conn:
        conn.execute(MARKER_DDL)
        conn.execute(
            """
            INSERT INTO bench_dataset (seed, documents, cases, years, version, end_date,
                                       max_case_id, max_document_id, generate_s)
            VALUES (%s, %s, %s, %s, %s, %s,
                    (SELECT max(id) FROM registry_case),
                    (SELECT max(id) FROM registry_document), %s)
            """,
            [spec.seed, spec.documents, spec.cases, spec.years, GENERATOR_VERSION, end, generate_s],
        )
    return DatasetInfo(spec, len(order), len(cases), generate_s, reused=False, end_date=end)


def _check_search_text(*, sample: int, documents: int, seed: int) -> None:
    """The stored search text must be what the service would have built, or the search
    benchmark measures something the application never stores."""
    from insyn.registry.models import Document
    from insyn.registry.services import _public_search_text

    ids = random.Random(seed).sample(range(1, documents + 1), min(sample, documents))
    documents = Document.objects.filter(pk__in=ids).select_related("case", "counterpart_party")
    wrong = [d.number for d in documents if _public_search_text(d) != d.public_search_text]
    if wrong:
        raise RuntimeError(f"generated search text differs from the service's: {wrong[:5]}")
