"""An SMTP server on loopback that records what it receives, for counting deliveries."""

from __future__ import annotations

import threading
import time
from collections import Counter
from email import message_from_bytes

from aiosmtpd.controller import Controller


class RecordingHandler:
    def __init__(self, delay: float = 0.0):
        self.delay = delay
        self.lock = threading.Lock()
        self.received: list[tuple[str, str]] = []  # (Message-ID, recipient)

    async def handle_DATA(self, server, session, envelope):
        import asyncio

        if self.delay:
            # A mail server takes a moment; the worker is then killed mid-batch, not between.
            await asyncio.sleep(self.delay)
        message = message_from_bytes(envelope.content)
        with self.lock:
            for recipient in envelope.rcpt_tos:
                self.received.append((message.get("Message-ID", ""), recipient))
        return "250 OK"

    def count(self, message_ids: set[str] | None = None) -> int:
        """Deliveries received, or only those of the given messages."""
        with self.lock:
            if message_ids is None:
                return len(self.received)
            return sum(1 for message_id, _ in self.received if message_id in message_ids)

    def duplicates(self) -> dict[tuple[str, str], int]:
        with self.lock:
            counts = Counter(self.received)
        return {key: n for key, n in counts.items() if n > 1}

    def wait_for(self, n: int, timeout: float, message_ids: set[str] | None = None) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.count(message_ids) >= n:
                return True
            time.sleep(0.05)
        return False


def start_smtp(port: int, delay: float = 0.0) -> tuple[Controller, RecordingHandler]:
    handler = RecordingHandler(delay)
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, handler
