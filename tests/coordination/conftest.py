import pytest
import time_machine

from coordination.models import Body
from seg_portal.celery import app as celery_app

from .factories import BodyFactory


@pytest.fixture(autouse=True)
def _frozen_time():
    # A Wednesday in Bamako, mid-morning: tests speak of "in 7 days", "overdue" from here.
    with time_machine.travel("2026-03-11 10:00:00+00:00", tick=False):
        yield


@pytest.fixture(autouse=True)
def _tasks_in_process():
    """Run the e-mail tasks in this process even when a broker is configured: the test database
    is invisible to a separate worker, and the tests read the e-mails from ``mailoutbox``."""
    saved = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = saved


@pytest.fixture
def group(alpha, beta, lead, government):
    """A thematic group Alpha leads (``lead``); Beta is no member; the Government is counterpart."""
    return BodyFactory(
        name="GT Genre",
        members=[alpha],
        leads=[lead],
        lead_organization=alpha,
        government_counterpart=government,
    )


@pytest.fixture
def other_group(beta):
    """A group Alpha does not belong to, led by nobody of Alpha."""
    return BodyFactory(name="GT Décentralisation", members=[beta], lead_organization=beta)


@pytest.fixture
def confidential(alpha):
    """The Groupe des Ambassadeurs: Alpha is a member, Beta is not."""
    return BodyFactory(
        name="Groupe des Ambassadeurs", kind=Body.Kind.AMBASSADORS, is_confidential=True,
        members=[alpha],
    )  # fmt: skip
