"""A partner's webhook receiver on 127.0.0.1, in a thread of the test: it verifies every request's signature with
the standardwebhooks package, as a partner would, and answers what the test tells it to."""

import http.server
import json
import threading
from dataclasses import dataclass, field

from standardwebhooks import Webhook


@dataclass
class Received:
    headers: dict
    body: bytes
    verified: bool
    status: int

    @property
    def payload(self):
        return json.loads(self.body)

    @property
    def webhook_id(self):
        return self.headers["webhook-id"]

    @property
    def type(self):
        return self.payload["type"]


@dataclass
class Receiver:
    secret: str = ""
    answers: list = field(default_factory=list)  # status codes for the next requests, then 200
    fail_first: bool = False  # answer 500 the first time an event (webhook-id) comes, 200 after
    hold: threading.Event = None  # when set up: the next request is recorded, then not answered until it is set
    received: list = field(default_factory=list)
    server: http.server.ThreadingHTTPServer = None
    holding: threading.Event = field(default_factory=threading.Event)  # a request is being held

    @property
    def url(self):
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/hooks/cica"

    def next_status(self, webhook_id):
        if self.answers:
            return self.answers.pop(0)
        if self.fail_first and all(r.headers.get("webhook-id") != webhook_id for r in self.received):
            return 500
        return 200

    def accepted(self):
        """The verified requests answered 2xx: what the partner acted on."""
        return [r for r in self.received if r.verified and 200 <= r.status < 300]

    def verify(self, headers, body):
        try:
            Webhook(self.secret).verify(body, headers)
        except Exception:  # noqa: BLE001 - any failure is an unverified request
            return False
        return True


def start_receiver():
    receiver = Receiver()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's name
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            headers = {key.lower(): value for key, value in self.headers.items()}
            status = receiver.next_status(headers.get("webhook-id"))
            receiver.received.append(Received(headers, body, receiver.verify(headers, body), status))
            hold, receiver.hold = receiver.hold, None
            if hold is not None:
                receiver.holding.set()
                hold.wait(timeout=60)
            self.send_response(status)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(b"ok" if status < 300 else b"try again later")

        def log_message(self, *args):
            pass

    receiver.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=receiver.server.serve_forever, daemon=True).start()
    return receiver
