"""Seed the reminder and digest schedules and the first Do-No-Harm questions.

``get_or_create`` only: the secretariat's later edits (times, questions) survive every deploy.
"""

from django.db import migrations

# Data the secretariat edits afterwards, written in the portal's working language.
QUESTIONS = [
    "Les décisions de la réunion peuvent-elles aggraver les tensions entre communautés ou régions ?",
    "Les points de vue des femmes, des jeunes et des communautés affectées ont-ils été pris en compte ?",
    "La diffusion de ce compte rendu peut-elle exposer une personne, un partenaire ou un projet ?",
    "Les décisions évitent-elles de favoriser une partie à un conflit ?",
]


def seed(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    hourly, _ = CrontabSchedule.objects.get_or_create(
        minute="5", hour="*", day_of_week="*", day_of_month="*", month_of_year="*",
        timezone="Africa/Bamako",
    )  # fmt: skip
    monday, _ = CrontabSchedule.objects.get_or_create(
        minute="0", hour="7", day_of_week="1", day_of_month="*", month_of_year="*",
        timezone="Africa/Bamako",
    )  # fmt: skip
    PeriodicTask.objects.get_or_create(
        name="coordination: meeting reminders (48 h before)",
        defaults={"task": "coordination.tasks.queue_meeting_reminders", "crontab": hourly},
    )
    PeriodicTask.objects.get_or_create(
        name="coordination: weekly decisions digest",
        defaults={"task": "coordination.tasks.queue_weekly_digests", "crontab": monday},
    )
    ChecklistQuestion = apps.get_model("coordination", "ChecklistQuestion")
    for position, text in enumerate(QUESTIONS, start=1):
        ChecklistQuestion.objects.get_or_create(text=text, defaults={"position": position})


class Migration(migrations.Migration):
    dependencies = [
        ("coordination", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
