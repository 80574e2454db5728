"""Typed settings from the environment, where any variable may also be given as a file: NAME_FILE=/run/secrets/x.

django-environ's FileAwareEnv reads NAME_FILE for every variable; here the file's surrounding whitespace (the
trailing newline of `echo secret > file`) is dropped and an unreadable file stops start-up with a clear message.

A value that cannot be read stops start-up too, with ImproperlyConfigured naming the variable, instead of being
guessed at: a boolean is only true/false, 1/0, yes/no or on/off (django-environ reads any other word, a typo such as
SECURE_SSL_REDIRECT=ture included, as False), a number must be a number, and a rate (`env.rate`) must be one.
"""

import re

import environ
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = ("true", "1", "yes", "on")
FALSE_WORDS = ("false", "0", "no", "off")
# A rate as DRF's throttles and core.ratelimit read it: a count, a slash and a period (second, minute, hour, day).
RATE = re.compile(r"\d+/(s|secs?|seconds?|m|mins?|minutes?|h|hours?|d|days?)")


class SecretFileMapping(environ.FileAwareMapping):
    def __getitem__(self, key):
        path = self.env.get(f"{key}_FILE")
        try:
            value = super().__getitem__(key)
        except OSError as exc:
            raise ImproperlyConfigured(f"{key}_FILE={path} cannot be read: {exc}") from exc
        return value.strip() if path else value


def strict_bool(var, value):
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{var}={value!r} is not a boolean: give true or false (or 1/0, yes/no, on/off; any case)."
    )


class FileAwareEnv(environ.FileAwareEnv):
    ENVIRON = SecretFileMapping()

    def get_value(self, var, cast=None, default=environ.Env.NOTSET, parse_default=False):
        """Every read goes through here (`env.bool`, `env.int`, `env(..., cast=bool)` ...): booleans strictly, and a
        value the cast cannot read is refused naming its variable."""
        if cast is bool:
            value = super().get_value(var, cast=str, default=default)
            return value if isinstance(value, bool) else strict_bool(var, value)  # a bool: the default
        try:
            return super().get_value(var, cast=cast, default=default, parse_default=parse_default)
        except ValueError as exc:
            raise ImproperlyConfigured(f"{var} cannot be read: {exc}") from exc

    def rate(self, var, default):
        """A rate such as "100/minute", "10/min" or "3/hour", as DRF's throttles read it."""
        value = self.str(var, default=default).strip()
        if not RATE.fullmatch(value):
            raise ImproperlyConfigured(f"{var}={value!r} is not a rate: give one such as 100/minute, 10/min or 3/hour.")
        return value
