"""Seed the daily reminder schedule; get_or_create so that the secretariat's edits survive."""

from django.db import migrations

TASK = "code_of_conduct.tasks.send_deadline_reminders_task"


def seed_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _created = CrontabSchedule.objects.get_or_create(
        minute="0",
        hour="8",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Africa/Bamako",
    )
    PeriodicTask.objects.get_or_create(
        name="Triple C: deadline reminders",
        defaults={"task": TASK, "crontab": crontab},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("code_of_conduct", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(seed_schedule, migrations.RunPython.noop)]
