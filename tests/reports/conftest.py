import pytest

from seg_portal.celery import app as celery_app
from seg_portal.reports import registry
from tests.reports import kinds


@pytest.fixture(autouse=True)
def report_kinds(settings, request):
    """Register the test kinds (and their templates) for one test, then forget them.

    The engine's tests see only the test kinds; the apps' real kinds are set aside for them and
    put back afterwards. The tests of the real kinds (``test_kind_*.py``) see both.
    """
    saved = dict(registry._KINDS)
    if not request.module.__name__.rsplit(".", 1)[-1].startswith("test_kind_"):
        registry._KINDS.clear()
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], kinds.TEMPLATES_DIR]}
    ]
    settings.PORTAL_BASE_URL = "https://seg.example.org"
    kinds.Switch.broken = True
    for kind in kinds.ALL:
        registry.register(kind)
    yield kinds
    for kind in kinds.ALL:
        registry.unregister(kind.slug)
    registry._KINDS.update(saved)


@pytest.fixture(autouse=True)
def tasks_in_process():
    """Run the report tasks in this process even when a broker is configured.

    These tests are about the engine; the test database is invisible to a separate worker.
    """
    saved = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = saved
