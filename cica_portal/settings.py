"""Settings for the CICA Secretariat Portal, read from the environment.

Every value has a safe default for a developer's machine (embedded SQLite, eager Celery, console email) and
DEBUG is off unless asked for. Each default is written here once; code reads settings.X, never a default of its own.
Any variable can also be given as a file (for secrets): SECRET_KEY_FILE=/run/secrets/key, EMAIL_URL_FILE=...
A value that cannot be read (a boolean that is not true/false, 1/0, yes/no or on/off; a number that is not one; a
rate that is not one) stops start-up naming the variable (cica_portal/environment.py).
"""

import datetime
import ipaddress
import sys
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from core.logs import configure_structlog, logging_config

from .environment import FileAwareEnv

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)

env = FileAwareEnv()
if (BASE_DIR / ".env").exists():
    FileAwareEnv.read_env(BASE_DIR / ".env", overwrite=False)


DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")  # refused at the end when empty and DEBUG is off
LOCAL_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=LOCAL_HOSTS)
if DEBUG:
    # The development server answers on this machine whatever ALLOWED_HOSTS a production .env names, so
    # `cp .env.example .env` followed by `make run` serves http://127.0.0.1:8000 instead of 400 DisallowedHost.
    ALLOWED_HOSTS = [*ALLOWED_HOSTS, *(host for host in LOCAL_HOSTS if host not in ALLOWED_HOSTS)]
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "cica_portal.admin_site.SecretariatAdminConfig",  # django.contrib.admin, its index grouped for staff
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",  # operator classes in index expressions (core.indexes); inert on SQLite
    "rest_framework",
    "django_filters",
    "simple_history",
    "django_celery_beat",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "core",
    "accounts",
    "chairmanship",
    "measures",
    "secretariat",
    "relations",
    "jobs",
    "notifications",
    "reporting",
    "search",
    "webhooks",
    "printouts",
    "django_htmx",
    "portal",
    "referencedata",
    "participation",
    "speakers",
    "silence",
]

# The operations block at the end of this file wraps these (the request's language first, metrics, request ids).
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.csp.ContentSecurityPolicyMiddleware",
    "core.middleware.RefuseNulBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.RequireSecondFactorMiddleware",
    "accounts.middleware.UserPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks: it turns a locked-out sign-in into its page
]

