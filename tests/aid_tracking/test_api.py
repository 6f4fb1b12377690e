"""The open-data JSON API: published public data only, filters, pagination, bounded queries."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from aid_tracking.models import Region
from seg_portal.accounts.roles import Visibility
from tests.aid_tracking.factories import (
    ActivityFactory,
    ActivityLocationFactory,
    ActivitySectorFactory,
    ParticipatingOrgFactory,
    PlannedDisbursementFactory,
    PublishedActivityFactory,
    TransactionFactory,
)
from tests.aid_tracking.io_factories import in_english  # noqa: F401 - fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

LIST = reverse("aid_tracking:api_activities")
TRANSACTIONS = reverse("aid_tracking:api_transactions")


@pytest.fixture
def data(reference_data, alpha, beta):
    water = PublishedActivityFactory(
        reporting_organization=alpha,
        iati_identifier="XM-ALPHA-WATER",
        planned_start=datetime.date(2024, 1, 1),
        planned_end=datetime.date(2024, 12, 31),
    )
    ActivitySectorFactory(activity=water)  # 14030, category 140
    ActivityLocationFactory(activity=water, region=Region.objects.get(code="ML-1"))
    ParticipatingOrgFactory(activity=water)
    TransactionFactory(
        activity=water, value=Decimal("1000.50"), transaction_date=datetime.date(2024, 5, 1)
    )
    PlannedDisbursementFactory(activity=water)
    health = PublishedActivityFactory(
        reporting_organization=beta,
        iati_identifier="XM-BETA-HEALTH",
        planned_start=datetime.date(2025, 1, 1),
        planned_end=datetime.date(2026, 12, 31),
    )
    ActivitySectorFactory(activity=health, sector=reference_data.sectors["12220"])
    ActivityLocationFactory(activity=health)
    TransactionFactory(activity=health, transaction_date=datetime.date(2025, 3, 1))
    draft = ActivityFactory(reporting_organization=alpha, iati_identifier="XM-ALPHA-DRAFT")
    TransactionFactory(activity=draft)
    internal = PublishedActivityFactory(
        reporting_organization=alpha, iati_identifier="XM-ALPHA-INT", visibility=Visibility.INTERNAL
    )
    TransactionFactory(activity=internal)
    return water


def identifiers(response) -> list[str]:
    return sorted(item["iati_identifier"] for item in response.json()["results"])


@pytest.mark.parametrize("who", [None, "secretariat", "ptf", "other_ptf", "viewer"])
def test_api_shows_published_public_activities_only_whoever_asks(request, client_for, data, who):
    client = client_for(request.getfixturevalue(who) if who else None)

    response = client.get(LIST)

    assert response.status_code == 200
    assert identifiers(response) == ["XM-ALPHA-WATER", "XM-BETA-HEALTH"]
    transactions = client.get(TRANSACTIONS).json()
    assert transactions["count"] == 2
    assert {item["activity"] for item in transactions["results"]} == {
        "XM-ALPHA-WATER",
        "XM-BETA-HEALTH",
    }


@pytest.mark.parametrize("identifier", ["XM-ALPHA-DRAFT", "XM-ALPHA-INT", "XM-NOPE"])
def test_drafts_and_restricted_activities_are_not_found(client_for, data, ptf, identifier):
    response = client_for(ptf).get(reverse("aid_tracking:api_activity", args=[identifier]))

    assert response.status_code == 404
    assert response.json() == {"error": "Not found."}


def test_activity_detail_has_its_parts(client, data):
    response = client.get(reverse("aid_tracking:api_activity", args=["XM-ALPHA-WATER"]))

    body = response.json()
    assert body["reporting_organization"]["iati_identifier"] == "XM-ALPHA"
    assert body["transactions"][0]["amount"] == {"value": "1000.50", "currency": "EUR"}
    assert body["planned_disbursements"][0]["period_start"] == "2026-01-01"
    assert body["regions"][0]["code"] == "ML-1"
    assert body["sectors"][0]["code"] == "14030"
    assert body["participating_organizations"][0]["is_national"] is True


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"organization": "XM-BETA"}, ["XM-BETA-HEALTH"]),
        ({"organization": "alpha"}, ["XM-ALPHA-WATER"]),
        ({"sector": "14030"}, ["XM-ALPHA-WATER"]),
        ({"sector": "122"}, ["XM-BETA-HEALTH"]),
        ({"region": "ml-bko"}, ["XM-BETA-HEALTH"]),
        ({"year": "2024"}, ["XM-ALPHA-WATER"]),
        ({"year": "2026"}, ["XM-BETA-HEALTH"]),
    ],
)
def test_activity_filters(client, data, query, expected):
    assert identifiers(client.get(LIST, query)) == expected


def test_transaction_filters(client, data):
    by_year = client.get(TRANSACTIONS, {"year": "2025"}).json()
    by_activity = client.get(TRANSACTIONS, {"activity": "XM-ALPHA-WATER"}).json()
    by_type = client.get(TRANSACTIONS, {"type": "2"}).json()

    assert [item["activity"] for item in by_year["results"]] == ["XM-BETA-HEALTH"]
    assert [item["activity"] for item in by_activity["results"]] == ["XM-ALPHA-WATER"]
    assert by_type["count"] == 0


def test_pagination(client, data):
    first = client.get(LIST, {"page_size": 1}).json()
    second = client.get(first["next"]).json()

    assert first["count"] == 2
    assert first["pages"] == 2
    assert first["previous"] is None
    assert second["next"] is None
    assert len(first["results"]) == len(second["results"]) == 1
    assert first["results"][0]["iati_identifier"] != second["results"][0]["iati_identifier"]


@pytest.mark.parametrize(
    "query",
    [{"page": "x"}, {"page": "0"}, {"page_size": "1000"}, {"year": "abc"}, {"year": "99999"}],
)
def test_bad_parameters_are_a_400_with_a_message(client, data, query):
    response = client.get(LIST, query)

    assert response.status_code == 400
    assert response.json()["error"]


def test_api_is_read_only(client, data):
    assert client.post(LIST).status_code == 405
    assert (
        client.delete(reverse("aid_tracking:api_activity", args=["XM-ALPHA-WATER"])).status_code
        == 405
    )


def test_api_query_counts_do_not_grow(client, data, django_assert_max_num_queries):
    detail = reverse("aid_tracking:api_activity", args=["XM-ALPHA-WATER"])
    with django_assert_max_num_queries(5):
        client.get(LIST)
    with django_assert_max_num_queries(3):
        client.get(TRANSACTIONS)
    with django_assert_max_num_queries(9):
        client.get(detail)
    for number in range(30):
        activity = PublishedActivityFactory(iati_identifier=f"XM-ALPHA-N{number:02d}")
        ActivitySectorFactory(activity=activity)
        ActivityLocationFactory(activity=activity)
        TransactionFactory(activity=activity)
        TransactionFactory(activity=data)
    with django_assert_max_num_queries(5):
        client.get(LIST)
    with django_assert_max_num_queries(3):
        client.get(TRANSACTIONS)
    with django_assert_max_num_queries(9):
        client.get(detail)
