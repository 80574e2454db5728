"""Settings come from the environment, refuse to start without a secret, and are production-safe by default.

Settings are read once at import, so each case runs manage.py or a fresh interpreter in a subprocess with an
environment of its own. Those processes are not pytest, so the local-development fallback key does not apply.
"""

import importlib.util
import json
import os
import re
import secrets
import subprocess
import sys
import warnings
from pathlib import Path
from unittest import mock

import pytest
from django.core.exceptions import ImproperlyConfigured
from rest_framework.throttling import SimpleRateThrottle

from cica_portal.environment import FileAwareEnv

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_HOST = "portal.example.org"

SHOW_SETTINGS = """
import json, django
django.setup()
from django.conf import settings
print(json.dumps({name: getattr(settings, name) for name in (
    "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS", "SECURE_REDIRECT_EXEMPT", "LANGUAGE_COOKIE_SECURE", "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SAMESITE", "LANGUAGE_COOKIE_SAMESITE", "SECURE_PROXY_SSL_HEADER", "TRUSTED_PROXY_COUNT",
)} | {"NUM_PROXIES": settings.REST_FRAMEWORK["NUM_PROXIES"]}))
"""


def production_key():
    return secrets.token_urlsafe(45)  # 60 characters


def run(args, **variables):
    """Run `python <args>` from the project root with the given variables; None removes one."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"))
    }
    env["DJANGO_SETTINGS_MODULE"] = "cica_portal.settings"
    for key, value in variables.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def show_settings(**variables):
    result = run(["-c", SHOW_SETTINGS], **variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_deploy_check_passes_with_production_environment():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        SECRET_KEY=production_key(),
        ALLOWED_HOSTS=PRODUCTION_HOST,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_deploy_check_fails_with_debug_on():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DEBUG="true",
        SECRET_KEY=production_key(),
        ALLOWED_HOSTS=PRODUCTION_HOST,
    )
    assert result.returncode != 0
    assert "security.W018" in result.stderr  # "You should not have DEBUG set to True in deployment."


@pytest.mark.parametrize("secret_key", [None, ""], ids=["unset", "empty"])
def test_refuses_to_start_without_secret_key_when_debug_is_off(secret_key):
    result = run(["manage.py", "check"], SECRET_KEY=secret_key, ALLOWED_HOSTS=PRODUCTION_HOST)
    assert result.returncode != 0
    assert "ImproperlyConfigured: Set SECRET_KEY (or SECRET_KEY_FILE), or DEBUG=true" in result.stderr


def test_debug_allows_the_local_development_key():
    values = show_settings(DEBUG="true")
    assert values["DEBUG"] is True
    assert values["SECRET_KEY"].startswith("django-insecure-")


def test_secret_key_is_read_from_secret_key_file(tmp_path):
    key = production_key()
    key_file = tmp_path / "secret_key"
    key_file.write_text(key + "\n")
    values = show_settings(SECRET_KEY_FILE=str(key_file), SECRET_KEY="not-this-one")
    assert values["SECRET_KEY"] == key


def test_any_secret_is_read_from_its_file(tmp_path):
    (tmp_path / "email_url").write_text("smtp+tls://mailer:s3cret@mail.example.org:587\n")
    (tmp_path / "database_url").write_text(f"sqlite:///{tmp_path / 'db.sqlite3'}\n")
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps([settings.EMAIL_HOST, settings.EMAIL_HOST_PASSWORD, "
        "str(settings.DATABASES['default']['NAME'])]))"
    )
    result = run(
        ["-c", script],
        DEBUG="true",
        EMAIL_URL_FILE=str(tmp_path / "email_url"),
        DATABASE_URL_FILE=str(tmp_path / "database_url"),
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [
        "mail.example.org",
        "s3cret",
        str(tmp_path / "db.sqlite3"),
    ]


def test_unreadable_secret_key_file_is_a_readable_error(tmp_path):
    missing = tmp_path / "absent"
    result = run(["manage.py", "check"], SECRET_KEY_FILE=str(missing))
    assert result.returncode != 0
    assert f"ImproperlyConfigured: SECRET_KEY_FILE={missing} cannot be read" in result.stderr


def test_production_defaults_are_secure_when_debug_is_off():
    values = show_settings(SECRET_KEY=production_key(), ALLOWED_HOSTS=f"{PRODUCTION_HOST},www.{PRODUCTION_HOST}")
    assert values["DEBUG"] is False
    assert values["ALLOWED_HOSTS"] == [PRODUCTION_HOST, f"www.{PRODUCTION_HOST}"]
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000


def test_health_probes_and_metrics_are_exempt_from_the_https_redirect():
    assert show_settings(SECRET_KEY=production_key())["SECURE_REDIRECT_EXEMPT"] == [r"^(healthz|readyz|metrics)$"]


def test_local_development_relaxes_the_https_settings():
    values = show_settings(DEBUG="true")
    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["CSRF_COOKIE_SECURE"] is False
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0


def test_every_cookie_is_secure_and_same_site_in_production():
    values = show_settings(SECRET_KEY=production_key())
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"] and values["LANGUAGE_COOKIE_SECURE"]
    assert values["SESSION_COOKIE_SAMESITE"] == values["CSRF_COOKIE_SAMESITE"] == "Lax"
    assert values["LANGUAGE_COOKIE_SAMESITE"] == "Lax"


def test_no_forwarded_header_is_trusted_unless_proxies_are_configured():
    values = show_settings(SECRET_KEY=production_key())
    assert values["TRUSTED_PROXY_COUNT"] == 0 and values["NUM_PROXIES"] == 0
    assert values["SECURE_PROXY_SSL_HEADER"] is None


def test_one_setting_trusts_the_proxy_for_addresses_and_https():
    values = show_settings(SECRET_KEY=production_key(), TRUSTED_PROXY_COUNT="1")
    assert values["TRUSTED_PROXY_COUNT"] == 1 and values["NUM_PROXIES"] == 1
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_a_negative_proxy_count_stops_start_up():
    result = run(["manage.py", "check"], SECRET_KEY=production_key(), TRUSTED_PROXY_COUNT="-1")
    assert result.returncode != 0
    assert "TRUSTED_PROXY_COUNT" in result.stderr


def env_example():
    """The variables .env.example sets (comments and empty values left out), as a newcomer's `.env` would."""
    variables = {}
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        name, sep, value = line.partition("=")
        if sep and not line.startswith("#") and value:
            variables[name.strip()] = value
    return variables


