from decimal import Decimal

import pytest

from code_of_conduct import computed
from tests.code_of_conduct.factories import make_assessment, make_campaign, make_framework


@pytest.fixture(autouse=True)
def _test_ratio_source():
    """A computed source registered for the tests: 3 of 4 records counted for every PTF."""

    def ratio(organization, period):
        return computed.ComputedValue(
            value=computed.ratio(3, 4),
            provenance=[f"3 of 4 test records of {organization.acronym} in {period.year}"],
        )

    computed.register("test.ratio", "Test ratio", ratio)
    yield
    computed.unregister("test.ratio")


@pytest.fixture
def framework(db):
    return make_framework()


@pytest.fixture
def campaign(framework):
    return make_campaign(framework)


@pytest.fixture
def assessment(campaign, alpha):
    return make_assessment(campaign, alpha)


@pytest.fixture
def beta_assessment(campaign, beta):
    return make_assessment(campaign, beta)


THREE_QUARTERS = Decimal("0.7500")