ROOT_URLCONF = "cica_portal.urls"
WSGI_APPLICATION = "cica_portal.wsgi.application"
ASGI_APPLICATION = "cica_portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'cica.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("TEST", {})
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Tests in memory, named so: pytest-django recognises an in-memory test database only by Django's own engine
    # name, and would give each xdist worker a file beside a "test_" prefixed path under the metrics engine.
    DATABASES["default"]["TEST"].setdefault("NAME", ":memory:")
    # The embedded database of `make run` serves two people at once: WAL lets readers go on while one writes, a
    # writer waits (up to SQLITE_BUSY_TIMEOUT seconds) for another instead of failing with "database is locked",
    # and a transaction that will write takes the write lock when it begins (IMMEDIATE), so two transactions that
    # read first never deadlock on upgrading their locks (which SQLite answers at once, without waiting).
    SQLITE_BUSY_TIMEOUT = env.int("SQLITE_BUSY_TIMEOUT", default=20)
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": SQLITE_BUSY_TIMEOUT,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# django-axes first: a locked-out account is refused before any password is checked; then an address guessing
# accounts is refused for the accounts not known there (accounts.lockout).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.lockout.AddressGuardBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ru", _("Russian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Almaty")
USE_I18N = True
USE_TZ = True
# One unambiguous date style per language ("4 Dec 2026", "4 дек. 2026 г."), times in 24 hours: cica_portal/formats/.
FORMAT_MODULE_PATH = ["cica_portal.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Uploaded files go through Django's storage API: the file system under MEDIA_ROOT by default; an S3-compatible
# store with django-storages, e.g. FILE_STORAGE_BACKEND=storages.backends.s3.S3Storage and FILE_STORAGE_OPTIONS=
# '{"bucket_name": "cica", "endpoint_url": "https://s3.example.org"}'. core.storage removes the files of
# transactions that roll back, whatever the backend.
FILE_STORAGE_BACKEND = env.str("FILE_STORAGE_BACKEND", default="django.core.files.storage.FileSystemStorage")
FILE_STORAGE_OPTIONS = env.json("FILE_STORAGE_OPTIONS", default={})
STORAGES = {
    "default": {
        "BACKEND": "core.storage.TransactionAwareStorage",
        "OPTIONS": {"backend": FILE_STORAGE_BACKEND, **FILE_STORAGE_OPTIONS},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Where `manage.py backup` (and `make backup`) write their archives.
BACKUP_DIR = Path(env.str("BACKUP_DIR", default=str(VAR_DIR / "backups")))
FILE_UPLOAD_MAX_BYTES = env.int("FILE_UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)

# Email: console by default, SMTP (or any backend) through EMAIL_URL, e.g. smtp+tls://user:pass@host:587
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="CICA Secretariat <no-reply@cica.example>")
# Seconds any one exchange with the mail server may take: a server that accepts and never answers is given up.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
# The right-hand side of the Message-IDs the portal gives its emails (stable per email, so repeats are recognisable).
EMAIL_MESSAGE_ID_DOMAIN = env.str("EMAIL_MESSAGE_ID_DOMAIN", default=urlsplit(SITE_URL).hostname or "cica.example")

# Redis: broker for Celery and cache. Without REDIS_URL, Celery runs tasks eagerly in-process.
REDIS_URL = env.str("REDIS_URL", default="")
# Seconds to wait for Redis before treating it as down (the web process then carries on without it).
REDIS_TIMEOUT = env.float("REDIS_TIMEOUT", default=2.0)
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="celery")
# Crash-safe delivery: a task is acknowledged when it has finished, and given back to the queue when its worker
# dies; each worker process takes one message at a time.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Time limits raise inside the task (soft) and then stop it (hard); no task may run longer than the hard one.
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=15 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=14 * 60)
# A message a worker took but never acknowledged (its node died) is handed out again after this many seconds:
# longer than the longest task and the longest retry countdown, so a running task is never handed out twice.
CELERY_BROKER_VISIBILITY_TIMEOUT = env.int("CELERY_BROKER_VISIBILITY_TIMEOUT", default=CELERY_TASK_TIME_LIMIT + 300)
# Without a broker (Celery eager, `make run`'s default) nothing waits for a silence procedure's expiry: `make run`
# sets this so that a timer of the development server's process concludes it then (silence.tasks).
SILENCE_CLOCK_IN_PROCESS = env.bool("SILENCE_CLOCK_IN_PROCESS", default=False)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_BROKER_VISIBILITY_TIMEOUT,
    "socket_timeout": REDIS_TIMEOUT,
    "socket_connect_timeout": REDIS_TIMEOUT,
}
# Publishing gives up after about a second when Redis is down; callers keep the work (outbox, next run).
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A JobRun still "running" after this many seconds belongs to a dead worker; the next run closes it as failed.
JOBS_LOST_AFTER = env.int("JOBS_LOST_AFTER", default=CELERY_TASK_TIME_LIMIT + 60)
# Reminder emails: each delivery is tried up to NOTIFICATIONS_SEND_ATTEMPTS times, waiting RETRY_DELAY seconds after
# the first failure, doubling up to RETRY_MAX_DELAY; then it is marked failed and shown to staff. The same applies
# to the other emails (digest, review notices, password reset).
NOTIFICATIONS_SEND_ATTEMPTS = env.int("NOTIFICATIONS_SEND_ATTEMPTS", default=8)
NOTIFICATIONS_RETRY_DELAY = env.float("NOTIFICATIONS_RETRY_DELAY", default=60.0)
NOTIFICATIONS_RETRY_MAX_DELAY = env.float("NOTIFICATIONS_RETRY_MAX_DELAY", default=900.0)
# A sending task's soft time limit; its worker holds the delivery's lease a little longer than the hard limit,
# so a delivery is only taken again from a worker that is certainly gone.
NOTIFICATIONS_SEND_TIME_LIMIT = env.int("NOTIFICATIONS_SEND_TIME_LIMIT", default=5 * EMAIL_TIMEOUT)
NOTIFICATIONS_SEND_LEASE = env.int("NOTIFICATIONS_SEND_LEASE", default=NOTIFICATIONS_SEND_TIME_LIMIT + 90)
if NOTIFICATIONS_RETRY_MAX_DELAY >= CELERY_BROKER_VISIBILITY_TIMEOUT:
    raise ImproperlyConfigured("NOTIFICATIONS_RETRY_MAX_DELAY must be shorter than CELERY_BROKER_VISIBILITY_TIMEOUT.")