def test_a_production_env_file_does_not_break_make_run():
    """`cp .env.example .env`, then `make run` (DEBUG=true): the development server still answers on 127.0.0.1."""
    variables = env_example()
    assert variables["ALLOWED_HOSTS"] == PRODUCTION_HOST
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "DEV := DEBUG=$${DEBUG:-true}" in makefile

    settings = show_settings(**variables, DEBUG="true")

    assert {"127.0.0.1", "localhost", "[::1]", PRODUCTION_HOST} <= set(settings["ALLOWED_HOSTS"])
    assert settings["SECURE_SSL_REDIRECT"] is False
    production = show_settings(**variables, DEBUG="false", SECRET_KEY=production_key())
    assert production["ALLOWED_HOSTS"] == [PRODUCTION_HOST]


# --- A value that cannot be read stops start-up, naming its variable -------------------------------------------------
# The settings module is run afresh in this process (a new module object) with the variables of each case: it reads
# the environment at import, and a fresh run costs milliseconds where a subprocess costs seconds.

SETTINGS_SOURCE = (ROOT / "cica_portal" / "settings.py").read_text(encoding="utf-8")
# The booleans the settings read today; one added later joins BOOLEANS when read with env.bool(...).
KNOWN_BOOLEANS = {
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_PRELOAD",
    "WEBHOOKS_ALLOW_LOOPBACK",
}
BOOLEANS = sorted(KNOWN_BOOLEANS | set(re.findall(r"env\.bool\(\s*\"(\w+)\"", SETTINGS_SOURCE)))
RATES = {
    "API_THROTTLE_USER": ("REST_FRAMEWORK", "DEFAULT_THROTTLE_RATES", "user"),
    "API_THROTTLE_ANON": ("REST_FRAMEWORK", "DEFAULT_THROTTLE_RATES", "anon"),
    "API_THROTTLE_INVALID_TOKEN": ("REST_FRAMEWORK", "DEFAULT_THROTTLE_RATES", "invalid_token"),
    "PASSWORD_RESET_RATE_EMAIL": ("PASSWORD_RESET_RATE_EMAIL",),
    "PASSWORD_RESET_RATE_CLIENT": ("PASSWORD_RESET_RATE_CLIENT",),
}


def fresh_settings(**variables):
    """The names cica_portal/settings.py defines when run with these variables (None removes one)."""
    with mock.patch.dict(os.environ):
        for name, value in variables.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        module = importlib.util.module_from_spec(importlib.util.find_spec("cica_portal.settings"))
        module.__spec__.loader.exec_module(module)  # not the settings Django runs with: those stay as they are
        return vars(module)


def refusal(**variables):
    with pytest.raises(ImproperlyConfigured) as refused:
        fresh_settings(**variables)
    return str(refused.value)


def reads_of_the_environment():
    """(variable, cast, method) for every read the settings module makes, in a run with today's environment."""
    reads = []
    get_value, rate = FileAwareEnv.get_value, FileAwareEnv.rate

    def recorded_get_value(self, var, cast=None, *args, **kwargs):
        reads.append((var, cast))
        return get_value(self, var, cast, *args, **kwargs)

    def recorded_rate(self, var, *args, **kwargs):
        reads.append((var, "rate"))
        return rate(self, var, *args, **kwargs)

    with (
        mock.patch.object(FileAwareEnv, "get_value", recorded_get_value),
        mock.patch.object(FileAwareEnv, "rate", recorded_rate),
    ):
        fresh_settings()
    return reads


