"""A real Celery worker that knows only the engine's test kind (the axes' kinds are set aside, so
that the due reports it renders are the engine test's alone).

Started by test_processes.py as ``python -m tests.reports.worker_with_test_kinds``.
"""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seg_portal.settings")
django.setup()

from django.conf import settings  # noqa: E402

from seg_portal.celery import app  # noqa: E402
from seg_portal.reports import registry  # noqa: E402
from tests.reports import kinds  # noqa: E402

# Before the first template is loaded, so that the engine is built with this directory.
settings.TEMPLATES[0]["DIRS"] = [*settings.TEMPLATES[0]["DIRS"], kinds.TEMPLATES_DIR]
for kind in registry.all_kinds():
    registry.unregister(kind.slug)
registry.register(kinds.DIRECTORY)

if __name__ == "__main__":
    app.worker_main(["worker", "--pool=solo", "--concurrency=1", "--loglevel=INFO"])
