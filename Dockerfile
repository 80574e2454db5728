# Production image for the CICA Secretariat Portal: one image for web (gunicorn), worker and beat (Celery).
# Build: docker compose build   (or: docker build -t cica-portal .)

# --- build: install the pinned dependencies, compile translations, collect static files ---------------------
FROM python:3.11-slim AS build

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH

# gettext's msgfmt compiles the .po translations; it stays in this stage only.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*

RUN python -m venv /opt/venv
WORKDIR /app

# Dependencies first, so a code change does not re-install them: exactly the locked runtime versions, each checked
# against its hash (requirements.lock, refreshed with `make lock`).
COPY requirements.lock ./
RUN pip install --require-hashes --no-deps -r requirements.lock

COPY . .
# Settings refuse to start without SECRET_KEY when DEBUG is off; this throwaway value exists only in this RUN.
RUN export DEBUG=false SECRET_KEY=collectstatic-at-build-time-only \
    && if [ -d locale ]; then python manage.py compilemessages --ignore=var; fi \
    && python manage.py collectstatic --noinput \
    && rm -rf var

# --- runtime -----------------------------------------------------------------------------------------------
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    DEBUG=false

# pg_dump / pg_restore for `manage.py backup` and `restore` (Debian's client matches the postgres:15 service).
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*

# Pango (with HarfBuzz and fontconfig) lays out the PDF printouts (WeasyPrint); DejaVu covers Latin and Cyrillic.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 1000 cica \
    && useradd --system --uid 1000 --gid cica --home-dir /app --shell /usr/sbin/nologin cica

COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=cica:cica /app /app
WORKDIR /app
# var/ holds uploaded files (MEDIA_ROOT) and backups (BACKUP_DIR); mount volumes there.
RUN mkdir -p /app/var/media /app/var/backups && chown -R cica:cica /app/var

USER cica
EXPOSE 8000

# gunicorn.conf.py reads the worker count and timeouts from the environment (WEB_CONCURRENCY, GUNICORN_TIMEOUT, ...).
CMD ["gunicorn", "--config", "gunicorn.conf.py", "cica_portal.wsgi:application"]