def test_the_known_booleans_are_read_as_booleans():
    booleans = {var for var, cast in reads_of_the_environment() if cast is bool}

    assert booleans >= KNOWN_BOOLEANS
    assert booleans <= set(BOOLEANS), "a boolean read some other way than env.bool(...): read it with env.bool"


def test_the_settings_read_the_environment_only_through_the_strict_reader():
    for bypass in ("os.environ", "os.getenv", "environ.Env(", "getenv("):
        assert bypass not in SETTINGS_SOURCE, f"settings.py reads {bypass}: read through `env` (strict) instead"


@pytest.mark.parametrize("variable", BOOLEANS)
@pytest.mark.parametrize("typo", ["ture", "flase", "y", "ok", "enabled", "", "yes please"])
def test_a_boolean_that_is_not_one_stops_start_up_naming_it(variable, typo):
    message = refusal(**{variable: typo})

    assert message.startswith(f"{variable}={typo!r} is not a boolean")


@pytest.mark.parametrize("variable", BOOLEANS)
@pytest.mark.parametrize(
    ("spelling", "expected"),
    [("true", True), ("TRUE", True), ("1", True), ("yes", True), ("On", True)]
    + [("false", False), ("False", False), ("0", False), ("NO", False), ("off", False)],
)
def test_a_boolean_is_true_false_1_0_yes_no_on_off_in_any_case(variable, spelling, expected):
    assert fresh_settings(**{variable: spelling})[variable] is expected


def bool_settings(names, prefix=""):
    """Every boolean setting (inside dicts too), by its path."""
    found = {}
    for name, value in names.items():
        if prefix or str(name).isupper():
            if isinstance(value, bool):
                found[f"{prefix}{name}"] = value
            elif isinstance(value, dict):
                found.update(bool_settings(value, f"{prefix}{name}."))
    return found


def test_no_boolean_is_read_without_the_strict_reader():
    """Every other variable set to true and then to false: a boolean setting that follows it was read some other way
    (e.g. env.str(...) == "true"), where a typo would pass silently."""
    others = sorted({var for var, cast in reads_of_the_environment() if cast is not bool} - set(BOOLEANS))
    assert {"SECRET_KEY", "EMAIL_TIMEOUT", "API_THROTTLE_USER"} <= set(others)
    follows = []
    for variable in others:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # e.g. django-environ's on DATABASE_URL=true
                when_true, when_false = (bool_settings(fresh_settings(**{variable: w})) for w in ("true", "false"))
        except Exception:  # noqa: BLE001, S112 - refused, in any way: then it is not read as a boolean
            continue
        follows += [f"{variable} -> {path}" for path in when_true if when_true[path] != when_false.get(path)]

    assert follows == [], "read these variables with env.bool(...), which refuses what is not a boolean"


def test_a_typo_in_a_boolean_stops_manage_py_check_naming_it():
    result = run(["manage.py", "check"], SECURE_SSL_REDIRECT="ture")

    assert result.returncode != 0
    assert "ImproperlyConfigured: SECURE_SSL_REDIRECT='ture' is not a boolean" in result.stderr


@pytest.mark.parametrize("variable", sorted(RATES))
@pytest.mark.parametrize("bad", ["100", "100/fortnight", "fast", "100 per hour", "/hour", "-1/hour", "1.5/s", ""])
def test_a_rate_that_is_not_one_stops_start_up_naming_it(variable, bad):
    message = refusal(**{variable: bad})

    assert message.startswith(f"{variable}={bad!r} is not a rate")


@pytest.mark.parametrize("variable", sorted(RATES))
@pytest.mark.parametrize("good", ["100/min", "100/minute", "60/minutes", "5000/hour", "3/h", "10/s", "7/day", "2/days"])
def test_a_rate_in_the_api_throttles_format_is_taken(variable, good):
    value = fresh_settings(**{variable: good})
    for key in RATES[variable]:
        value = value[key]

    assert value == good
    assert SimpleRateThrottle.parse_rate(None, value)[0] == int(good.split("/")[0])


def test_every_throttle_rate_is_read_as_a_rate():
    rates = {var for var, cast in reads_of_the_environment() if cast == "rate"}
    throttles = fresh_settings()["REST_FRAMEWORK"]["DEFAULT_THROTTLE_RATES"]

    assert rates == set(RATES)
    assert len(throttles) == sum(1 for path in RATES.values() if path[0] == "REST_FRAMEWORK")


def test_a_number_that_is_not_one_stops_start_up_naming_it():
    assert refusal(EMAIL_TIMEOUT="2o").startswith("EMAIL_TIMEOUT cannot be read")
    assert refusal(WEBHOOKS_RETRY_SCHEDULE="60,5m").startswith("WEBHOOKS_RETRY_SCHEDULE cannot be read")
