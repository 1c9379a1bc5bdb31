"""`make soak`: faults under load, on loopback, bounded in time.

1. 60 s of mixed public load (postlista, search, document pages, the request form): no 5xx.
2. The task worker stopped (SIGTERM) and then killed (SIGKILL) in the middle of a batch of
   e-mails and started again: no e-mail lost, none sent twice for the same event.
3. The web server killed during document registrations: every document is fully
   registered (number, rows, file) or not at all, and the number sequence has no gap.
4. PostgreSQL restarted under load: the application recovers by itself.

It runs its own PostgreSQL (initdb in a temporary folder, its own port), gunicorn as in
production and an SMTP server that counts deliveries. It prints what it did and found and
exits non-zero on any loss.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote

from soak.client import Session
from soak.postgres import TemporaryPostgres
from soak.smtp import start_smtp

ROOT = Path(__file__).resolve().parent.parent
INSYN = str(ROOT / ".venv" / "bin" / "insyn")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
# Every case the soak registers has a title starting with this, so that its checks count
# only what the soak itself registered (the demo has cases of its own).
SOAK_TITLE = "Soak "
WORDS = ["upphandling", "snöröjning", "hemtjänst", "skola", "anbud", "avtal", "remiss", "beslut"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def soak_cases_without_document() -> int:
    """Cases the soak registered whose first document is missing: a registration that
    committed the case but not its document. Cases made otherwise (the demo's) are not
    the soak's to judge."""
    from insyn.registry.models import Case

    return Case.objects.filter(title__startswith=SOAK_TITLE, documents__isnull=True).count()


class Report:
    def __init__(self) -> None:
        self.failures: list[str] = []

    def line(self, text: str) -> None:
        print(text, flush=True)

    def check(self, ok: bool, text: str) -> None:
        self.line(f"  [{'ok' if ok else 'FAIL'}] {text}")
        if not ok:
            self.failures.append(text)


class Soak:
    def __init__(self, *, public_seconds: int) -> None:
        self.public_seconds = public_seconds
        self.pg = TemporaryPostgres(free_port())
        self.data_dir = Path(tempfile.mkdtemp(prefix="insyn-soak-data-"))
        self.web_port = free_port()
        self.smtp_port = free_port()
        self.web: subprocess.Popen | None = None
        self.worker: subprocess.Popen | None = None
        self.report = Report()

    # --- processes --------------------------------------------------------------------

    @property
    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "INSYN_TESTING")}
        env.update(
            DATABASE_URL=self.pg.url,
            SECRET_KEY="soak-" + "x" * 60,
            ALLOWED_HOSTS="127.0.0.1",
            SECURE_SSL_REDIRECT="0",
            INSYN_DATA_DIR=str(self.data_dir),
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(self.smtp_port),
            REGISTRY_EMAIL="registrator@soak.example",
            LOG_LEVEL="WARNING",
            # The soak is one client on loopback: rate limits would only measure themselves.
            INSYN_RATELIMIT_ENABLED="0",
        )
        return env

    def insyn(self, *args: str) -> None:
        subprocess.run([INSYN, *args], env=self.env, check=True, capture_output=True)

    def start_web(self) -> None:
        log = open(self.data_dir / "gunicorn.log", "ab")  # noqa: SIM115 - lives as long as the server
        self.web = subprocess.Popen(
            [GUNICORN, "insyn.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{self.web_port}",
             "--timeout", "60"],
            env=self.env, stdout=log, stderr=log, start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if Session(self.web_port, timeout=2).get("/healthz")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer /healthz")

    def kill_web(self) -> None:
        assert self.web is not None
        os.killpg(self.web.pid, signal.SIGKILL)  # master and workers, no goodbye
        self.web.wait()

    def start_worker(self) -> None:
        log = open(self.data_dir / "worker.log", "ab")  # noqa: SIM115 - lives as long as the worker
        self.worker = subprocess.Popen(
            [INSYN, "db_worker", "--interval", "0.1"],
            env=self.env, stdout=log, stderr=log, start_new_session=True,
        )  # fmt: skip

    def stop_worker(self, sig: int) -> None:
        assert self.worker is not None
        os.killpg(self.worker.pid, sig)
        self.worker.wait(timeout=60)

    # --- the run ----------------------------------------------------------------------

    def setup(self) -> None:
        began = time.monotonic()
        self.pg.init()
        self.insyn("migrate", "--no-input")
        self.insyn("collectstatic", "--no-input")
        self.insyn("demo")
        self.smtp, self.mailbox = start_smtp(self.smtp_port, delay=0.01)
        os.environ.update(self.env)
        os.environ["DJANGO_SETTINGS_MODULE"] = "insyn.settings"
        import django

        django.setup()
        self.start_web()
        self.report.line(
            f"Set up in {time.monotonic() - began:.1f} s: PostgreSQL on port {self.pg.port}, "
            f"gunicorn (2 workers) on {self.web_port}, SMTP on {self.smtp_port}."
        )

    def public_load(self) -> None:
        from insyn.registry.models import Document

        self.report.line(f"\n1. Mixed public load for {self.public_seconds} s (8 clients)")
        ids = list(Document.objects.values_list("pk", flat=True)[:200])
        statuses: Counter[int] = Counter()
        lock = threading.Lock()
        stop_at = time.monotonic() + self.public_seconds

        def client(seed: int) -> None:
            rng = random.Random(seed)
            session = Session(self.web_port)
            while time.monotonic() < stop_at:
                roll = rng.random()
                if roll < 0.3:
                    status = session.get("/postlista/")[0]
                elif roll < 0.6:
                    status = session.get(f"/postlista/?q={quote(rng.choice(WORDS))}")[0]
                elif roll < 0.85:
                    status = session.get(f"/postlista/{rng.choice(ids)}/")[0]
                elif roll < 0.95:
                    status = session.get("/begar-handling/")[0]
                else:
                    token = session.csrf_token("/begar-handling/")
                    status = session.post_form(
                        "/begar-handling/",
                        {"csrfmiddlewaretoken": token, "requested": "Avtalet om snöröjning",
                         "delivery": "visit", "name": "", "email": "", "postal_address": "",
                         "reference": "", "website": ""},
                    )[0]  # fmt: skip
                with lock:
                    statuses[status] += 1

        threads = [threading.Thread(target=client, args=(i,)) for i in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        total = sum(statuses.values())
        errors = sum(n for status, n in statuses.items() if status >= 500)
        self.report.line(
            f"  {total} requests, {total / self.public_seconds:.0f}/s: {dict(statuses)}"
        )
        self.report.check(errors == 0, f"no 5xx under public load ({errors} seen)")

    def worker_kill(self, sig: int, name: str, batch: int = 200) -> None:
        from django.db import transaction

        from insyn.notifications.models import OutgoingEmail
        from insyn.notifications.services import email_queue

        step = "2a" if sig == signal.SIGTERM else "2b"
        self.report.line(f"\n{step}. Task worker {name} in the middle of {batch} e-mails")
        with transaction.atomic():
            for n in range(batch):
                email_queue(
                    event=f"soak:{name}:{n}",
                    to=[f"person{n}@soak.example"],
                    subject=f"Händelse {n}",
                    body="Ett meddelande från soak-testet.",
                )
        batch_rows = OutgoingEmail.objects.filter(event__startswith=f"soak:{name}:")
        expected_ids = {m.message_id for m in batch_rows}
        self.start_worker()
        self.mailbox.wait_for(batch // 3, timeout=120, message_ids=expected_ids)
        self.stop_worker(sig)
        delivered_at_kill = self.mailbox.count(expected_ids)
        self.report.line(f"  {name} after {delivered_at_kill} of {batch} delivered")
        # What an operator runs when a worker starts: mail whose task was lost goes too.
        self.insyn("send_pending_email")
        self.start_worker()
        self.mailbox.wait_for(batch, timeout=180, message_ids=expected_ids)
        time.sleep(1)
        self.stop_worker(signal.SIGTERM)
        pending = batch_rows.exclude(status="sent").count()
        received_ids = {mid for mid, _ in self.mailbox.received}
        lost = len(expected_ids - received_ids)
        duplicates = {k: n for k, n in self.mailbox.duplicates().items() if k[0] in expected_ids}
        self.report.check(
            lost == 0 and pending == 0, f"no e-mail lost ({lost} missing, {pending} still waiting)"
        )
        if sig == signal.SIGTERM:
            self.report.check(not duplicates, f"none sent twice ({len(duplicates)} duplicates)")
        else:
            # A SIGKILL between the server's "250 OK" and the commit that marks the row
            # sent leaves that one message to be sent again, with the same Message-ID.
            self.report.check(
                len(duplicates) <= 1,
                f"at most the one message in flight sent again ({len(duplicates)} duplicates, "
                "same Message-ID)",
            )

    def web_kill_during_registration(self, seconds: float = 4.0) -> None:
        from insyn.registry.models import Attachment, Case, Document, SeriesYear

        self.report.line("\n3. Web server killed during document registrations")
        session = Session(self.web_port)
        token = session.csrf_token("/logga-in/")
        status, _, _ = session.post_form(
            "/logga-in/",
            {"csrfmiddlewaretoken": token, "username": "registrator", "password": "insyn-demo"},
        )
        assert status == 302, f"login failed: {status}"
        from insyn.registry.models import Series

        series_id = Series.objects.get(prefix="KS").pk
        attempts = Counter[str]()
        stop_at = time.monotonic() + seconds
        pdf = b"%PDF-1.4\n" + os.urandom(200_000) + b"\n%%EOF\n"

        def registrar(n: int) -> None:
            own = Session(self.web_port)
            own.cookies = dict(session.cookies)
            while time.monotonic() < stop_at + 5:
                try:
                    token = own.csrf_token("/diarium/registrera/")
                    status, _, _ = own.post_multipart(
                        "/diarium/registrera/",
                        {"csrfmiddlewaretoken": token, "series": str(series_id),
                         "title": f"{SOAK_TITLE}{n}", "direction": "incoming",
                         "document_date": time.strftime("%Y-%m-%d"),
                         "description": "Brev under last",
                         "counterpart_kind": "company", "counterpart_name": "Soak AB",
                         "secrecy": "public"},
                        {"attachments": ("brev.pdf", pdf, "application/pdf")},
                    )  # fmt: skip
                    attempts[str(status)] += 1
                except (OSError, RuntimeError):
                    attempts["connection lost"] += 1
                    return

        threads = [threading.Thread(target=registrar, args=(i,)) for i in range(4)]
        for thread in threads:
            thread.start()
        time.sleep(seconds)
        self.kill_web()
        for thread in threads:
            thread.join()
        self.start_web()
        self.report.line(f"  registrations attempted: {dict(attempts)}")

        broken = 0
        for attachment in Attachment.objects.select_related("document"):
            path = Path(attachment.file.path)
            if (
                not path.exists()
                or hashlib.sha256(path.read_bytes()).hexdigest() != attachment.sha256
            ):
                broken += 1
        self.report.check(
            broken == 0, f"every registered file present with its checksum ({broken} broken)"
        )
        empty_cases = soak_cases_without_document()
        self.report.check(
            empty_cases == 0, f"no registered case without its document ({empty_cases})"
        )
        gaps = 0
        for counter in SeriesYear.objects.all():
            sequences = sorted(
                Case.objects.filter(series=counter.series, year=counter.year).values_list(
                    "sequence", flat=True
                )
            )
            if sequences != list(range(1, counter.last_number + 1)):
                gaps += 1
        for case in Case.objects.all():
            numbers = sorted(case.documents.values_list("sequence", flat=True))
            if numbers != list(range(1, case.last_document_number + 1)):
                gaps += 1
        self.report.check(
            gaps == 0, f"no gap in case or document numbers ({gaps} series or cases with gaps)"
        )
        files_on_disk = {p.name for p in (self.data_dir / "files" / "registry").glob("*")}
        registered = {Path(a.file.name).name for a in Attachment.objects.all()}
        orphans = len(files_on_disk - registered)
        self.report.line(
            f"  {Document.objects.count()} documents; {orphans} file(s) written by a registration "
            "that never committed (not registered, not shown anywhere)"
        )

    def database_restart(self, seconds: float = 20.0) -> None:
        self.report.line("\n4. PostgreSQL restarted under load")
        results: list[tuple[float, int]] = []
        lock = threading.Lock()
        began = time.monotonic()
        stop_at = began + seconds

        def client() -> None:
            session = Session(self.web_port, timeout=10)
            while time.monotonic() < stop_at:
                try:
                    status = session.get("/postlista/")[0]
                except OSError:
                    status = 0
                with lock:
                    results.append((time.monotonic() - began, status))
                time.sleep(0.02)

        threads = [threading.Thread(target=client) for _ in range(4)]
        for thread in threads:
            thread.start()
        time.sleep(4)
        restart_began = time.monotonic() - began
        away = self.pg.restart()
        back_at = time.monotonic() - began
        for thread in threads:
            thread.join()
        during = Counter(status for t, status in results if restart_began <= t <= back_at)
        after = [(t, status) for t, status in results if t > back_at]
        first_ok = next((t - back_at for t, status in after if status == 200), None)
        late_errors = [s for t, s in after if s != 200 and t > back_at + 5]
        self.report.line(f"  the database was away {away:.1f} s; answers meanwhile: {dict(during)}")
        recovered = "never" if first_ok is None else f"{first_ok:.2f} s"
        self.report.check(
            first_ok is not None and first_ok < 5,
            f"the application answers again by itself ({recovered} after the database is back)",
        )
        self.report.check(not late_errors, f"no errors once recovered ({len(late_errors)})")

    def teardown(self) -> None:
        for process in (self.web, self.worker):
            if process is not None and process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
        if hasattr(self, "smtp"):
            self.smtp.stop()
        self.pg.destroy()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--public-seconds", type=int, default=60)
    args = parser.parse_args()
    soak = Soak(public_seconds=args.public_seconds)
    try:
        soak.setup()
        soak.public_load()
        soak.worker_kill(signal.SIGTERM, "stopped")
        soak.worker_kill(signal.SIGKILL, "killed")
        soak.web_kill_during_registration()
        soak.database_restart()
    finally:
        soak.teardown()
    failures = soak.report.failures
    print(f"\nSoak {'PASSED' if not failures else 'FAILED'}: {len(failures)} failure(s).")
    for failure in failures:
        print(f"  - {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
