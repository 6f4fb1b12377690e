import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seg_portal.settings")

app = Celery("seg_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="seg_portal.ping")
def ping() -> str:
    """Round trip used by /health/ and the process-level test to prove a worker answers."""
    return "pong"
