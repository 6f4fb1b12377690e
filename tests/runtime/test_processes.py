"""The compose services as real processes: gunicorn, a Celery worker and Celery beat.

Docker does not run in CI, so this starts the very commands of docker-compose.yml against the
local PostgreSQL (database ``seg_processes``) and Redis (database 8), in production mode, and
checks that they work together: the web answers, a task goes through the broker to the worker,
and beat triggers the scheduled heartbeat from the schedule stored in the database.
"""

import contextlib
import fcntl
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import psycopg2
import pytest
import redis
import yaml
from celery import Celery

from tests.runtime.conftest import BIN, REPO, free_port, manage, portal_environment

pytestmark = pytest.mark.processes

DATABASE = "seg_processes"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
REDIS_URL = "redis://127.0.0.1:6379/8"
HEARTBEAT = "seg_portal.heartbeat"
LOCK = "/tmp/seg_processes.lock"  # noqa: S108 (shared on purpose by every checkout)


# The whole module, from creating the database to stopping the processes, takes about 20 s and
# stays under a minute; every wait is bounded, and none gets less than WAIT_SECONDS even when a
# loaded machine has spent the budget (a slow machine is not a broken stack).
BUDGET_SECONDS = 45
WAIT_SECONDS = 20


@dataclass
class Stack:
    port: int
    logs: Path
    environment: dict[str, str]
    deadline: float  # time.monotonic() by which the waits should be over

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def remaining(self) -> float:
        return max(WAIT_SECONDS, self.deadline - time.monotonic())

    def log_of(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text(errors="replace")[-4000:]


def compose_service(service: str) -> dict:
    return yaml.safe_load((REPO / "docker-compose.yml").read_text())["services"][service]


def compose_command(service: str, sizing: dict[str, str]) -> list[str]:
    """The service's command from docker-compose.yml, ``${VAR:-default}`` filled from ``sizing``."""
    command = compose_service(service)["command"]
    return [
        re.sub(r"\$\{(\w+):-([^}]*)\}", lambda match: sizing.get(match[1], match[2]), part)
        for part in command
    ]


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict | str, dict]:
    """GET without following redirects: (status, JSON body or text, headers)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 (http only)
        response = opener.open(request, timeout=5)
    except urllib.error.HTTPError as error:
        response = error
    body = response.read().decode()
    headers = dict(response.headers)
    if headers.get("Content-Type", "").startswith("application/json"):
        return response.status, json.loads(body), headers
    return response.status, body, headers


def _fresh_database() -> None:
    connection = psycopg2.connect("postgresql://postgres@127.0.0.1:5432/postgres")
    connection.autocommit = True  # CREATE/DROP DATABASE cannot run in a transaction
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
            cursor.execute(f"CREATE DATABASE {DATABASE}")
    finally:
        connection.close()


def _stop(process: subprocess.Popen) -> None:
    """Terminate the process and its children (gunicorn and Celery fork workers)."""
    # Started with start_new_session: the process leads its own group, children included.
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)
    except ProcessLookupError:
        process.wait(timeout=5)


@pytest.fixture(scope="module")
def stack(local_postgres_and_redis, tmp_path_factory) -> Stack:
    # One stack at a time on this machine (xdist workers, two checkouts): they share the database
    # and the Redis database, so a second one waits for the first instead of dropping it.
    with open(LOCK, "w") as lock, contextlib.ExitStack() as cleanup:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield _start_stack(tmp_path_factory.mktemp("processes"), cleanup)


def _start_stack(logs: Path, cleanup: contextlib.ExitStack) -> Stack:
    environment = portal_environment(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=DATABASE_URL,
        CELERY_BROKER_URL=REDIS_URL,
        REDIS_URL=REDIS_URL,
        CACHE_KEY_PREFIX="seg_processes",
        MEDIA_ROOT=str(logs / "media"),
        STATIC_ROOT=str(logs / "static"),
        # The image's storage less the compression (brotli takes long on a loaded machine):
        # the same hashed names and manifest, which is what serving depends on.
        STATICFILES_BACKEND="django.contrib.staticfiles.storage.ManifestStaticFilesStorage",
    )
    stack = Stack(
        port=free_port(),
        logs=logs,
        environment=environment,
        deadline=time.monotonic() + BUDGET_SECONDS,
    )
    _fresh_database()
    redis.Redis.from_url(REDIS_URL).flushdb()

    migrated = manage("migrate", "--no-input", environment=environment, timeout=stack.remaining())
    assert migrated.returncode == 0, migrated.stderr
    # As the secretariat would in the admin: run the heartbeat every second for this test.
    edited = manage(
        "shell",
        "-c",
        "from django_celery_beat.models import IntervalSchedule, PeriodicTask\n"
        f"task = PeriodicTask.objects.get(task='{HEARTBEAT}')\n"
        "task.interval, _ = IntervalSchedule.objects.get_or_create(every=1, period='seconds')\n"
        "task.save()\n",
        environment=environment,
        timeout=stack.remaining(),
    )
    assert edited.returncode == 0, edited.stderr
    # As the image build does (Dockerfile): hashed static files and their manifest.
    collected = manage(
        "collectstatic", "--no-input", environment=environment, timeout=stack.remaining()
    )
    assert collected.returncode == 0, collected.stderr

    sizing = {"WEB_CONCURRENCY": "2", "WORKER_CONCURRENCY": "1"}
    commands = {
        "web": [
            f"--bind=127.0.0.1:{stack.port}" if part.startswith("--bind=") else part
            for part in compose_command("web", sizing)
        ],
        "worker": compose_command("worker", sizing),
        "beat": [
            f"--pidfile={logs / 'beat.pid'}" if part.startswith("--pidfile=") else part
            for part in compose_command("beat", sizing)
        ],
    }
    for name, command in commands.items():
        log = cleanup.enter_context((logs / f"{name}.log").open("w"))
        process = subprocess.Popen(  # noqa: S603 (the commands of docker-compose.yml)
            [str(BIN / command[0]), *command[1:]],
            cwd=REPO,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        cleanup.callback(_stop, process)

    until = time.monotonic() + stack.remaining()
    while True:
        try:
            if get(f"{stack.base_url}/health/")[0] in {200, 503}:
                break
        except OSError:
            pass
        assert time.monotonic() < until, stack.log_of("web")
        time.sleep(0.2)
    return stack


@pytest.fixture
def broker(monkeypatch) -> Celery:
    """A Celery client of its own, on the stack's broker: nothing here runs eagerly."""
    # Celery prefers these variables to its configuration; the test run may have its own.
    monkeypatch.setenv("CELERY_BROKER_URL", REDIS_URL)
    monkeypatch.setenv("CELERY_RESULT_BACKEND", REDIS_URL)
    # Not the current app: shared tasks of later tests in this process must keep resolving to
    # the portal's own (eager) app, not to this probe.
    client = Celery("probe", broker=REDIS_URL, backend=REDIS_URL, set_as_current=False)
    yield client
    client.close()


