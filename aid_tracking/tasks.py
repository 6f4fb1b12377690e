"""Celery tasks of aid tracking (Celery discovers this module)."""

from aid_tracking.tasks_io import run_iati_import

__all__ = ["run_iati_import"]
