"""Signed-in test clients for page and API figures: latencies of concurrent clients, and requests per second.

Each client runs in its own forked process (as behind a server with one worker per core), through Django's full
request path (middleware, permissions, templates or serializers) without a network in between.
"""

import multiprocessing
import time

from django.db import connections
from django.test import Client

from accounts.models import User


def signed_in(username):
    """A test client signed in as the persona; staff also pass the second factor (as tests.conftest.sign_in)."""
    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    if user.needs_second_factor:
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.filter(user=user, name="bench", confirmed=True).first()
        device = device or TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def _client_run(username, path, requests):
    """In a child process: one signed-in client, one warm-up GET, then `requests` timed GETs (milliseconds)."""
    try:
        client = signed_in(username)
        response = client.get(path)
        if response.status_code != 200:
            return f"{path} answered {response.status_code} to {username}"
        samples = []
        for _ in range(requests):
            started = time.perf_counter()
            client.get(path)
            samples.append(1000 * (time.perf_counter() - started))
        return samples
    finally:
        connections.close_all()


def concurrent_latencies(username, path, clients, requests):
    """Milliseconds of each of `requests` GETs made by each of `clients` clients at once, each client in its own
    process (as behind a server with one worker per core: no shared interpreter lock between them)."""
    signed_in(username)  # the staff persona's second factor exists before the clients start
    connections.close_all()  # a forked child must not share the parent's connection
    with multiprocessing.get_context("fork").Pool(clients) as pool:
        results = pool.starmap(_client_run, [(username, path, requests)] * clients)
    errors = [result for result in results if isinstance(result, str)]
    if errors:
        raise RuntimeError("; ".join(errors))
    return [sample for result in results for sample in result]


def _client_throughput(username, path, seconds):
    try:
        client = signed_in(username)
        client.get(path)
        done, started = 0, time.perf_counter()
        while time.perf_counter() - started < seconds:
            response = client.get(path)
            if response.status_code != 200:
                return f"{path} answered {response.status_code} to {username}"
            done += 1
        return done / (time.perf_counter() - started)
    finally:
        connections.close_all()


def requests_per_second(username, path, clients=1, seconds=3.0):
    """Requests per second that `clients` concurrent clients get from `path` over `seconds` (summed over clients):
    compare an API list with a bare view returning the same rows, side by side."""
    signed_in(username)
    connections.close_all()
    with multiprocessing.get_context("fork").Pool(clients) as pool:
        results = pool.starmap(_client_throughput, [(username, path, seconds)] * clients)
    errors = [result for result in results if isinstance(result, str)]
    if errors:
        raise RuntimeError("; ".join(errors))
    return sum(results)
