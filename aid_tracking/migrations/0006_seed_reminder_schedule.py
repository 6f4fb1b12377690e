"""Seed the daily beat schedule of the quarterly reporting reminders.

``get_or_create`` by name, never an update: the secretariat may change or disable the schedule
in the admin and a deploy leaves it as they set it.
"""

from django.db import migrations

TASK_NAME = "Aid tracking: quarterly reporting reminders"
TASK = "aid_tracking.tasks.send_reporting_reminders_task"


def seed_reminder_schedule(apps, schema_editor) -> None:
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
        name=TASK_NAME, defaults={"task": TASK, "crontab": crontab, "enabled": True}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("aid_tracking", "0005_reporting_reminder"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(seed_reminder_schedule, migrations.RunPython.noop)]
