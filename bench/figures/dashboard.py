"""The portal dashboard for a coordinator (Kazakhstan) and for Secretariat staff, two clients at once."""

import threading
import time

from django.db import connections
from django.test import Client

from accounts.models import User

from . import Below, Row, figure, percentile


def signed_in(username):
    """A test client signed in as the persona; staff also pass the second factor (as tests.conftest.sign_in)."""
    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    if user.needs_second_factor:
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def concurrent_latencies(username, path, clients, requests):
    """Milliseconds of each of `requests` GETs made by each of `clients` threads at once (after one warm-up)."""
    samples, errors = [], []

    def work():
        try:
            client = signed_in(username)
            response = client.get(path)
            if response.status_code != 200:
                errors.append(f"{path} answered {response.status_code} to {username}")
                return
            for _ in range(requests):
                started = time.perf_counter()
                client.get(path)
                samples.append(1000 * (time.perf_counter() - started))
        except Exception as error:  # noqa: BLE001 - reported in the table's notes
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise RuntimeError("; ".join(errors))
    return samples


@figure("dashboard")
def dashboard(bench):
    rows = []
    for persona, username in (("coordinator", "bench-kz"), ("staff", "bench-staff")):
        samples = concurrent_latencies(username, "/portal/", clients=2, requests=bench.requests)
        rows.append(Row(f"dashboard {persona} p50 (2 clients)", percentile(samples, 50), "ms"))
        rows.append(Row(f"dashboard {persona} p95 (2 clients)", percentile(samples, 95), "ms", target=Below(150)))
    return rows
