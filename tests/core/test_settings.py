"""Settings come from the environment, refuse to start without a secret, and are production-safe by default.

Settings are read once at import, so each case runs manage.py or a fresh interpreter in a subprocess with an
environment of its own. Those processes are not pytest, so the local-development fallback key does not apply.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

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