def test_gunicorn_serves_health_with_database_and_broker_ok(stack):
    status, body, headers = get(f"{stack.base_url}/health/")
    assert status == 200, stack.log_of("web")
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["broker"] == "ok"
    assert "no-cache" in headers["Cache-Control"]


def test_gunicorn_runs_in_production_mode_and_redirects_pages_to_https(stack):
    status, _body, headers = get(f"{stack.base_url}/accounts/login/")
    assert status == 301
    assert (
        headers["Location"] == f"https://{stack.base_url.removeprefix('http://')}/accounts/login/"
    )


def test_gunicorn_serves_pages_and_hashed_static_files_behind_the_https_proxy(stack):
    behind_proxy = {"X-Forwarded-Proto": "https"}
    status, html, headers = get(f"{stack.base_url}/accounts/login/", behind_proxy)
    assert status == 200, stack.log_of("web")
    assert '<html lang="fr">' in html
    assert "max-age=31536000" in headers["Strict-Transport-Security"]
    stylesheet = re.search(r'href="(/static/css/seg\.[0-9a-f]{12}\.css)"', html)
    assert stylesheet, html
    status, css, headers = get(f"{stack.base_url}{stylesheet[1]}", behind_proxy)
    assert status == 200
    assert headers["Content-Type"].startswith("text/css")
    assert "immutable" in headers["Cache-Control"]
    assert css.strip()


def test_worker_runs_a_task_sent_through_the_broker(stack, broker):
    result = broker.send_task("seg_portal.ping")
    assert result.get(timeout=stack.remaining()) == "pong", stack.log_of("worker")


def test_beat_triggers_the_scheduled_heartbeat_and_health_reports_it(stack):
    beat_last_seen = None
    until = time.monotonic() + stack.remaining()
    while beat_last_seen is None and time.monotonic() < until:
        beat_last_seen = get(f"{stack.base_url}/health/")[1]["beat_last_seen"]
        time.sleep(0.5)
    assert beat_last_seen, stack.log_of("beat") + stack.log_of("worker")

    connection = psycopg2.connect(DATABASE_URL.replace("postgres://", "postgresql://"))
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT total_run_count, last_run_at FROM django_celery_beat_periodictask "
                "WHERE task = %s",
                [HEARTBEAT],
            )
            total_run_count, last_run_at = cursor.fetchone()
    finally:
        connection.close()
    assert total_run_count >= 1
    assert last_run_at is not None


def run_healthcheck(stack: Stack, service: str) -> subprocess.CompletedProcess:
    """The service's compose healthcheck, run here: same command, this stack's port and files."""
    kind, *test = compose_service(service)["healthcheck"]["test"]
    environment = {
        **stack.environment,
        "PATH": f"{BIN}:{stack.environment.get('PATH', '')}",
        "HOSTNAME": socket.gethostname(),  # as in a container: the worker's node name
    }
    if kind == "CMD-SHELL":
        script = test[0].replace("$$", "$")  # compose's escape of a literal $
        for part in compose_service("beat")["command"]:
            if part.startswith("--pidfile="):
                script = script.replace(
                    part.removeprefix("--pidfile="), str(stack.logs / "beat.pid")
                )
        command = ["/bin/sh", "-c", script]
    else:
        command = [part.replace("127.0.0.1:8000", f"127.0.0.1:{stack.port}") for part in test]
    return subprocess.run(  # noqa: S603 (the healthchecks of docker-compose.yml)
        command,
        env=environment,
        capture_output=True,
        text=True,
        timeout=stack.remaining(),
        check=False,
    )


@pytest.mark.parametrize("service", ["web", "worker", "beat"])
def test_compose_healthchecks_pass_against_the_running_services(stack, service):
    completed = run_healthcheck(stack, service)
    assert completed.returncode == 0, completed.stdout + completed.stderr + stack.log_of(service)
