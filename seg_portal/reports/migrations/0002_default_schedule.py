from django.db import migrations


def create_default_schedule(apps, schema_editor):
    from seg_portal.reports.schedules import ensure_default_schedule

    ensure_default_schedule(
        apps.get_model("django_celery_beat", "PeriodicTask"),
        apps.get_model("django_celery_beat", "CrontabSchedule"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    # Never removed on the way back: the secretariat may have edited it.
    operations = [migrations.RunPython(create_default_schedule, migrations.RunPython.noop)]
