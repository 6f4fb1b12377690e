"""Factories for aid activities; they need the ``reference_data`` fixture (codes, currencies)."""

import datetime
from decimal import Decimal

import factory

from aid_tracking.models import (
    Activity,
    ActivityLocation,
    ActivitySector,
    Budget,
    CodelistItem,
    Currency,
    ExchangeRate,
    ParticipatingOrg,
    PlannedDisbursement,
    Region,
    Sector,
    Transaction,
)
from tests.factories import OrganizationFactory


def code(codelist: str, value: str) -> CodelistItem:
    return CodelistItem.objects.get(codelist=codelist, code=value)


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    reporting_organization = factory.SubFactory(OrganizationFactory)
    iati_identifier = factory.Sequence(lambda n: f"XM-TEST-{n:05d}")
    title_fr = factory.Sequence(lambda n: f"Projet d'appui n° {n}")
    title_en = factory.Sequence(lambda n: f"Support project no. {n}")
    description_fr = "Appui aux communes pour l'accès à l'eau potable."
    description_en = "Support to municipalities for access to drinking water."
    activity_status = factory.LazyFunction(lambda: code("ActivityStatus", "2"))
    planned_start = datetime.date(2024, 1, 1)
    planned_end = datetime.date(2026, 12, 31)
    aid_type = factory.LazyFunction(lambda: code("AidType", "C01"))
    finance_type = factory.LazyFunction(lambda: code("FinanceType", "110"))
    flow_type = factory.LazyFunction(lambda: code("FlowType", "10"))
    default_currency = factory.LazyFunction(lambda: Currency.objects.get(code="EUR"))


class PublishedActivityFactory(ActivityFactory):
    publication_status = Activity.PublicationStatus.PUBLISHED
    published_at = factory.LazyFunction(lambda: datetime.datetime(2025, 1, 15, tzinfo=datetime.UTC))


class ActivitySectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivitySector

    activity = factory.SubFactory(ActivityFactory)
    sector = factory.LazyFunction(lambda: Sector.objects.get(code="14030"))
    code = factory.LazyAttribute(lambda part: part.sector.code)
    percentage = Decimal(100)


class ActivityLocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityLocation

    activity = factory.SubFactory(ActivityFactory)
    region = factory.LazyFunction(lambda: Region.objects.get(code="ML-BKO"))
    percentage = Decimal(100)


class ParticipatingOrgFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParticipatingOrg

    activity = factory.SubFactory(ActivityFactory)
    role = factory.LazyFunction(lambda: code("OrganisationRole", "4"))
    org_type = factory.LazyFunction(lambda: code("OrganisationType", "22"))
    name = "Association malienne pour l'eau"
    is_national = True


class TransactionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Transaction

    activity = factory.SubFactory(ActivityFactory)
    transaction_type = factory.LazyFunction(lambda: code("TransactionType", "3"))
    transaction_date = datetime.date(2025, 3, 10)
    value = Decimal("100000.00")
    currency = factory.LazyFunction(lambda: Currency.objects.get(code="EUR"))
    value_date = factory.LazyAttribute(lambda transaction: transaction.transaction_date)


class PlannedDisbursementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlannedDisbursement

    activity = factory.SubFactory(ActivityFactory)
    disbursement_type = factory.LazyFunction(lambda: code("BudgetType", "1"))
    period_start = datetime.date(2026, 1, 1)
    period_end = datetime.date(2026, 12, 31)
    value = Decimal("250000.00")
    currency = factory.LazyFunction(lambda: Currency.objects.get(code="EUR"))
    value_date = factory.LazyAttribute(lambda plan: plan.period_start)


class BudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Budget

    activity = factory.SubFactory(ActivityFactory)
    budget_type = factory.LazyFunction(lambda: code("BudgetType", "1"))
    status = factory.LazyFunction(lambda: code("BudgetStatus", "2"))
    period_start = datetime.date(2025, 1, 1)
    period_end = datetime.date(2025, 12, 31)
    value = Decimal("300000.00")
    currency = factory.LazyFunction(lambda: Currency.objects.get(code="EUR"))
    value_date = factory.LazyAttribute(lambda budget: budget.period_start)


class ExchangeRateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExchangeRate

    currency = factory.LazyFunction(lambda: Currency.objects.get(code="USD"))
    month = datetime.date(2025, 3, 1)
    rate = Decimal("600.000000")


def complete_activity(organization, *, published: bool = True, **fields) -> Activity:
    """An activity with everything publishing needs: a sector, a region and a transaction."""
    factory = PublishedActivityFactory if published else ActivityFactory
    activity = factory(reporting_organization=organization, **fields)
    ActivitySectorFactory(activity=activity)
    ActivityLocationFactory(activity=activity)
    TransactionFactory(activity=activity)
    return activity
