import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seg_portal.settings")

app = Celery("seg_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Where the heartbeat leaves the time of its last run; /health/ reports it as `beat_last_seen`.
HEARTBEAT_CACHE_KEY = "seg_portal:heartbeat"
HEARTBEAT_TASK = "seg_portal.heartbeat"


@app.task(name="seg_portal.ping")
def ping() -> str:
    """Round trip used by /health/ and the process-level test to prove a worker answers."""
    return "pong"


@app.task(name=HEARTBEAT_TASK, ignore_result=True)
def heartbeat() -> str:
    """Scheduled by beat (seeded by a migration): proves beat and a worker both run.

    The time goes into the shared cache, so that every web process can read it without a query.
    """
    from django.core.cache import cache
    from django.utils import timezone

    now = timezone.now().isoformat()
    cache.set(HEARTBEAT_CACHE_KEY, now, timeout=None)
    return now
