"""Typed settings from the environment, where any variable may also be given as a file: NAME_FILE=/run/secrets/x.

django-environ's FileAwareEnv reads NAME_FILE for every variable; here the file's surrounding whitespace (the
trailing newline of `echo secret > file`) is dropped and an unreadable file stops start-up with a clear message.
"""

import environ
from django.core.exceptions import ImproperlyConfigured


class SecretFileMapping(environ.FileAwareMapping):
    def __getitem__(self, key):
        path = self.env.get(f"{key}_FILE")
        try:
            value = super().__getitem__(key)
        except OSError as exc:
            raise ImproperlyConfigured(f"{key}_FILE={path} cannot be read: {exc}") from exc
        return value.strip() if path else value


class FileAwareEnv(environ.FileAwareEnv):
    ENVIRON = SecretFileMapping()
