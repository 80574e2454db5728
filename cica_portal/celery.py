import logging.config
import os

from celery import Celery
from celery.signals import setup_logging
from django_structlog.celery.steps import DjangoStructLogInitStep

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cica_portal.settings")

app = Celery("cica_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# A task binds the request id (and user) of the request that queued it before it runs (core.logs).
app.steps["worker"].add(DjangoStructLogInitStep)


@setup_logging.connect
def use_the_portals_logging(**kwargs):
    """Workers and beat log as the web processes do (JSON lines, core.logs), not in Celery's own format."""
    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)