# Roll-ups are recomputed this many seconds after the first relevant change (debounced; needs a worker).
REPORTING_ROLLUP_DELAY = env.int("REPORTING_ROLLUP_DELAY", default=60)
# Search: the text of a record (and of its files) indexed per entry, and the text kept of one uploaded file.
SEARCH_TEXT_MAX_CHARS = env.int("SEARCH_TEXT_MAX_CHARS", default=200_000)
SEARCH_FILE_TEXT_MAX_CHARS = env.int("SEARCH_FILE_TEXT_MAX_CHARS", default=1_000_000)
# A query matching more records than this ranks the newest of them (ranking reads every candidate's vector).
SEARCH_MAX_RESULTS = env.int("SEARCH_MAX_RESULTS", default=1000)
# Webhooks to partner systems: a failed delivery is tried again after each of these delays (seconds; about a day
# in all), then given up; a subscription is disabled after WEBHOOKS_DISABLE_AFTER failed attempts in a row.
WEBHOOKS_RETRY_SCHEDULE = env.list(
    "WEBHOOKS_RETRY_SCHEDULE", cast=int, default=[60, 300, 1800, 7200, 18000, 36000, 36000]
)
WEBHOOKS_DISABLE_AFTER = env.int("WEBHOOKS_DISABLE_AFTER", default=15)
WEBHOOKS_TIMEOUT = env.float("WEBHOOKS_TIMEOUT", default=10.0)
# A delivery whose worker died between sending and recording is taken again after this many seconds.
WEBHOOKS_LEASE = env.int("WEBHOOKS_LEASE", default=120)
# Plain http to this machine (127.0.0.1, ::1, localhost) for development; otherwise https to public addresses only.
WEBHOOKS_ALLOW_LOOPBACK = env.bool("WEBHOOKS_ALLOW_LOOPBACK", default=DEBUG)
# The default beat entries (jobs/schedule.py, registered by each app) read SCHEDULE_SEND_REMINDERS,
# SCHEDULE_ROLLUP_STATUS, SCHEDULE_STAFF_DIGEST and SCHEDULE_DRAIN_OUTBOX: a crontab "minute hour day-of-month month
# day-of-week" in TIME_ZONE, or "off".

