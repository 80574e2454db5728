"""Prometheus metrics at /metrics, for the operator only.

Two sources in one answer:
- django-prometheus: requests (by view, method, status; latency histograms) and database queries and errors, counted
  by its middleware and database wrappers in every web process. Under gunicorn (several processes) they are
  gathered from PROMETHEUS_MULTIPROC_DIR, which gunicorn.conf.py prepares.
- the portal's own gauges, read from the database at scrape time: each app declares what the operator should watch
  with `register(Gauge(...))` from its AppConfig.ready() (core imports no app): pending and failed reminders, webhook
  deliveries waiting and failed, the age of each job's last success, the outbox's backlog.

Who may read it: a request with `Authorization: Bearer <METRICS_TOKEN>`, or one from an address in
METRICS_ALLOWED_NETWORKS (the client address as core.addresses reads it behind the trusted proxies). Everyone else
gets 403; with neither setting, nobody reads it.
"""

import hmac
import ipaddress
import logging
import os
from dataclasses import dataclass, field

from django.conf import settings
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily

from .addresses import client_address

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Gauge:
    """One of the portal's gauges: `read()` answers a number, or {label value: number} for one label."""

    name: str
    documentation: str
    read: object
    label: str = ""
    unit: str = field(default="")


GAUGES = {}


def register(gauge):
    GAUGES[gauge.name] = gauge
    return gauge


class PortalCollector:
    """Reads every registered gauge at scrape time; a gauge whose query fails is left out (and logged)."""

    def collect(self):
        for gauge in GAUGES.values():
            try:
                value = gauge.read()
            except Exception:  # noqa: BLE001 - one broken gauge must not hide the others
                logger.exception("metric %s could not be read", gauge.name)
                continue
            family = GaugeMetricFamily(
                gauge.name, gauge.documentation, labels=[gauge.label] if gauge.label else None, unit=gauge.unit
            )
            if gauge.label:
                for label_value, number in sorted(value.items()):
                    family.add_metric([str(label_value)], number)
            else:
                family.add_metric([], value)
            yield family


PORTAL_REGISTRY = CollectorRegistry(auto_describe=False)
PORTAL_REGISTRY.register(PortalCollector())


def process_registry():
    """django-prometheus' counters: this process's, or every gunicorn worker's when they share a directory."""
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return REGISTRY
    from prometheus_client import multiprocess

    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    return registry


def exposition():
    return generate_latest(process_registry()) + generate_latest(PORTAL_REGISTRY)


def may_read(request):
    """The operator: the bearer token, or an address in the allowed networks."""
    token = settings.METRICS_TOKEN
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _space, presented = header.partition(" ")
    if token and scheme.lower() == "bearer" and hmac.compare_digest(presented.strip().encode(), token.encode()):
        return True
    networks = settings.METRICS_ALLOWED_NETWORKS
    if not networks:
        return False
    try:
        address = ipaddress.ip_address(client_address(request))
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(network, strict=False) for network in networks)
