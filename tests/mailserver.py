"""A real SMTP server for the tests (aiosmtpd, on 127.0.0.1) that can refuse, hang or accept on demand.

- "accept": every message is stored in `messages` (parsed), answered 250.
- "refuse": every recipient is answered 451 (try again later).
- "hang": the message is read and then never answered (the client's EMAIL_TIMEOUT runs out); nothing is stored.
Recipients in `refused` are always answered 451. Used by the SMTP fault tests and by an operator replaying faults
(`python -m tests.mailserver PORT MODE`).
"""

import asyncio
import socket
import sys
import threading
from email import message_from_bytes

from aiosmtpd.controller import Controller

PORTS = range(7300, 7400)  # this project's private range on the shared machine


def free_port(ports=PORTS):
    for port in ports:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port for the test mail server")


class FlakyMailServer:
    def __init__(self, mode="accept", hang_seconds=10, hang_after=None):
        self.mode = mode
        self.hang_seconds = hang_seconds
        self.hang_after = hang_after  # in "accept" mode: hang once this many messages are stored
        self.hanging = threading.Event()
        self.refused = set()
        self.messages = []
        self.attempts = 0
        self._lock = threading.Lock()
        self.controller = None

    # aiosmtpd handler hooks
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        with self._lock:
            self.attempts += 1
        if self.mode == "refuse" or address in self.refused:
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        if self.mode == "hang" or (self.hang_after is not None and len(self.messages) >= self.hang_after):
            self.hanging.set()
            await asyncio.sleep(self.hang_seconds)
            return "451 4.4.2 Too late"
        with self._lock:
            self.messages.append(message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"

    def start(self, port=None):
        self.port = port or free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def message_ids(self):
        return [message["Message-ID"] for message in self.messages]

    def recipients(self):
        return sorted(message["To"] for message in self.messages)


class ReplayMailServer(FlakyMailServer):
    """For an operator's replay: the mode is read from a file on every message, each stored message is printed."""

    def __init__(self, mode_file, **kwargs):
        super().__init__(**kwargs)
        self.mode_file = mode_file

    @property
    def mode(self):
        try:
            with open(self.mode_file) as handle:
                return handle.read().strip() or "accept"
        except OSError:
            return "accept"

    @mode.setter
    def mode(self, value):
        pass

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        answer = await super().handle_DATA(server, session, envelope)
        if answer.startswith("250"):
            message = self.messages[-1]
            print(f"accepted {message['Message-ID']} to {message['To']}", flush=True)
        return answer


if __name__ == "__main__":  # python -m tests.mailserver PORT MODE_FILE  (the file holds accept, refuse or hang)
    server = ReplayMailServer(sys.argv[2], hang_seconds=120).start(int(sys.argv[1]))
    print(f"SMTP on 127.0.0.1:{server.port}; mode read from {sys.argv[2]}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.stop()
