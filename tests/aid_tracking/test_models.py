"""The invariants the database itself enforces (STYLE.md §10)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from aid_tracking.models import Activity
from tests.aid_tracking.factories import (
    ActivityFactory,
    ActivityLocationFactory,
    ActivitySectorFactory,
    BudgetFactory,
    ExchangeRateFactory,
    ParticipatingOrgFactory,
    PlannedDisbursementFactory,
    TransactionFactory,
)


def refused(factory, **kwargs) -> bool:
    try:
        with transaction.atomic():
            factory(**kwargs)
    except IntegrityError:
        return True
    return False


@pytest.fixture
def activity(reference_data, alpha):
    return ActivityFactory(reporting_organization=alpha, iati_identifier="XM-ALPHA-1")


def test_iati_identifier_is_unique(activity):
    assert refused(ActivityFactory, iati_identifier="XM-ALPHA-1")


@pytest.mark.parametrize("percentage", [Decimal(0), Decimal("-5"), Decimal("100.01")])
def test_sector_and_region_percentages_must_be_in_0_100(activity, percentage):
    assert refused(ActivitySectorFactory, activity=activity, percentage=percentage)
    assert refused(ActivityLocationFactory, activity=activity, percentage=percentage)


def test_percentages_of_one_hundred_and_a_fraction_are_accepted(activity):
    ActivitySectorFactory(activity=activity, percentage=Decimal(100))
    ActivityLocationFactory(activity=activity, percentage=Decimal("0.5"))
    assert activity.sectors.count() == activity.locations.count() == 1


def test_a_sector_or_region_appears_once_per_activity(activity):
    ActivitySectorFactory(activity=activity, percentage=Decimal(50))
    ActivityLocationFactory(activity=activity, percentage=Decimal(50))
    assert refused(ActivitySectorFactory, activity=activity, percentage=Decimal(50))
    assert refused(ActivityLocationFactory, activity=activity, percentage=Decimal(50))


def test_a_dac_sector_needs_a_known_code_but_other_vocabularies_keep_theirs(activity):
    assert refused(ActivitySectorFactory, activity=activity, sector=None, code="99999")
    other = ActivitySectorFactory(
        activity=activity, vocabulary="2", sector=None, code="111", narrative="Education"
    )
    assert other.code == "111"


def test_activity_end_dates_cannot_precede_start_dates(reference_data, alpha):
    start = datetime.date(2025, 6, 1)
    before = datetime.date(2025, 5, 31)
    assert refused(ActivityFactory, planned_start=start, planned_end=before)
    assert refused(ActivityFactory, actual_start=start, actual_end=before)
    same_day = ActivityFactory(planned_start=start, planned_end=start, actual_start=start)
    assert same_day.actual_end is None


def test_periods_of_plans_and_budgets_are_in_order(activity):
    start, before = datetime.date(2026, 1, 1), datetime.date(2025, 12, 31)
    assert refused(
        PlannedDisbursementFactory, activity=activity, period_start=start, period_end=before
    )
    assert refused(BudgetFactory, activity=activity, period_start=start, period_end=before)


def test_amounts_need_a_value_date(activity):
    assert refused(TransactionFactory, activity=activity, value_date=None)
    assert refused(PlannedDisbursementFactory, activity=activity, value_date=None)
    assert refused(BudgetFactory, activity=activity, value_date=None)


def test_transactions_may_be_negative_as_iati_allows_reimbursements(activity):
    refund = TransactionFactory(activity=activity, value=Decimal("-1500.00"))
    assert refund.value == Decimal("-1500.00")


def test_country_system_shares_are_between_0_and_100(reference_data):
    assert refused(ActivityFactory, audit_share=Decimal("100.5"))
    assert refused(ActivityFactory, procurement_share=Decimal("-1"))
    assert ActivityFactory(audit_share=Decimal(0), procurement_share=Decimal(100)).pk


def test_unknown_currency_codes_are_refused(activity):
    # Foreign keys are checked at commit; check them now, as the commit would.
    with transaction.atomic():
        TransactionFactory(activity=activity, currency_id="XXQ")
        with pytest.raises(IntegrityError):
            connection.check_constraints()
        transaction.set_rollback(True)


def test_one_exchange_rate_per_currency_and_month(reference_data):
    ExchangeRateFactory(month=datetime.date(2025, 3, 1))
    assert refused(ExchangeRateFactory, month=datetime.date(2025, 3, 1))
    assert ExchangeRateFactory(month=datetime.date(2025, 4, 1)).pk


def test_exchange_rates_are_positive_monthly_and_never_for_the_pegged_currencies(
    reference_data,
):
    assert refused(ExchangeRateFactory, rate=Decimal(0))
    assert refused(ExchangeRateFactory, month=datetime.date(2025, 3, 15))
    assert refused(ExchangeRateFactory, currency_id="EUR")
    assert refused(ExchangeRateFactory, currency_id="XOF")


def test_a_participant_must_be_identified(activity):
    assert refused(ParticipatingOrgFactory, activity=activity, name="", ref="", organization=None)
    assert ParticipatingOrgFactory(activity=activity, name="", ref="ML-NGO-12").pk


def test_a_codelist_field_refuses_a_code_of_another_codelist(activity, reference_data):
    activity.activity_status = reference_data.code("TransactionType", "3")
    with pytest.raises(ValidationError) as error:
        activity.clean()
    assert "activity_status" in error.value.message_dict


def test_changes_to_an_activity_and_its_parts_are_recorded(activity):
    activity.title_fr = "Nouveau titre"
    activity.save()
    TransactionFactory(activity=activity)
    assert activity.history.count() == 2
    assert activity.history.first().title_fr == "Nouveau titre"
    assert activity.transactions.first().history.count() == 1


def test_title_follows_the_active_language(activity, settings):
    from django.utils import translation

    with translation.override("en"):
        assert activity.title == activity.title_en
    with translation.override("fr"):
        assert activity.title == activity.title_fr
    activity.title_en = ""
    with translation.override("en"):
        assert activity.title == activity.title_fr


def test_new_activities_are_drafts_and_public_once_published(activity):
    assert activity.publication_status == Activity.PublicationStatus.DRAFT
    assert activity.visibility == "public"
