"""The dashboard and indicator pages: who sees what, totals, currency, and bounded queries."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from aid_tracking.models import Activity
from seg_portal.accounts.roles import Visibility
from tests.aid_tracking.dash_factories import complete_activity, disburse, plan

pytestmark = pytest.mark.django_db

USERS = ["anonymous", "secretariat", "ptf", "lead", "other_ptf", "viewer"]


@pytest.fixture
def cast(secretariat, ptf, lead, other_ptf, viewer):
    return {
        "anonymous": None,
        "secretariat": secretariat,
        "ptf": ptf,
        "lead": lead,
        "other_ptf": other_ptf,
        "viewer": viewer,
    }


@pytest.fixture
def aid(reference_data, alpha, beta):
    """Alpha: a public activity (1 000 EUR), a partners-only one (2 000 EUR) and a draft
    (4 000 EUR); Beta: a public activity (8 000 EUR). All disbursed in 2025."""
    public = complete_activity(alpha)
    disburse(public, "1000")
    plan(public, 2025, "1000")
    partners = complete_activity(alpha, visibility=Visibility.PARTNERS)
    disburse(partners, "2000")
    draft = complete_activity(alpha, status=Activity.PublicationStatus.DRAFT)
    disburse(draft, "4000")
    beta_public = complete_activity(beta)
    disburse(beta_public, "8000")
    return {"public": public, "partners": partners, "draft": draft}


def euro(client):
    session = client.session
    session["aid_currency"] = "EUR"
    session.save()
    return client


# What each reader's dashboard total (EUR, all years) must be.
EXPECTED_TOTAL = {
    "anonymous": Decimal("9000"),  # public only: 1 000 + 8 000
    "viewer": Decimal("11000"),  # + partners-only 2 000
    "other_ptf": Decimal("11000"),  # Alpha's draft never counted for Beta
    "secretariat": Decimal("11000"),  # drafts are not aggregates of published data
    "ptf": Decimal("15000"),  # Alpha staff count their own draft too
    "lead": Decimal("15000"),
}


@pytest.mark.parametrize("who", USERS)
def test_dashboard_totals_count_what_each_reader_may_see(aid, cast, client_for, who):
    client = euro(client_for(cast[who]))
    response = client.get(reverse("aid_tracking:dashboard"))
    assert response.status_code == 200
    assert response.context["board"].disbursed.value == EXPECTED_TOTAL[who]
    assert b"<svg" in response.content
    assert b"<table" in response.content


def test_dashboard_filters_by_year_and_partner(aid, client, alpha):
    client = euro(client)
    response = client.get(reverse("aid_tracking:dashboard"), {"organization": alpha.pk})
    assert response.context["board"].disbursed.value == Decimal("1000")
    response = client.get(reverse("aid_tracking:dashboard"), {"year": 2024})
    assert response.context["board"].disbursed.value == 0
    # The by-year chart keeps every year so that the filter can be changed.
    assert [row.label for row in response.context["board"].by_year] == ["2025"]


def test_dashboard_shows_amounts_in_the_currency_kept_in_the_session(aid, client):
    client.post(
        reverse("aid_tracking:set_display_currency"),
        {"currency": "XOF", "next": reverse("aid_tracking:dashboard")},
    )
    response = client.get(reverse("aid_tracking:dashboard"))
    # 9 000 EUR x 655.957 = 5 903 613 XOF.
    assert response.context["board"].disbursed.value == Decimal("5903613.00")
    assert response.context["currency"] == "XOF"


def test_dashboard_groups_by_sector_region_and_credd_axis(aid, client):
    board = euro(client).get(reverse("aid_tracking:dashboard")).context["board"]
    assert [(row.label, row.disbursed.value) for row in board.by_organization] == [
        ("BETA", Decimal("8000.00")),
        ("ALPHA", Decimal("1000.00")),
    ]
    assert len(board.by_sector) == 1
    assert board.by_sector[0].disbursed.value == 9000
    assert board.by_sector[0].label.startswith("140")
    assert len(board.by_region) == 1
    assert board.by_region[0].disbursed.value == 9000
    assert len(board.by_axis) == 1
    assert board.by_axis[0].disbursed.value == 9000


def test_sector_totals_are_shared_by_percentage(aid, client, reference_data):
    from tests.aid_tracking.factories import ActivitySectorFactory

    activity = aid["public"]
    activity.sectors.update(percentage=60)
    ActivitySectorFactory(activity=activity, sector=reference_data.sectors["12220"], percentage=40)
    board = euro(client).get(reverse("aid_tracking:dashboard")).context["board"]
    totals = {row.label[:3]: row.disbursed.value for row in board.by_sector}
    # 1 000 x 60 % + Beta's 8 000 under 140; 1 000 x 40 % under 122.
    assert totals == {"140": Decimal("8600.00"), "122": Decimal("400.00")}


def test_empty_dashboard_says_so(reference_data, client):
    response = client.get(reverse("aid_tracking:dashboard"))
    assert response.status_code == 200
    assert response.context["board"].by_year == []
    assert b"empty-state" in response.content


def _grow(organization, n: int) -> None:
    for index in range(n):
        activity = complete_activity(organization)
        for month in (1, 4, 7):
            disburse(
                activity, "100", "EUR" if index % 2 else "XOF", on=datetime.date(2025, month, 5)
            )
            disburse(activity, "500", kind="2", on=datetime.date(2024, month, 5))
        plan(activity, 2025, "300")


@pytest.mark.parametrize("who", ["anonymous", "ptf", "secretariat"])
def test_dashboard_queries_do_not_grow_with_data(
    reference_data, alpha, beta, cast, client_for, django_assert_max_num_queries, who
):
    client = client_for(cast[who])
    url = reverse("aid_tracking:dashboard")
    for size in (2, 12):
        _grow(alpha, size)
        _grow(beta, size)
        with django_assert_max_num_queries(16):
            assert client.get(url).status_code == 200


@pytest.mark.parametrize("who", ["anonymous", "ptf", "secretariat"])
def test_indicator_pages_queries_do_not_grow_with_data(
    reference_data, alpha, beta, cast, client_for, django_assert_max_num_queries, who
):
    client = client_for(cast[who])
    for size in (2, 12):
        _grow(alpha, size)
        _grow(beta, size)
        with django_assert_max_num_queries(12):
            assert (
                client.get(reverse("aid_tracking:indicator_overview"), {"year": 2025}).status_code
                == 200
            )
        with django_assert_max_num_queries(12):
            response = client.get(
                reverse("aid_tracking:indicator_detail", args=["5a"]),
                {"year": 2025, "organization": alpha.pk},
            )
            assert response.status_code == 200


@pytest.mark.parametrize("who", USERS)
def test_indicator_overview_is_open_to_every_reader(aid, cast, client_for, who):
    response = client_for(cast[who]).get(reverse("aid_tracking:indicator_overview"), {"year": 2025})
    assert response.status_code == 200
    partners = [row.organization.acronym for row in response.context["rows"]]
    assert partners == ["ALPHA", "BETA"]


@pytest.mark.parametrize("who", USERS)
def test_indicator_page_lists_only_activities_the_reader_may_count(
    aid, cast, client_for, who, alpha
):
    response = client_for(cast[who]).get(
        reverse("aid_tracking:indicator_detail", args=["5a"]),
        {"year": 2025, "organization": alpha.pk},
    )
    assert response.status_code == 200
    listed = {item.pk for item in response.context["result"].provenance.activities}
    assert aid["public"].pk in listed
    assert (aid["partners"].pk in listed) == (who != "anonymous")
    assert (aid["draft"].pk in listed) == (who in ("ptf", "lead"))
    assert aid["draft"].title_fr.encode() not in response.content or who in ("ptf", "lead")


def test_indicator_page_explains_its_formula_in_french(aid, client, alpha):
    response = client.get(
        reverse("aid_tracking:indicator_detail", args=["6"]),
        {"year": 2025, "organization": alpha.pk},
    )
    assert "inscrite au budget national" in response.content.decode()


def test_ptf_sees_its_own_organisation_by_default(aid, client_for, ptf):
    response = client_for(ptf).get(reverse("aid_tracking:indicator_detail", args=["5b"]))
    assert response.context["organization"] == ptf.organization


def test_unknown_indicator_is_not_found(client, reference_data):
    assert client.get(reverse("aid_tracking:indicator_detail", args=["42"])).status_code == 404


def test_indicator_page_without_partner_asks_for_one(client, reference_data):
    response = client.get(reverse("aid_tracking:indicator_detail", args=["5a"]))
    assert response.status_code == 200
    assert response.context["result"] is None
