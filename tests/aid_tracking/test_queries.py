"""Pages run a bounded number of queries whatever the amount of data (STYLE.md §3)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.aid_tracking.factories import (
    ActivityLocationFactory,
    ActivitySectorFactory,
    ExchangeRateFactory,
    PlannedDisbursementFactory,
    PublishedActivityFactory,
    TransactionFactory,
)


def portfolio(organization, activities: int, transactions: int) -> None:
    """``activities`` published activities, each with ``transactions`` in EUR and USD."""
    ExchangeRateFactory(currency_id="USD", month=datetime.date(2025, 3, 1), rate=Decimal(600))
    for _ in range(activities):
        activity = PublishedActivityFactory(reporting_organization=organization)
        ActivitySectorFactory(activity=activity)
        ActivityLocationFactory(activity=activity)
        PlannedDisbursementFactory(activity=activity)
        for index in range(transactions):
            TransactionFactory(
                activity=activity,
                currency_id="USD" if index % 2 else "EUR",
                transaction_date=datetime.date(2025, 3, 1 + index % 28),
            )


PAGES = {
    "list": lambda org: reverse("aid_tracking:activity_list"),
    "filtered list": lambda org: (
        reverse("aid_tracking:activity_list")
        + "?q=appui&sector=140&year=2025&organization="
        + str(org.pk)
    ),
    "profile": lambda org: reverse("aid_tracking:organization_profile", args=[org.pk]),
    "home": lambda org: reverse("home"),
}


# Measured: 14, 16, 9 and 12 (home: every app adds its sections) queries at both sizes
# (session, user, filter choices, page, sums,
# rates); the limits leave a little room and no room for a query per activity.
# The profile adds 3 for the regions' context risk (its regions, the two latest notes per region,
# the regions): 12 at both sizes.
LIMITS = {"list": 16, "filtered list": 18, "profile": 14, "home": 16}


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize(("activities", "transactions"), [(3, 2), (30, 6)])
def test_pages_run_a_bounded_number_of_queries(
    reference_data,
    alpha,
    ptf,
    client_for,
    django_assert_max_num_queries,
    page,
    activities,
    transactions,
):
    portfolio(alpha, activities, transactions)
    client = client_for(ptf)
    url = PAGES[page](alpha)
    with django_assert_max_num_queries(LIMITS[page]):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize(("activities", "transactions"), [(2, 2), (20, 10)])
def test_the_landing_and_secretariat_home_are_bounded(
    reference_data,
    alpha,
    secretariat,
    client,
    client_for,
    django_assert_max_num_queries,
    activities,
    transactions,
):
    portfolio(alpha, activities, transactions)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("landing")).status_code == 200
    with django_assert_max_num_queries(30):
        assert client_for(secretariat).get(reverse("home")).status_code == 200


@pytest.mark.parametrize("transactions", [1, 40])
def test_the_detail_page_does_not_grow_with_transactions(
    reference_data, alpha, client, django_assert_max_num_queries, transactions
):
    portfolio(alpha, 1, transactions)
    from aid_tracking.models import Activity

    url = Activity.objects.get().get_absolute_url()
    with django_assert_max_num_queries(25):
        assert client.get(url).status_code == 200
