"""Seed the beat schedule of the heartbeat task (once; an edited schedule is never overwritten)."""

from django.db import migrations

HEARTBEAT_NAME = "Heartbeat (beat and worker alive)"
HEARTBEAT_TASK = "seg_portal.heartbeat"
HEARTBEAT_EVERY_SECONDS = 300


def seed_heartbeat_schedule(apps, schema_editor) -> None:
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_five_minutes, _created = IntervalSchedule.objects.get_or_create(
        every=HEARTBEAT_EVERY_SECONDS, period="seconds"
    )
    PeriodicTask.objects.get_or_create(
        name=HEARTBEAT_NAME,
        defaults={
            "task": HEARTBEAT_TASK,
            "interval": every_five_minutes,
            "description": "Records when beat last ran a task; shown by /health/ as beat_last_seen.",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("django_celery_beat", "0019_alter_periodictasks_options")]

    operations = [migrations.RunPython(seed_heartbeat_schedule, migrations.RunPython.noop)]
