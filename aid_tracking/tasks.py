"""Celery tasks of aid tracking (Celery discovers this module)."""

from celery import shared_task
from django.utils import timezone

from aid_tracking import reminders
from aid_tracking.tasks_io import run_iati_import

__all__ = ["run_iati_import", "send_reporting_reminders_task"]


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def send_reporting_reminders_task() -> int:
    """Daily (beat): remind PTF staff of the coming quarterly reporting deadline, once each."""
    return reminders.send_reporting_reminders(today=timezone.localdate())
