"""What the settings resolve to from the environment, each case in a fresh process."""

import json
import secrets

import pytest

from tests.runtime.conftest import manage, portal_environment

RESOLVE = (
    "import json\n"
    "from django.conf import settings\n"
    "from django.db import connection\n"
    "from seg_portal.celery import app\n"
    "database = settings.DATABASES['default']\n"
    "cache = settings.CACHES['default']\n"
    "journal_mode = None\n"
    "if connection.vendor == 'sqlite':\n"
    "    with connection.cursor() as cursor:\n"
    "        journal_mode = cursor.execute('PRAGMA journal_mode').fetchone()[0]\n"
    "print(json.dumps({\n"
    "    'engine': database['ENGINE'], 'name': str(database['NAME']),\n"
    "    'journal_mode': journal_mode,\n"
    "    'eager': settings.CELERY_TASK_ALWAYS_EAGER, 'app_eager': app.conf.task_always_eager,\n"
    "    'broker': app.conf.broker_url,\n"
    "    'cache': cache['BACKEND'], 'cache_location': cache.get('LOCATION'),\n"
    "    'cache_prefix': cache.get('KEY_PREFIX'),\n"
    "}))\n"
)


def resolve(**variables: str) -> dict:
    completed = manage("shell", "-c", RESOLVE, environment=portal_environment(**variables))
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout.strip().splitlines()[-1])


def production(**variables: str) -> dict[str, str]:
    environment = portal_environment(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="portail.seg.example",
        SECURE_SSL_REDIRECT="1",
        SECURE_HSTS_SECONDS="31536000",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="1",
        SECURE_HSTS_PRELOAD="1",
        SESSION_COOKIE_SECURE="1",
        CSRF_COOKIE_SECURE="1",
    )
    environment.update(variables)
    return environment


def test_without_database_url_the_portal_uses_sqlite_in_wal_mode(tmp_path):
    resolved = resolve(SQLITE_PATH=str(tmp_path / "portal.sqlite3"))
    assert resolved["engine"] == "django.db.backends.sqlite3"
    assert resolved["name"] == str(tmp_path / "portal.sqlite3")
    assert resolved["journal_mode"] == "wal"


def test_database_url_switches_to_postgresql():
    resolved = resolve(DATABASE_URL="postgres://seg:secret@db.example:5432/seg_portal")
    assert resolved["engine"] == "django.db.backends.postgresql"
    assert resolved["name"] == "seg_portal"


def test_without_a_broker_tasks_run_eagerly_with_a_local_memory_cache():
    resolved = resolve()
    assert resolved["eager"] is True
    assert resolved["app_eager"] is True
    assert resolved["cache"] == "django.core.cache.backends.locmem.LocMemCache"


def test_a_redis_broker_means_real_workers_and_a_redis_cache():
    resolved = resolve(CELERY_BROKER_URL="redis://redis.example:6379/0")
    assert resolved["eager"] is False
    assert resolved["app_eager"] is False
    assert resolved["broker"] == "redis://redis.example:6379/0"
    assert resolved["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert resolved["cache_location"] == "redis://redis.example:6379/0"
    assert resolved["cache_prefix"] == "seg"


def test_redis_url_keeps_the_cache_apart_from_the_broker():
    resolved = resolve(
        CELERY_BROKER_URL="redis://redis.example:6379/0", REDIS_URL="redis://redis.example:6379/1"
    )
    assert resolved["cache_location"] == "redis://redis.example:6379/1"


def test_each_xdist_worker_gets_its_own_cache_prefix_unless_one_is_set():
    broker = "redis://redis.example:6379/0"
    assert resolve(CELERY_BROKER_URL=broker, PYTEST_XDIST_WORKER="gw1")["cache_prefix"] == "seggw1"
    explicit = resolve(CELERY_BROKER_URL=broker, PYTEST_XDIST_WORKER="gw1", CACHE_KEY_PREFIX="ci")
    assert explicit["cache_prefix"] == "ci"


def test_production_settings_pass_the_deployment_checklist():
    completed = manage("check", "--deploy", "--fail-level", "WARNING", environment=production())
    assert completed.returncode == 0, completed.stderr
    assert "no issues" in completed.stdout


@pytest.mark.parametrize(
    ("variable", "value", "check"),
    [
        ("SECURE_HSTS_SECONDS", "0", "security.W004"),
        ("SECURE_SSL_REDIRECT", "0", "security.W008"),
        ("SESSION_COOKIE_SECURE", "0", "security.W012"),
        ("CSRF_COOKIE_SECURE", "0", "security.W016"),
    ],
)
def test_deployment_checklist_fails_when_https_hardening_is_off(variable, value, check):
    environment = production()
    environment[variable] = value
    completed = manage("check", "--deploy", "--fail-level", "WARNING", environment=environment)
    assert completed.returncode != 0
    assert check in completed.stderr


def test_settings_refuse_to_start_without_debug_and_without_a_secret_key():
    environment = production()
    del environment["SECRET_KEY"]
    completed = manage("check", environment=environment)
    assert completed.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off." in completed.stderr


def test_settings_refuse_an_empty_secret_key_without_debug():
    completed = manage("check", environment=production(SECRET_KEY=""))
    assert completed.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off." in completed.stderr
