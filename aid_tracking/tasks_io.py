"""Celery tasks of imports (thin: they take the job's token and call the service)."""

from celery import shared_task

from aid_tracking.imports import run_iati_job


@shared_task(name="aid_tracking.run_iati_import")
def run_iati_import(token: str, dry_run: bool) -> str:
    job = run_iati_job(token, dry_run=dry_run)
    return job["status"] if job else "expired"
