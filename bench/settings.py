"""The settings of the benchmark's gunicorn (bench/served.py): the project's own production settings, with the
benchmark's URLs (the bare views that are the API lists' ceilings) mounted beside the project's."""

from cica_portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
