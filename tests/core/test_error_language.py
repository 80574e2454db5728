"""Every error page speaks its own request's language, whatever the previous request on the same thread asked for.

The Django test client runs every request on this one thread, as a gunicorn worker does: a Russian request is
followed by an English one that fails (and the other way round), for each kind of error page, including those
answered before LocaleMiddleware runs (a NUL refused, a host refused) and the CSRF page.
"""

import re

import pytest
from django.test import Client
from django.utils import translation

pytestmark = pytest.mark.django_db

# What each language's page says: the <html lang> and the page's heading in that language (templates/4xx, 500).
HEADINGS = {
    400: {"en": "Bad request", "ru": "Неверный запрос"},
    403: {"en": "Not allowed", "ru": "Недоступно"},
    404: {"en": "Not found", "ru": "Не найдено"},
    500: {"en": "Something went wrong on our side", "ru": "Что-то пошло не так на нашей стороне"},
}

# name -> (how to ask for the error, the status it answers)
ERRORS = {
    "NUL in the query (refused before LocaleMiddleware)": (lambda c, h: c.get("/portal/?q=%00", **h), 400),
    "unknown host": (lambda c, h: c.get("/portal/login/", HTTP_HOST="attacker.example", **h), 400),
    "BadRequest from a view": (lambda c, h: c.get("/test-errors/400/", **h), 400),
    "PermissionDenied from a view": (lambda c, h: c.get("/test-errors/403/", **h), 403),
    "CSRF refused": (lambda c, h: c.post("/portal/login/", {"username": "x", "password": "y"}, **h), 403),
    "unknown page": (lambda c, h: c.get("/portal/no-such-page/", **h), 404),
    "unexpected exception": (lambda c, h: c.get("/test-errors/500/", **h), 500),
}


@pytest.fixture(autouse=True)
def _urls_with_failing_views(settings):
    settings.ROOT_URLCONF = "tests.core.error_urls"
    settings.DEBUG = False


def asks_for(language):
    return {"HTTP_ACCEPT_LANGUAGE": language}


def language_of(response):
    return re.search(r'<html lang="([a-z-]+)"', response.content.decode()).group(1)


@pytest.mark.parametrize("error", ERRORS)
def test_each_error_page_follows_its_own_requests_language(error):
    ask, status = ERRORS[error]
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    for previous, language in [("ru", "en"), ("en", "ru"), ("ru", "en"), ("en", "ru")]:
        assert language_of(client.get("/portal/login/", **asks_for(previous))) == previous
        response = ask(client, asks_for(language))
        assert response.status_code == status
        assert language_of(response) == language, f"{error} after a request in {previous}"
        assert HEADINGS[status][language] in response.content.decode()


def test_the_thread_is_back_in_the_default_language_after_each_response(settings):
    Client().get("/portal/login/", **asks_for("ru"))
    assert translation.get_language() == settings.LANGUAGE_CODE
