"""A real Celery worker in its own process group (prefork, as in production) for the crash tests.

It runs this project against the test database, on Redis, on a queue of its own (so it never takes another test's
tasks); `kill()` sends SIGKILL to the whole group, as when a worker node dies.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def database_url():
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class WorkerProcess:
    def __init__(self, log_dir, queue=None, **environment):
        self.queue = queue or f"test-{uuid.uuid4().hex[:12]}"
        self.log_dir = Path(log_dir)
        self.environment = environment
        self.process = None
        self.starts = 0

    def env(self):
        return {
            **os.environ,
            "DATABASE_URL": database_url(),
            "REDIS_URL": settings.REDIS_URL,
            "CELERY_QUEUE": self.queue,
            "SECRET_KEY": "test-worker-only",
            "DEBUG": "false",
            "DB_CONN_MAX_AGE": "0",
            **{key: str(value) for key, value in self.environment.items()},
        }

    @property
    def log(self):
        return self.log_dir / f"worker-{self.starts}.log"

    def start(self, timeout=60):
        self.starts += 1
        command = [
            sys.executable, "-m", "celery", "-A", "cica_portal", "worker", "--pool=prefork", "--concurrency=1",
            "-Q", self.queue, "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "info",
            "-n", f"{self.queue}-{self.starts}@%h",
        ]  # fmt: skip
        with open(self.log, "w") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
                command, cwd=ROOT, env=self.env(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if " ready." in self.log.read_text():
                return self
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        raise AssertionError(f"the worker did not start:\n{self.log.read_text()[-3000:]}")

    def kill(self):
        """SIGKILL to the worker and its pool processes at once: a node that dies mid-task."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        self.process = None

    def logs(self):
        return "\n".join(path.read_text()[-4000:] for path in sorted(self.log_dir.glob("worker-*.log")))


def wait_for(condition, timeout=30, interval=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return False
