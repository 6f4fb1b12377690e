"""Helpers of the runtime tests: local PostgreSQL and Redis, and subprocesses of the portal."""

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent

# Variables of the test run that must not leak into the portal started in a subprocess.
PORTAL_VARIABLES = (
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "SQLITE_PATH",
    "CELERY_BROKER_URL",
    "CELERY_RESULT_BACKEND",
    "REDIS_URL",
    "CACHE_KEY_PREFIX",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "STATICFILES_BACKEND",
    "DJANGO_SETTINGS_MODULE",
    "PYTEST_XDIST_WORKER",
)


def portal_environment(**variables: str) -> dict[str, str]:
    """The current environment without the portal's own variables, plus ``variables``."""
    environment = {
        name: value for name, value in os.environ.items() if name not in PORTAL_VARIABLES
    }
    environment.update(variables)
    return environment


def manage(*arguments: str, environment: dict[str, str], timeout: float = 60):
    """Run ``manage.py`` in a subprocess; the completed process (output as text)."""
    return subprocess.run(  # noqa: S603 (our own manage.py)
        [sys.executable, "manage.py", *arguments],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def _wait_for(host: str, port: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if _answers(host, port):
            return True
        time.sleep(0.3)
    return False


@pytest.fixture(scope="session")
def local_postgres_and_redis() -> None:
    """PostgreSQL on 5432 and Redis on 6379, started as .ci/run starts them when not answering."""
    clusters = Path("/etc/postgresql")
    pg_ctlcluster = shutil.which("pg_ctlcluster")
    if not _answers("127.0.0.1", 5432) and pg_ctlcluster and clusters.exists():
        version = sorted(path.name for path in clusters.iterdir())[-1]
        subprocess.run(  # noqa: S603 (fixed arguments)
            [pg_ctlcluster, "--skip-systemctl-redirect", version, "main", "start"],
            check=False,
            timeout=60,
        )
    redis_server = shutil.which("redis-server")
    if not _answers("127.0.0.1", 6379) and redis_server:
        subprocess.run(  # noqa: S603 (fixed arguments)
            [
                redis_server,
                "--daemonize",
                "yes",
                "--bind",
                "127.0.0.1",
                "--port",
                "6379",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            check=False,
            timeout=30,
        )
    assert _wait_for("127.0.0.1", 5432, 30), "PostgreSQL does not answer on 127.0.0.1:5432"
    assert _wait_for("127.0.0.1", 6379, 30), "Redis does not answer on 127.0.0.1:6379"
