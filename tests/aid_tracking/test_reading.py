"""The activity list's filters and the organisation profile's totals, worked out by hand."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from aid_tracking.models import Activity
from tests.aid_tracking.factories import (
    ActivityLocationFactory,
    ActivitySectorFactory,
    ExchangeRateFactory,
    PublishedActivityFactory,
    TransactionFactory,
)


@pytest.fixture
def water(reference_data, regions, alpha):
    """Alpha, 2024-2026, drinking water in Mopti, CREDD axis 5, project-type, active."""
    activity = PublishedActivityFactory(
        reporting_organization=alpha,
        iati_identifier="XM-ALPHA-WATER",
        title_fr="Forages pastoraux",
        planned_start=datetime.date(2024, 1, 1),
        planned_end=datetime.date(2026, 12, 31),
    )
    ActivitySectorFactory(activity=activity, sector=reference_data.sectors["14030"])
    ActivityLocationFactory(activity=activity, region=regions["ML-5"])
    activity.credd_axes.add(reference_data.credd[5])
    return activity


@pytest.fixture
def budget_support(reference_data, regions, beta):
    """Beta, 2021-2022, general budget support in Bamako, CREDD axis 1, finalised."""
    activity = PublishedActivityFactory(
        reporting_organization=beta,
        iati_identifier="XM-BETA-ABG",
        title_fr="Appui budgétaire général",
        planned_start=datetime.date(2021, 1, 1),
        planned_end=datetime.date(2022, 12, 31),
        aid_type=reference_data.code("AidType", "A01"),
        activity_status=reference_data.code("ActivityStatus", "3"),
    )
    ActivitySectorFactory(activity=activity, sector=reference_data.sectors["51010"])
    ActivityLocationFactory(activity=activity, region=regions["ML-BKO"])
    activity.credd_axes.add(reference_data.credd[1])
    return activity


def listed(client, **params) -> set[str]:
    response = client.get(reverse("aid_tracking:activity_list"), params)
    assert response.status_code == 200
    return {activity.iati_identifier for activity, _amounts in response.context["rows"]}


BOTH = {"XM-ALPHA-WATER", "XM-BETA-ABG"}


@pytest.mark.usefixtures("water", "budget_support")
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, BOTH),
        ({"q": "forages"}, {"XM-ALPHA-WATER"}),
        ({"q": "xm-beta"}, {"XM-BETA-ABG"}),
        ({"sector": "140"}, {"XM-ALPHA-WATER"}),
        ({"year": "2022"}, {"XM-BETA-ABG"}),
        ({"year": "2025"}, {"XM-ALPHA-WATER"}),
        ({"year": "2030"}, set()),
    ],
)
def test_filters_by_text_sector_and_year(client, params, expected):
    assert listed(client, **params) == expected


def test_filters_by_partner_region_status_credd_and_modality(
    client, water, budget_support, alpha, regions, reference_data
):
    assert listed(client, organization=alpha.pk) == {"XM-ALPHA-WATER"}
    assert listed(client, region=regions["ML-BKO"].pk) == {"XM-BETA-ABG"}
    assert listed(client, status=reference_data.code("ActivityStatus", "3").pk) == {"XM-BETA-ABG"}
    assert listed(client, credd=reference_data.credd[5].pk) == {"XM-ALPHA-WATER"}
    assert listed(client, modality=reference_data.code("AidType", "A01").pk) == {"XM-BETA-ABG"}


def test_only_staff_filter_by_publication(client_for, ptf, viewer, water, alpha_draft):
    assert listed(client_for(ptf), publication="draft") == {alpha_draft.iati_identifier}
    # The viewer has no such filter: the parameter is ignored, drafts stay hidden.
    assert listed(client_for(viewer), publication="draft") == {"XM-ALPHA-WATER"}


def test_a_nonsense_filter_value_is_reported_not_a_crash(client, water):
    response = client.get(reverse("aid_tracking:activity_list"), {"region": "999999"})
    assert response.status_code == 200
    assert response.context["filter"].errors


def test_the_list_is_paginated(reference_data, alpha, client):
    for _ in range(27):
        PublishedActivityFactory(reporting_organization=alpha)
    first = client.get(reverse("aid_tracking:activity_list"))
    second = client.get(reverse("aid_tracking:activity_list"), {"page": 2})
    assert len(first.context["rows"]) == 25
    assert len(second.context["rows"]) == 2
    assert Activity.objects.count() == 27


def test_portfolio_totals_by_year_sector_and_region(reference_data, regions, alpha, client):
    activity = PublishedActivityFactory(reporting_organization=alpha)
    ActivitySectorFactory(
        activity=activity, sector=reference_data.sectors["14030"], percentage=Decimal(75)
    )
    ActivitySectorFactory(
        activity=activity, sector=reference_data.sectors["12220"], percentage=Decimal(25)
    )
    ActivityLocationFactory(activity=activity, region=regions["ML-5"], percentage=Decimal(100))
    ExchangeRateFactory(currency_id="USD", month=datetime.date(2025, 3, 1), rate=Decimal(600))
    commitment = reference_data.code("TransactionType", "2")
    # Committed: 1 000 000 EUR in 2024. Disbursed: 100 000 EUR + 60 000 USD in March 2025.
    TransactionFactory(
        activity=activity,
        transaction_type=commitment,
        value=Decimal(1_000_000),
        transaction_date=datetime.date(2024, 6, 1),
    )
    TransactionFactory(activity=activity, value=Decimal(100_000))
    TransactionFactory(activity=activity, value=Decimal(60_000), currency_id="USD")
    client.post(reverse("aid_tracking:set_display_currency"), {"currency": "EUR"})
    portfolio = client.get(reverse("aid_tracking:organization_profile", args=[alpha.pk])).context[
        "portfolio"
    ]
    # 60 000 USD x 600 = 36 000 000 XOF = 54 881.646… EUR; disbursed 154 881.646… EUR.
    assert portfolio.committed.value == Decimal("1000000.00")
    assert portfolio.disbursed.value == Decimal("154881.65")
    by_year = {row.label: (row.committed.value, row.disbursed.value) for row in portfolio.by_year}
    assert by_year == {
        "2024": (Decimal("1000000.00"), Decimal(0)),
        "2025": (Decimal(0), Decimal("154881.65")),
    }
    by_sector = {row.label[:3]: row.disbursed.value for row in portfolio.by_sector}
    # 75 % to water (140), 25 % to health (122): 116 161.23 and 38 720.41 EUR.
    assert by_sector == {"140": Decimal("116161.23"), "122": Decimal("38720.41")}
    (region,) = portfolio.by_region
    assert region.disbursed.value == Decimal("154881.65")


def test_a_missing_rate_is_flagged_not_hidden(reference_data, alpha, client):
    activity = PublishedActivityFactory(reporting_organization=alpha)
    TransactionFactory(activity=activity, value=Decimal(500), currency_id="GBP")
    TransactionFactory(activity=activity, value=Decimal(1000))
    response = client.get(reverse("aid_tracking:activity_list"))
    (row,) = response.context["rows"]
    disbursed = row[1].disbursed
    assert disbursed.value == Decimal("655957.00")
    assert not disbursed.is_complete
    assert "incomplet" in response.content.decode()
