"""docker-compose.yml, the Dockerfile and .env.example: what a deployment relies on.

Docker does not run in CI, so these read the files; tests/runtime/test_processes.py runs the same
commands as real processes.
"""

import copy
import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
VENDORED_SCHEMA = Path(__file__).with_name("compose-spec.json")
# CI has a copy of the shared folder beside the clone; a worktree has it two levels up.
SHARED_SCHEMAS = [
    folder / "shared" / "data" / "compose" / "compose-spec.json"
    for folder in (REPO.parent, REPO.parent.parent)
]


def load_compose() -> dict:
    return yaml.safe_load((REPO / "docker-compose.yml").read_text())


def compose_errors(document: dict) -> list[str]:
    schema = json.loads(VENDORED_SCHEMA.read_text())
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    return [f"{error.json_path}: {error.message}" for error in validator.iter_errors(document)]


def env_example() -> dict[str, str]:
    values = {}
    for line in (REPO / ".env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


def test_vendored_compose_schema_is_the_shared_one():
    shared = next((path for path in SHARED_SCHEMAS if path.exists()), None)
    if shared is None:
        pytest.skip("no shared copy of the compose specification beside the repository")
    assert VENDORED_SCHEMA.read_bytes() == shared.read_bytes()


def test_vendored_compose_schema_keeps_its_licence():
    assert "Apache License" in VENDORED_SCHEMA.with_name("LICENSE").read_text()


def test_compose_file_validates_against_the_compose_specification():
    assert compose_errors(load_compose()) == []


@pytest.mark.parametrize(
    "break_it",
    [
        pytest.param(lambda doc: doc["services"]["web"].update(restart_policy="always"), id="key"),
        pytest.param(lambda doc: doc["services"]["db"].update(ports="5432"), id="type"),
        pytest.param(lambda doc: doc.update(volume={"media": None}), id="top-level"),
    ],
)
def test_schema_check_catches_a_broken_compose_file(break_it):
    document = copy.deepcopy(load_compose())
    break_it(document)
    assert compose_errors(document) != []


def test_compose_runs_web_worker_beat_database_and_broker():
    services = load_compose()["services"]
    assert {"web", "worker", "beat", "db", "redis"} <= set(services)
    assert services["db"]["image"] == "postgres:15"
    assert services["redis"]["image"] == "redis:7"
    assert services["web"]["command"][:2] == ["gunicorn", "seg_portal.wsgi:application"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "seg_portal", "worker"]
    beat = services["beat"]["command"]
    assert beat[:4] == ["celery", "-A", "seg_portal", "beat"]
    assert "--scheduler=django_celery_beat.schedulers:DatabaseScheduler" in beat


def test_migrations_run_once_before_web_worker_and_beat_start():
    services = load_compose()["services"]
    assert services["migrate"]["command"] == ["python", "manage.py", "migrate", "--no-input"]
    assert services["migrate"]["restart"] == "no"
    for name in ("web", "worker", "beat"):
        depends_on = services[name]["depends_on"]
        assert depends_on["migrate"] == {"condition": "service_completed_successfully"}
        assert depends_on["db"] == {"condition": "service_healthy"}
        assert depends_on["redis"] == {"condition": "service_healthy"}


def test_every_long_running_service_has_a_healthcheck():
    services = load_compose()["services"]
    for name in ("web", "worker", "beat", "db", "redis"):
        assert services[name]["healthcheck"]["test"], name
    assert "http://127.0.0.1:8000/health/" in services["web"]["healthcheck"]["test"]


def test_database_media_and_broker_data_live_in_named_volumes():
    document = load_compose()
    assert {"postgres-data", "media", "redis-data"} <= set(document["volumes"])
    services = document["services"]
    assert "postgres-data:/var/lib/postgresql/data" in services["db"]["volumes"]
    for name in ("web", "worker", "beat"):
        assert "media:/app/media" in services[name]["volumes"]


def test_portal_services_take_settings_from_the_env_file_in_production_mode():
    services = load_compose()["services"]
    for name in ("migrate", "web", "worker", "beat"):
        assert services[name]["env_file"] == ".env"
        environment = services[name]["environment"]
        assert environment["DEBUG"] == "0"
        assert environment["DATABASE_URL"].startswith("postgres://")
        assert "@db:5432/" in environment["DATABASE_URL"]
        assert environment["CELERY_BROKER_URL"].startswith("redis://redis:6379/")


def test_env_example_names_every_variable_compose_needs_and_holds_no_secret():
    compose_text = (REPO / "docker-compose.yml").read_text()
    interpolated = set(re.findall(r"\$\{([A-Z_]+)", compose_text))
    example = env_example()
    assert interpolated <= set(example)
    assert example["SECRET_KEY"] == ""
    assert example["POSTGRES_PASSWORD"] == ""


def test_readme_documents_every_variable_of_the_env_example():
    readme = (REPO / "README.md").read_text()
    missing = [name for name in env_example() if f"`{name}`" not in readme]
    assert missing == []


def test_env_file_is_neither_committed_nor_copied_into_the_image():
    assert ".env" in (REPO / ".gitignore").read_text().split()
    assert ".env" in (REPO / ".dockerignore").read_text().split()


def test_image_is_slim_python_runs_as_non_root_and_serves_with_gunicorn():
    dockerfile = (REPO / "Dockerfile").read_text()
    assert dockerfile.startswith("#")
    assert "FROM python:3.11-slim-bookworm\n" in dockerfile
    users = re.findall(r"^USER (\S+)$", dockerfile, flags=re.MULTILINE)
    assert users
    assert users[-1] not in {"root", "0"}
    assert 'CMD ["gunicorn", "seg_portal.wsgi:application"' in dockerfile


def test_image_builds_translations_static_files_and_weasyprint_libraries():
    dockerfile = (REPO / "Dockerfile").read_text()
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "fonts-dejavu-core", "gettext"):
        assert package in dockerfile
    assert "pip install -r requirements.txt" in dockerfile
    assert "manage.py compilemessages" in dockerfile
    assert re.search(r"DEBUG=0 SECRET_KEY=\S+\s+\\?\s*python manage.py collectstatic", dockerfile)
