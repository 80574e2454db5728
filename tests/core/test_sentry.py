"""Errors go to Sentry when SENTRY_DSN is set (Django and Celery integrations), and nowhere otherwise.

A fake Sentry (an HTTP server on this machine) receives what a portal process started with production settings sends
when a view fails.
"""

import gzip
import http.server
import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import django
django.setup()
from django.conf import settings
from django.test import Client
from django.test.utils import override_settings, setup_test_environment
import sentry_sdk

setup_test_environment()
with override_settings(ROOT_URLCONF="tests.core.error_urls"):
    status = Client(raise_request_exception=False).get("/test-errors/500/").status_code
client = sentry_sdk.get_client()
sentry_sdk.flush(10)
print(json.dumps({"status": status, "active": client.is_active(),
                  "integrations": sorted(getattr(client, "integrations", {}) or {})}))
"""


class FakeSentry(http.server.ThreadingHTTPServer):
    def __init__(self):
        self.received = []
        super().__init__(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def dsn(self):
        return f"http://publickey@127.0.0.1:{self.server_address[1]}/1"


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 - http.server's naming
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        encoding = self.headers.get("Content-Encoding")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":
            import brotli  # installed with WeasyPrint's fonttools; sentry-sdk then compresses with it

            body = brotli.decompress(body)
        self.server.received.append((self.path, body.decode("utf-8", "replace")))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def sentry():
    server = FakeSentry()
    yield server
    server.shutdown()


def run_portal(**environment):
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "cica_portal.settings",
        "SECRET_KEY": "sentry-test-key-" + "x" * 40,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "testserver",
        "LOG_LEVEL": "CRITICAL",
        "SECURE_SSL_REDIRECT": "false",
        **environment,
    }
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", "import json\n" + SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_an_error_is_sent_to_sentry_when_a_dsn_is_set(sentry):
    outcome = run_portal(SENTRY_DSN=sentry.dsn)
    assert outcome["status"] == 500 and outcome["active"]
    assert {"django", "celery"} <= set(outcome["integrations"])
    envelopes = [body for path, body in sentry.received if path == "/api/1/envelope/"]
    assert any('"RuntimeError"' in body and "a bug" in body for body in envelopes), sentry.received


def test_nothing_is_sent_without_a_dsn(sentry):
    outcome = run_portal()
    assert outcome["status"] == 500 and not outcome["active"]
    assert sentry.received == []
