import pytest
import time_machine

from coordination.models import Body

from .factories import BodyFactory


@pytest.fixture(autouse=True)
def _frozen_time():
    # A Wednesday in Bamako, mid-morning: tests speak of "in 7 days", "overdue" from here.
    with time_machine.travel("2026-03-11 10:00:00+00:00", tick=False):
        yield


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
