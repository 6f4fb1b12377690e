import pytest

from seg_portal.reports import registry
from tests.reports import kinds


@pytest.fixture(autouse=True)
def report_kinds(settings):
    """Register the test kinds (and their templates) for one test, then forget them."""
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
