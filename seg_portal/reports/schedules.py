"""The default beat schedule of report generation, created when missing and never overwritten.

The secretariat edits it in the admin (django-celery-beat's DatabaseScheduler reads it there); a
deploy only creates what is missing, so those edits survive.
"""

GENERATE_DUE_REPORTS = "seg_portal.reports.generate_due_reports"
SCHEDULE_NAME = "Generate due reports"


def ensure_default_schedule(periodic_task_model, crontab_model) -> tuple[object, bool]:
    """Create the daily 06:00 (Bamako) schedule unless a task of that name already exists.

    Takes the models so that the data migration can pass its historical ones.
    """
    existing = periodic_task_model.objects.filter(name=SCHEDULE_NAME).first()
    if existing is not None:
        return existing, False
    crontab, _created = crontab_model.objects.get_or_create(
        minute="0",
        hour="6",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Africa/Bamako",
    )
    return periodic_task_model.objects.get_or_create(
        name=SCHEDULE_NAME,
        defaults={
            "task": GENERATE_DUE_REPORTS,
            "crontab": crontab,
            "description": "Requests the latest complete period of every periodic report kind, "
            "in French and English. Idempotent: a report already made is left alone.",
        },
    )
