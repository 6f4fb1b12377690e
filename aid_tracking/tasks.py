from celery import shared_task
from django.utils import timezone

from aid_tracking import reminders


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def send_reporting_reminders_task() -> int:
    """Daily (beat): remind PTF staff of the coming quarterly reporting deadline, once each."""
    return reminders.send_reporting_reminders(today=timezone.localdate())
