"""Thin Celery tasks: they take ids and call a service; each is safe to run twice."""

from celery import shared_task

from seg_portal.reports import services


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def render_report_task(report_id: int) -> None:
    services.render_report(report_id=report_id)


@shared_task(name="seg_portal.reports.generate_due_reports")
def generate_due_reports_task() -> list[int]:
    return [report.pk for report in services.generate_due_reports()]


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def notify_subscribers_task(report_id: int) -> int:
    return services.notify_subscribers(report_id=report_id)
