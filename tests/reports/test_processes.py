"""On PostgreSQL + Redis with real processes: beat triggers a due report, a worker renders it."""

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from seg_portal.reports.models import Report
from seg_portal.reports.schedules import ensure_default_schedule

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.processes,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql" or not settings.CELERY_BROKER_URL,
        reason="needs PostgreSQL and a Redis broker",
    ),
]


def start(command: list[str], environment: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 (our own interpreter and modules)
        command, cwd=ROOT, env=environment, stdout=log.open("w"), stderr=subprocess.STDOUT
    )


def test_beat_triggers_the_due_reports_and_a_worker_renders_them(tmp_path):
    from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

    from seg_portal.celery import app

    app.control.purge()  # messages left by earlier runs on this broker database
    task, _created = ensure_default_schedule(PeriodicTask, CrontabSchedule)
    # The secretariat makes it run every 2 seconds in the admin (instead of waiting for 06:00).
    task.crontab = None
    task.interval = IntervalSchedule.objects.create(every=2, period=IntervalSchedule.SECONDS)
    task.save()

    database = connection.settings_dict
    environment = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST']}:"
            f"{database['PORT']}/{database['NAME']}"
        ),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "DJANGO_SETTINGS_MODULE": "seg_portal.settings",
    }
    worker = start(
        [sys.executable, "-m", "tests.reports.worker_with_test_kinds"],
        environment,
        tmp_path / "worker.log",
    )
    beat = start(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "seg_portal",
            "beat",
            "--scheduler=django_celery_beat.schedulers:DatabaseScheduler",
            "--loglevel=INFO",
            f"--pidfile={tmp_path / 'beat.pid'}",
        ],
        environment,
        tmp_path / "beat.log",
    )
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            done = Report.objects.filter(status=Report.Status.READY).count()
            if done == 2 or worker.poll() is not None or beat.poll() is not None:
                break
            time.sleep(0.5)
    finally:
        for process in (beat, worker):
            process.terminate()
        for process in (beat, worker):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    logs = "\n".join(
        f"--- {name}\n{(tmp_path / name).read_text()[-3000:]}"
        for name in ("beat.log", "worker.log")
    )
    reports = list(Report.objects.order_by("language"))
    assert [(r.kind, r.language, r.status) for r in reports] == [
        ("test_directory", "en", "ready"),
        ("test_directory", "fr", "ready"),
    ], logs
    for report in reports:
        content = Path(report.file.path).read_bytes()
        assert content.startswith(b"%PDF-")
        assert hashlib.sha256(content).hexdigest() == report.sha256
