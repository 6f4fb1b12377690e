"""Fixtures of the aid-tracking tests: the reference data the migrations load, and activities."""

import pytest

from aid_tracking.models import CodelistItem, CreddAxis, Currency, Sector
from aid_tracking.reference.codelists import load_reference_data


class Reference:
    """Handy access to the reference rows: ``ref.code("TransactionType", "3")``."""

    def __init__(self) -> None:
        self._items = {(item.codelist, item.code): item for item in CodelistItem.objects.all()}
        self.sectors = {sector.code: sector for sector in Sector.objects.all()}
        self.currencies = {currency.code: currency for currency in Currency.objects.all()}
        self.credd = {axis.number: axis for axis in CreddAxis.objects.all()}

    def code(self, codelist: str, code: str) -> CodelistItem:
        return self._items[(codelist, code)]


@pytest.fixture
def reference_data(db, regions) -> Reference:
    """The IATI codelists, sectors, currencies, CREDD axes and regions (tests run without the
    migrations that load them)."""
    load_reference_data()
    return Reference()


@pytest.fixture
def alpha_draft(reference_data, alpha):
    """A complete draft of Alpha (the PTF of ``ptf``): ready to publish, not yet published."""
    from tests.aid_tracking.factories import complete_activity

    return complete_activity(alpha, published=False, iati_identifier="XM-ALPHA-DRAFT")


@pytest.fixture
def alpha_published(reference_data, alpha):
    """A published, public activity of Alpha."""
    from tests.aid_tracking.factories import complete_activity

    return complete_activity(alpha, iati_identifier="XM-ALPHA-PUBLISHED")


@pytest.fixture
def beta_draft(reference_data, beta):
    from tests.aid_tracking.factories import complete_activity

    return complete_activity(beta, published=False, iati_identifier="XM-BETA-DRAFT")
