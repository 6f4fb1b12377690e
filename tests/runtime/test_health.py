"""/health/: what load balancers and container healthchecks read."""

import datetime as dt
import json

import pytest
import time_machine

from seg_portal.celery import heartbeat
from tests.runtime.conftest import free_port, manage, portal_environment

pytestmark = pytest.mark.django_db

# The Redis database of these tests (the process test uses 8).
REDIS_URL = "redis://127.0.0.1:6379/3"

SERVE_HEALTH = (
    "import json\n"
    "from django.test import Client\n"
    "response = Client().get('/health/')\n"
    "print(json.dumps({'status_code': response.status_code, 'body': response.json()}))\n"
)


def health_in_subprocess(tmp_path, **variables: str) -> tuple[int, dict]:
    """/health/ of a portal started fresh with ``variables``: nothing shared with this process."""
    environment = portal_environment(
        ALLOWED_HOSTS="testserver",
        SQLITE_PATH=str(tmp_path / "health.sqlite3"),
        LOG_LEVEL="CRITICAL",
        **variables,
    )
    completed = manage("shell", "-c", SERVE_HEALTH, environment=environment)
    assert completed.returncode == 0, completed.stderr
    answer = json.loads(completed.stdout.strip().splitlines()[-1])
    return answer["status_code"], answer["body"]


def test_health_is_ok_when_the_database_answers_and_tasks_run_eagerly(client, settings):
    settings.CELERY_BROKER_URL = ""
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "beat_last_seen": None}
    assert "no-cache" in response.headers["Cache-Control"]


def test_health_reports_when_the_heartbeat_last_ran(client):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC), tick=False):
        heartbeat()
    response = client.get("/health/")
    assert response.json()["beat_last_seen"] == "2026-03-02T09:30:00+00:00"


def test_health_refuses_post(client):
    assert client.post("/health/").status_code == 405


@pytest.mark.usefixtures("local_postgres_and_redis")
def test_health_is_ok_when_the_redis_broker_answers(tmp_path):
    status, body = health_in_subprocess(
        tmp_path, CELERY_BROKER_URL=REDIS_URL, REDIS_URL=REDIS_URL, CACHE_KEY_PREFIX="runtime"
    )
    assert status == 200
    assert body["database"] == "ok"
    assert body["broker"] == "ok"


def test_health_is_503_when_the_broker_does_not_answer(tmp_path):
    closed = f"redis://127.0.0.1:{free_port()}/0"
    status, body = health_in_subprocess(tmp_path, CELERY_BROKER_URL=closed, REDIS_URL=closed)
    assert status == 503
    assert body["status"] == "down"
    assert body["broker"] == "down"
    assert body["database"] == "ok"
    assert body["beat_last_seen"] is None  # the cache lives on the same dead Redis


def test_health_is_503_when_the_database_does_not_answer(tmp_path):
    closed = f"postgres://postgres@127.0.0.1:{free_port()}/seg_runtime"
    status, body = health_in_subprocess(tmp_path, DATABASE_URL=closed)
    assert status == 503
    assert body["status"] == "down"
    assert body["database"] == "down"
