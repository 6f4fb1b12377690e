"""Factories of the dashboard, indicator and data-quality tests, on top of the aid factories."""

import datetime
from decimal import Decimal

from aid_tracking.models import Activity, CreddAxis, Currency
from tests.aid_tracking.factories import (
    ActivityLocationFactory,
    ActivitySectorFactory,
    ParticipatingOrgFactory,
    PlannedDisbursementFactory,
    PublishedActivityFactory,
    TransactionFactory,
    code,
)


def currency(iso: str) -> Currency:
    return Currency.objects.get(code=iso)


def disburse(activity, value, iso: str = "EUR", *, on=datetime.date(2025, 3, 10), kind="3"):
    """A transaction of IATI type ``kind`` (3 disbursement, 4 expenditure, 2 commitment)."""
    return TransactionFactory(
        activity=activity,
        transaction_type=code("TransactionType", kind),
        transaction_date=on,
        value_date=on,
        value=Decimal(value),
        currency=currency(iso),
    )


def plan(activity, year: int, value, iso: str = "EUR"):
    """A forward plan for the whole calendar year."""
    return PlannedDisbursementFactory(
        activity=activity,
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 12, 31),
        value_date=datetime.date(year, 1, 1),
        value=Decimal(value),
        currency=currency(iso),
    )


def implementer(activity, *, national: bool, name: str = "Partenaire de mise en œuvre"):
    return ParticipatingOrgFactory(
        activity=activity, role=code("OrganisationRole", "4"), is_national=national, name=name
    )


def complete_activity(organization, *, status=Activity.PublicationStatus.PUBLISHED, **fields):
    """A published activity with a sector, a region and a CREDD axis (what the dashboard groups)."""
    activity = PublishedActivityFactory(
        reporting_organization=organization, publication_status=status, **fields
    )
    ActivitySectorFactory(activity=activity)
    ActivityLocationFactory(activity=activity)
    activity.credd_axes.add(CreddAxis.objects.get(number=5))
    return activity