if REDIS_URL:
    # The cache fails open: with Redis down, reads miss and writes are dropped (logged), so throttling and
    # debouncing stop for a while but no page fails (core/cache.py).
    CACHES = {
        "default": {
            "BACKEND": "core.cache.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_timeout": REDIS_TIMEOUT, "socket_connect_timeout": REDIS_TIMEOUT},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

REST_FRAMEWORK = {
    "DEFAULT_FILTER_BACKENDS": ["core.api.filtering.FilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: its WWW-Authenticate header makes an unauthenticated request a 401, not a 403.
        "accounts.api.authentication.TokenAuthentication",
        "accounts.api.authentication.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["core.api.permissions.ModelPermission"],
    # JSON only: every answer under /api/, errors included, is JSON; people read the API at /api/docs/.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "core.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "core.api.throttling.TokenRateThrottle",
        "core.api.throttling.AnonymousRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "user": env.rate("API_THROTTLE_USER", default="5000/hour"),
        "anon": env.rate("API_THROTTLE_ANON", default="300/hour"),
        # Invalid tokens per client address and per presented key prefix (core.api.throttling.InvalidTokenThrottle);
        # a valid token is never refused by it.
        "invalid_token": env.rate("API_THROTTLE_INVALID_TOKEN", default="10/minute"),
    },
    "EXCEPTION_HANDLER": "core.api.exceptions.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "core.api.schema.AutoSchema",
    "DEFAULT_VERSIONING_CLASS": None,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "CICA Secretariat Portal API",
    "DESCRIPTION": (
        "Read the Catalogue of CBMs, the chairmanship, meetings, decisions, documents and external relations; "
        "coordinators submit implementation reports and activities. Authenticate with `Authorization: Token <key>`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",  # served from our static files, so the docs work offline
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Links from a created row to its detail, workflow steps and attachments (core.api.schema.link_operations).
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "core.api.schema.link_operations"],
    # One named enum per choice set (several models have a `status`), so generated clients get stable names.
    "ENUM_NAME_OVERRIDES": {
        "CicaStatusEnum": "chairmanship.choices.CicaStatus",
        "SubRegionEnum": "chairmanship.choices.SubRegion",
        "InitiativeStatusEnum": "chairmanship.choices.InitiativeStatus",
        "InstrumentKindEnum": "chairmanship.choices.InstrumentKind",
        "DatePrecisionEnum": "core.models.DatePrecision",
        "MeasureStatusEnum": "measures.choices.MeasureStatus",
        "CoordinationRoleEnum": "measures.choices.CoordinationRole",
        "PlanKindEnum": "measures.choices.PlanKind",
        "PlanStatusEnum": "measures.choices.PlanStatus",
        "ActivityKindEnum": "measures.choices.ActivityKind",
        "ActivityStatusEnum": "measures.choices.ActivityStatus",
        "ReportStatusEnum": "measures.choices.ReportStatus",
        "MeetingStatusEnum": "secretariat.choices.MeetingStatus",
        "AgendaItemStatusEnum": "secretariat.choices.AgendaItemStatus",
        "DocumentKindEnum": "secretariat.choices.DocumentKind",
        "DistributionEnum": "secretariat.choices.Distribution",
        "DocumentStatusEnum": "secretariat.choices.DocumentStatus",
        "RevisionKindEnum": "secretariat.choices.RevisionKind",
        "NewRevisionKindEnum": "secretariat.choices.NEW_REVISION_KINDS",
        "LanguageEnum": "secretariat.choices.Language",
        "ResponsiblePartyEnum": "secretariat.choices.ResponsibleParty",
        "DecisionStatusEnum": "secretariat.choices.DecisionStatus",
        "PartnerKindEnum": "relations.choices.PartnerKind",
        "AgreementKindEnum": "relations.choices.AgreementKind",
        "AgreementStatusEnum": "relations.choices.AgreementStatus",
        "JointActivityStatusEnum": "relations.choices.JointActivityStatus",
    },
}

# The coordinator portal signs people in; the admin has its own login page.
LOGIN_URL = "portal:login"
LOGIN_REDIRECT_URL = "portal:dashboard"
LOGOUT_REDIRECT_URL = "portal:login"

# Production hardening: on unless DEBUG; each can be overridden from the environment.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Container healthchecks (/healthz, /readyz) and Prometheus (/metrics, token or allow-list) ask over plain HTTP
# from inside the network; they must not be redirected to https.
SECURE_REDIRECT_EXEMPT = [r"^(healthz|readyz|metrics)$"]
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
# Preloading binds the whole domain to HTTPS in browsers for months and is hard to undo: the domain's owner opts in
# with SECURE_HSTS_PRELOAD=true, so `check --deploy` does not warn while it is off.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Security: the client's address, sign-in protection, second factor, Content-Security-Policy, cookies ---------
# README "Security" tells operators how to run these.

# How many reverse proxies stand in front of gunicorn. 0 (the default): no X-Forwarded-* header is believed, the
# client is the connecting address and https is what Django itself sees. N: the client is the N-th address from
# the right of X-Forwarded-For (core.addresses), and X-Forwarded-Proto says whether the request came over https.
# One setting for sign-in lockouts (django-axes), the API throttles and the security log.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT is the number of proxies in front of the portal: 0 or more.")
REST_FRAMEWORK["NUM_PROXIES"] = TRUSTED_PROXY_COUNT
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUSTED_PROXY_COUNT else None

# Sign-in lockout (django-axes, accounts.lockout): after SIGNIN_FAILURE_LIMIT failures within SIGNIN_LOCKOUT_MINUTES
# for one username (portal, admin, the second-factor step), that account's sign-in is refused until the time has
# passed or staff unlock it (admin: Users -> "Unlock sign-in", or Access attempts). An address is never locked for
# everyone: once SIGNIN_ADDRESS_ACCOUNT_LIMIT different usernames failed from it, only usernames that have not
# signed in from it within SIGNIN_KNOWN_ADDRESS_DAYS are refused there.
AXES_FAILURE_LIMIT = env.int("SIGNIN_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("SIGNIN_LOCKOUT_MINUTES", default=60))
if AXES_FAILURE_LIMIT < 1 or datetime.timedelta(0) >= AXES_COOLOFF_TIME:
    raise ImproperlyConfigured("SIGNIN_FAILURE_LIMIT and SIGNIN_LOCKOUT_MINUTES must be at least 1.")
AXES_LOCKOUT_PARAMETERS = ["username", ["username", "ip_address"]]
# A refused attempt (the account locked, or the address guessing accounts) checks no password, so it is not counted
# as a failure of the account it names: hammering a locked account does not prolong the lock, and refused guesses
# from a guessing address never lock the colleague's account they name.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
SIGNIN_ADDRESS_ACCOUNT_LIMIT = env.int("SIGNIN_ADDRESS_ACCOUNT_LIMIT", default=AXES_FAILURE_LIMIT)
SIGNIN_KNOWN_ADDRESS_DAYS = env.int("SIGNIN_KNOWN_ADDRESS_DAYS", default=90)
if SIGNIN_ADDRESS_ACCOUNT_LIMIT < 1 or SIGNIN_KNOWN_ADDRESS_DAYS < 0:
    raise ImproperlyConfigured("SIGNIN_ADDRESS_ACCOUNT_LIMIT must be at least 1, SIGNIN_KNOWN_ADDRESS_DAYS 0 or more.")
AXES_CLIENT_IP_CALLABLE = "core.addresses.client_address"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_SENSITIVE_PARAMETERS = []  # the log names the username and address of each failure; never the password
# Password reset emails: at most this many per account's address and per client address an hour; more requests
# get the same "sent" page but no email (accounts.ratelimit).
PASSWORD_RESET_RATE_EMAIL = env.rate("PASSWORD_RESET_RATE_EMAIL", default="3/hour")
PASSWORD_RESET_RATE_CLIENT = env.rate("PASSWORD_RESET_RATE_CLIENT", default="10/hour")

# Second factor (django-otp): TOTP with one-time recovery codes, required for Secretariat staff, optional for
# coordinators (accounts.middleware.RequireSecondFactorMiddleware).
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="CICA Secretariat Portal")

# Content-Security-Policy (django-csp): no inline script or style anywhere in the portal; core.csp adds the one
# relaxation the admin needs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Every cookie is Secure (when DEBUG is off) and SameSite; the language cookie too.
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "core.views.errors.csrf_failure"


# --- Operations: every response in its request's language, health, metrics, structured logs, error tracking -------
# README "Operations" says what to watch. (Grouped here, wrapping what is declared above.)

# First of all: the request's own language is active before any other middleware answers (error pages included)
# and the thread is reset after the response (core.middleware.RequestLanguageMiddleware).
MIDDLEWARE = ["core.middleware.RequestLanguageMiddleware", *MIDDLEWARE]
# Requests that carry a proxy's X-Forwarded-For while TRUSTED_PROXY_COUNT is 0 are noticed for `check --deploy`.
MIDDLEWARE.insert(1, "core.middleware.ProxyHeaderWatchMiddleware")

# Prometheus (django-prometheus, core.metrics): request and database metrics plus the portal's gauges at /metrics,
# readable with `Authorization: Bearer <METRICS_TOKEN>` or from METRICS_ALLOWED_NETWORKS (CIDRs, e.g. the
# compose network 172.16.0.0/12); nobody else. Under gunicorn set PROMETHEUS_MULTIPROC_DIR (gunicorn.conf.py).
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
METRICS_ALLOWED_NETWORKS = env.list("METRICS_ALLOWED_NETWORKS", default=[])
for _network in METRICS_ALLOWED_NETWORKS:
    try:
        ipaddress.ip_network(_network, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"METRICS_ALLOWED_NETWORKS: {_network!r} is not a network such as 10.0.0.0/8."
        ) from None
INSTALLED_APPS = [*INSTALLED_APPS, "django_prometheus", "django_structlog"]
PROMETHEUS_EXPORT_MIGRATIONS = False  # would query the database in every process at start-up
_DATABASE_ENGINES = {
    "django.db.backends.postgresql": "django_prometheus.db.backends.postgresql",
    "django.db.backends.sqlite3": "django_prometheus.db.backends.sqlite3",
}
DATABASES["default"]["ENGINE"] = _DATABASE_ENGINES.get(DATABASES["default"]["ENGINE"], DATABASES["default"]["ENGINE"])

# JSON logs with a request id that follows the Celery tasks a request queued (core.logs, django-structlog).
LOG_FORMAT = env.str("LOG_FORMAT", default="console" if DEBUG else "json")
if LOG_FORMAT not in ("json", "console"):
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r}: give json or console.")
configure_structlog()
LOGGING = logging_config(level=env.str("LOG_LEVEL", default="INFO"), log_format=LOG_FORMAT)
DJANGO_STRUCTLOG_CELERY_ENABLED = True
DJANGO_STRUCTLOG_IP_LOGGING_ENABLED = False  # core.logs binds the address as core.addresses reads it
# The worker logs through LOGGING too (cica_portal.celery), not through a handler of Celery's own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# Outermost: the metrics' timer, then the request's language and its log context; the metrics' counter last.
MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    MIDDLEWARE[0],
    "django_structlog.middlewares.RequestMiddleware",
    *MIDDLEWARE[1:],
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

# Errors to Sentry when SENTRY_DSN is set (Django and Celery integrations); nothing is sent otherwise. No personal
# data (user names, addresses, cookies) unless SENTRY_SEND_DEFAULT_PII=true.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
# Read whether or not a DSN is set, so that a typo stops start-up before the day Sentry is switched on.
SENTRY_SEND_DEFAULT_PII = env.bool("SENTRY_SEND_DEFAULT_PII", default=False)
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        release=env.str("SENTRY_RELEASE", default="") or None,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=SENTRY_SEND_DEFAULT_PII,
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )

# Last, once every variable has been read (so a variable that cannot be read is named first): a secret key.
if not SECRET_KEY:
    if not (DEBUG or "pytest" in sys.modules):
        raise ImproperlyConfigured("Set SECRET_KEY (or SECRET_KEY_FILE), or DEBUG=true for local development.")
    SECRET_KEY = "django-insecure-local-development-key-never-use-in-production"  # noqa: S105
