from celery import shared_task

from code_of_conduct import services


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def send_deadline_reminders_task() -> int:
    """Daily: remind PTF whose assessment is still open 14, 7 and 1 days before the deadline."""
    return services.send_deadline_reminders()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def notify_assessment_returned_task(assessment_id: int) -> int:
    return services.notify_assessment_returned(assessment_id=assessment_id)
