from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _database_state():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means the database is not usable
        return {"status": "error", "detail": exc.__class__.__name__}
    return {"status": "ok", "vendor": connection.vendor}


def _redis_state():
    if not settings.REDIS_URL:
        return {"status": "not configured"}
    import redis

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2).ping()
    except Exception as exc:  # noqa: BLE001
        return {"status": "error", "detail": exc.__class__.__name__}
    return {"status": "ok"}


@never_cache
@require_GET
def healthz(request):
    """200 when every configured dependency answers, 503 otherwise; the body tells which."""
    checks = {"database": _database_state(), "redis": _redis_state()}
    healthy = all(check["status"] in ("ok", "not configured") for check in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)
