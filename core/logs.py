"""Structured logs (structlog, django-structlog): one JSON object per line, each carrying the request id.

django-structlog's RequestMiddleware binds a fresh `request_id` (and the user id) to every request; anything logged
while it is handled, through structlog or the standard `logging` module alike, carries it. A Celery task queued by
the request carries the same id in its message headers (django-structlog's publish receiver), and the worker binds
it again before the task runs, so the request's lines and its tasks' lines share one `request_id`. Tasks queued
through the outbox (jobs.outbox) keep the id in their row and are published under it, however late the broker
takes them. `ip` is the client address as core.addresses reads it behind the trusted proxies.

LOG_FORMAT=json (the default) writes JSON lines; LOG_FORMAT=console a readable line per event (development).
"""

import structlog

from .addresses import client_address

# What every line gets, from structlog's loggers and from the standard logging module's alike.
COMMON = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


def configure_structlog():
    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            *COMMON,
            structlog.stdlib.PositionalArgumentsFormatter(),
            structlog.processors.StackInfoRenderer(),
            structlog.processors.format_exc_info,
            structlog.processors.UnicodeDecoder(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )


def logging_config(level="INFO", log_format="json"):
    """Django's LOGGING: one handler on stderr, every record rendered by structlog."""
    renderer = (
        structlog.processors.JSONRenderer(default=str)
        if log_format == "json"
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "structured": {
                "()": structlog.stdlib.ProcessorFormatter,
                "processors": [
                    structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                    structlog.processors.format_exc_info,
                    renderer,
                ],
                "foreign_pre_chain": COMMON,
            }
        },
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "structured"}},
        "root": {"handlers": ["console"], "level": level},
        # WeasyPrint (PDF printouts) logs every layout step at INFO, and warns about screen-only CSS it ignores.
        "loggers": {"weasyprint": {"level": "ERROR"}},
    }


def bind_client_address(request, logger, **kwargs):
    """django-structlog's `bind_extra_request_metadata` receiver: the client's address behind our proxies."""
    structlog.contextvars.bind_contextvars(ip=client_address(request))


def log_context():
    """What a task queued now should carry to its worker (request id, user id): see jobs.outbox."""
    bound = structlog.contextvars.get_contextvars()
    return {key: str(bound[key]) for key in ("request_id", "correlation_id", "user_id") if bound.get(key) is not None}
