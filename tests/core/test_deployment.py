"""The production shape: docker-compose.yml, the Dockerfile and the CI script say what they must.

No Docker engine runs where the tests run, so these read the files as data rather than building the image.
"""

import re
import shlex
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
APP_SERVICES = ("web", "worker", "beat")
SERVICES = (*APP_SERVICES, "db", "redis", "proxy")


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def services(compose):
    return compose["services"]


def command_words(service):
    """A service's command as a list of words, whichever form the file uses."""
    command = service.get("command", [])
    return shlex.split(command) if isinstance(command, str) else [str(word) for word in command]


def dockerfile_instructions():
    """(INSTRUCTION, arguments) pairs of the Dockerfile, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text())
    pairs = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            instruction, _, arguments = line.partition(" ")
            pairs.append((instruction.upper(), arguments.strip()))
    return pairs


@pytest.mark.parametrize("name", SERVICES)
def test_every_service_is_defined_with_a_healthcheck(services, name):
    assert name in services
    test = services[name].get("healthcheck", {}).get("test")
    assert test, f"{name} has no healthcheck command"
    if isinstance(test, list):
        assert test[0] in ("CMD", "CMD-SHELL")
        assert len(test) > 1


def test_every_long_running_service_has_a_healthcheck(services):
    long_running = [name for name, service in services.items() if service.get("restart") != "no"]
    assert set(SERVICES) <= set(long_running)
    assert [name for name in long_running if "healthcheck" not in services[name]] == []


def test_web_serves_the_wsgi_application_with_gunicorn_configured_by_gunicorn_conf(services):
    words = command_words(services["web"])
    assert words[0] == "gunicorn"
    assert "cica_portal.wsgi:application" in words
    assert words[words.index("--config") + 1] == "gunicorn.conf.py"


def test_compose_runs_more_than_one_web_worker_and_keeps_backups_in_a_volume(services):
    environment = services["web"]["environment"]
    default_workers = re.fullmatch(r"\$\{WEB_CONCURRENCY:-(\d+)\}", environment["WEB_CONCURRENCY"]).group(1)
    assert int(default_workers) > 1
    assert "backups:/app/var/backups" in services["web"]["volumes"]
    assert "backups" in yaml.safe_load((ROOT / "docker-compose.yml").read_text())["volumes"]


def gunicorn_settings(monkeypatch, **environment):
    import runpy

    for name in ("WEB_CONCURRENCY", "GUNICORN_TIMEOUT", "GUNICORN_BIND", "GUNICORN_MAX_REQUESTS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def test_gunicorn_takes_its_workers_and_timeouts_from_the_environment(monkeypatch):
    defaults = gunicorn_settings(monkeypatch)
    assert defaults["bind"] == "0.0.0.0:8000"
    assert 2 <= defaults["workers"] <= 8
    assert (defaults["timeout"], defaults["graceful_timeout"], defaults["max_requests"]) == (60, 30, 1000)

    tuned = gunicorn_settings(monkeypatch, WEB_CONCURRENCY="5", GUNICORN_TIMEOUT="20", GUNICORN_MAX_REQUESTS="0")
    assert (tuned["workers"], tuned["timeout"], tuned["max_requests"], tuned["max_requests_jitter"]) == (5, 20, 0, 0)

    with pytest.raises(SystemExit, match="WEB_CONCURRENCY='many' is not a whole number"):
        gunicorn_settings(monkeypatch, WEB_CONCURRENCY="many")


def test_web_healthcheck_asks_healthz_over_plain_http(services):
    check = " ".join(services["web"]["healthcheck"]["test"])
    assert "http://127.0.0.1:8000/healthz" in check


def test_worker_and_beat_run_celery(services):
    worker = command_words(services["worker"])
    beat = command_words(services["beat"])
    assert worker[:4] == ["celery", "-A", "cica_portal", "worker"]
    assert beat[:4] == ["celery", "-A", "cica_portal", "beat"]
    assert "django_celery_beat.schedulers:DatabaseScheduler" in beat
    assert "inspect ping" in " ".join(services["worker"]["healthcheck"]["test"])


def test_beat_healthcheck_watches_the_pidfile_beat_writes(services):
    beat = command_words(services["beat"])
    pidfile = beat[beat.index("--pidfile") + 1]
    assert pidfile in " ".join(services["beat"]["healthcheck"]["test"])


def test_database_and_redis_use_the_pinned_major_versions(services):
    assert services["db"]["image"] == "postgres:15"
    assert services["redis"]["image"] == "redis:7"
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    assert "ping" in " ".join(services["redis"]["healthcheck"]["test"])


def test_web_worker_and_beat_share_one_image(services):
    builds = {str(services[name].get("build")) for name in APP_SERVICES}
    images = {services[name].get("image") for name in APP_SERVICES}
    assert builds == {"."}
    assert len(images) == 1
    assert None not in images


@pytest.mark.parametrize("name", [*APP_SERVICES, "migrate"])
def test_app_services_are_configured_from_the_environment(services, name):
    environment = services[name]["environment"]
    if isinstance(environment, list):
        environment = dict(item.split("=", 1) for item in environment)
    assert environment["DATABASE_URL"].startswith("postgres://")
    assert "@db:5432/" in environment["DATABASE_URL"]
    assert environment["REDIS_URL"].startswith("redis://redis:6379/")
    assert str(environment["DEBUG"]).lower() == "false"
    assert environment["ALLOWED_HOSTS"]
    # The secret comes from the operator's environment or .env, never from this file.
    assert re.fullmatch(r"\$\{SECRET_KEY(:\?[^}]*)?\}", environment["SECRET_KEY"])


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_wait_for_healthy_services_and_the_migrations(services, name):
    depends_on = services[name]["depends_on"]
    assert depends_on["db"]["condition"] == "service_healthy"
    assert depends_on["redis"]["condition"] == "service_healthy"
    assert depends_on["migrate"]["condition"] == "service_completed_successfully"


def test_migrate_runs_once_after_the_database_is_healthy(services):
    migrate = services["migrate"]
    assert command_words(migrate)[-3:] == ["manage.py", "migrate", "--noinput"]
    assert migrate["restart"] == "no"
    assert migrate["depends_on"]["db"]["condition"] == "service_healthy"
    assert migrate["image"] == services["web"]["image"]


def test_no_secret_is_committed_in_compose(services):
    for name, service in services.items():
        environment = service.get("environment", {})
        for key in ("SECRET_KEY", "POSTGRES_PASSWORD"):
            if key in environment:
                assert environment[key].startswith(f"${{{key}"), f"{name}'s {key} has a literal value"
        if "DATABASE_URL" in environment:
            password = environment["DATABASE_URL"].split("://", 1)[1].split("@", 1)[0].split(":", 1)[1]
            assert password.startswith("${POSTGRES_PASSWORD"), f"{name}'s DATABASE_URL has a literal password"


def test_dockerfile_builds_on_python_311_slim_and_runs_as_a_non_root_user():
    instructions = dockerfile_instructions()
    froms = [arguments for instruction, arguments in instructions if instruction == "FROM"]
    assert all(image.split()[0] == "python:3.11-slim" for image in froms)
    users = [arguments for instruction, arguments in instructions if instruction == "USER"]
    assert users, "the Dockerfile never switches away from root"
    assert users[-1].split(":")[0] not in ("root", "0")


def test_dockerfile_installs_the_locked_dependencies_and_collects_static_files():
    runs = " ".join(arguments for instruction, arguments in dockerfile_instructions() if instruction == "RUN")
    copies = [arguments for instruction, arguments in dockerfile_instructions() if instruction == "COPY"]
    assert "requirements.lock ./" in copies
    assert "pip install --require-hashes --no-deps -r requirements.lock" in runs
    assert "collectstatic --noinput" in runs


def locked(name):
    """{package: (version, number of hashes)} of a lock file."""
    pins, current = {}, None
    for line in (ROOT / name).read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.-]+)==(\S+)", line)
        if match:
            current = match.group(1).lower().replace("_", "-")
            pins[current] = [match.group(2), 0]
        elif current and "--hash=sha256:" in line:
            pins[current][1] += 1
    return {package: tuple(pin) for package, pin in pins.items()}


def test_every_locked_package_is_pinned_with_hashes_and_the_locks_agree():
    runtime, development = locked("requirements.lock"), locked("requirements-dev.lock")
    assert runtime and all(hashes for _version, hashes in runtime.values())
    assert all(hashes for _version, hashes in development.values())
    assert {package: pin[0] for package, pin in runtime.items()} == {
        package: development[package][0] for package in runtime
    }, "the development lock must pin the runtime packages at the runtime lock's versions"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    direct = [*project["dependencies"], *(d for extra in project["optional-dependencies"].values() for d in extra)]
    for requirement in direct:
        package, version = requirement.split("==")
        assert development[package.lower().replace("_", "-")][0] == version, requirement


def test_dockerfile_serves_gunicorn_by_default():
    cmds = [arguments for instruction, arguments in dockerfile_instructions() if instruction == "CMD"]
    assert cmds
    words = yaml.safe_load(cmds[-1])  # the exec form is a JSON array, which YAML reads too
    assert words == ["gunicorn", "--config", "gunicorn.conf.py", "cica_portal.wsgi:application"]


def test_docker_build_context_leaves_out_secrets_and_local_state():
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert {".git", ".venv", ".env", "var"} <= ignored


def test_env_example_names_every_variable_compose_requires():
    text = (ROOT / "docker-compose.yml").read_text()
    required = set(re.findall(r"\$\{(\w+):\?", text))
    example = {line.split("=", 1)[0] for line in (ROOT / ".env.example").read_text().splitlines() if "=" in line}
    assert required
    assert required <= example


def test_ci_starts_the_services_and_ends_with_make_test():
    script = (ROOT / ".ci" / "run").read_text()
    lines = [line.strip() for line in script.splitlines() if line.strip() and not line.strip().startswith("#")]
    assert "set -euo pipefail" in lines
    assert "pg_isready" in script
    assert "redis-cli" in script
    assert "export REQUIRE_SERVICES=true" in lines
    assert "check --deploy --fail-level WARNING" in script
    assert re.fullmatch(r"make (--no-print-directory )?test", lines[-1])
    assert "playwright install" not in script


def test_makefile_offers_the_two_commands():
    makefile = (ROOT / "Makefile").read_text()
    targets = set(re.findall(r"^([a-z][\w-]*):", makefile, flags=re.MULTILINE))
    assert {"run", "test", "lint", "format", "worker", "beat", "clean"} <= targets
    assert "runserver $(HOST):$(PORT)" in makefile
    assert re.search(r"^HOST \?= 127\.0\.0\.1$", makefile, flags=re.MULTILINE)


def test_only_the_tls_proxy_is_published_and_gunicorn_stays_on_the_internal_network(services):
    published = {name for name, service in services.items() if service.get("ports")}
    assert published == {"proxy"}
    assert sorted(port.split(":")[-1] for port in services["proxy"]["ports"]) == ["443", "80"]
    assert "8000" in [str(port) for port in services["web"].get("expose", [])]


def test_the_portal_trusts_exactly_the_one_proxy_in_front(services):
    for name in APP_SERVICES:
        assert services[name]["environment"]["TRUSTED_PROXY_COUNT"] == "1"
    assert services["proxy"]["depends_on"]["web"]["condition"] == "service_healthy"


def test_the_proxy_terminates_tls_and_replaces_the_clients_forwarded_for():
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    assert "{$SITE_DOMAIN}" in caddyfile  # a site address: Caddy obtains its certificate and redirects HTTP
    assert "reverse_proxy web:8000" in caddyfile
    assert "header_up X-Forwarded-For {remote_host}" in caddyfile
    assert "header_up X-Forwarded-Proto {scheme}" in caddyfile
    assert "respond /metrics 404" in caddyfile  # the operator's metrics are scraped inside, never from outside
