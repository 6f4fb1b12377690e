"""The heartbeat's beat schedule, seeded once by a migration and never overwritten."""

import importlib

import pytest
from django.apps import apps
from django_celery_beat.models import IntervalSchedule, PeriodicTask

pytestmark = pytest.mark.django_db

seed_migration = importlib.import_module("seg_portal.migrations.0001_heartbeat_schedule")


def seed() -> None:
    seed_migration.seed_heartbeat_schedule(apps, None)


def test_migration_schedules_the_heartbeat_every_five_minutes():
    seed()
    task = PeriodicTask.objects.get(task="seg_portal.heartbeat")
    assert task.enabled
    assert (task.interval.every, task.interval.period) == (300, IntervalSchedule.SECONDS)
    assert task.crontab is None


def test_seeding_twice_keeps_one_heartbeat():
    seed()
    seed()
    assert PeriodicTask.objects.filter(task="seg_portal.heartbeat").count() == 1
    assert IntervalSchedule.objects.filter(every=300).count() == 1


def test_seeding_again_keeps_the_secretariats_edits():
    seed()
    task = PeriodicTask.objects.get(task="seg_portal.heartbeat")
    task.interval = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.HOURS)
    task.enabled = False
    task.save()
    seed()
    task.refresh_from_db()
    assert (task.interval.every, task.interval.period) == (1, IntervalSchedule.HOURS)
    assert not task.enabled
