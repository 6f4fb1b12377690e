"""The data-quality pages: PTF staff see their own organisation, the secretariat every PTF."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from aid_tracking import dashboard
from aid_tracking.models import Activity
from tests.aid_tracking.dash_factories import complete_activity, disburse, implementer, plan
from tests.aid_tracking.factories import ActivityFactory, code

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2025, 5, 20, 10, tzinfo=datetime.UTC)


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
def complete(reference_data, alpha):
    """An Alpha activity meeting every check (runs to 2028, plans for 2026-2028)."""
    with time_machine.travel(TODAY, tick=False):
        activity = complete_activity(
            alpha,
            planned_end=datetime.date(2028, 12, 31),
            gender_marker=code("PolicySignificance", "1"),
        )
        disburse(activity, "1000")
        implementer(activity, national=True)
        for year in (2026, 2027, 2028):
            plan(activity, year, "500")
    return activity


@pytest.fixture
def bare(reference_data, alpha):
    """An Alpha draft with nothing but a title, ending in 2026, last saved long ago."""
    with time_machine.travel(datetime.datetime(2024, 6, 1, tzinfo=datetime.UTC), tick=False):
        return ActivityFactory(
            reporting_organization=alpha,
            description_fr="",
            description_en="",
            aid_type=None,
            planned_end=datetime.date(2026, 6, 30),
        )


def test_complete_activity_scores_full_marks(complete):
    [item] = dashboard.activity_quality(
        activities=Activity.objects.filter(pk=complete.pk), today=datetime.date(2025, 5, 20)
    )
    assert item.missing == []
    assert item.missing_plan_years == []
    assert item.score == 100
    assert not item.is_stale


def test_bare_activity_lists_what_is_missing(bare):
    [item] = dashboard.activity_quality(
        activities=Activity.objects.filter(pk=bare.pk), today=datetime.date(2025, 5, 20)
    )
    # French is the portal's default language.
    assert [str(label) for label in item.missing] == [
        "une description",
        "un secteur CAD",
        "une région du Mali",
        "une organisation de mise en œuvre",
        "une transaction",
        "un type d'aide",
        "un marqueur d'égalité femmes-hommes",
    ]
    # It ends in 2026: plans are asked for 2026 only, not for 2027 and 2028.
    assert item.missing_plan_years == [2026]
    # 9 checks + 1 plan year = 10; title and dates met: 2 / 10.
    assert item.checks == 10
    assert item.score == 20
    assert item.is_stale  # last saved 1 June 2024, more than 90 days before 20 May 2025


PAGE_STATUS = {
    "anonymous": 302,  # to the login page
    "secretariat": 200,
    "ptf": 200,
    "lead": 200,
    "other_ptf": 403,
    "viewer": 403,
}


@pytest.mark.parametrize("who", PAGE_STATUS)
def test_organisation_quality_page_is_for_its_staff_and_the_secretariat(
    complete, bare, cast, client_for, who, alpha
):
    response = client_for(cast[who]).get(
        reverse("aid_tracking:data_quality_organization", args=[alpha.pk])
    )
    assert response.status_code == PAGE_STATUS[who]
    if response.status_code == 200:
        # Lowest score first; drafts included (their own data).
        assert [item.activity for item in response.context["items"]] == [bare, complete]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("secretariat", 200),
        ("ptf", 302),
        ("other_ptf", 302),
        ("viewer", 403),
    ],
)
def test_quality_entry_page_sends_each_reader_to_the_right_place(
    complete, cast, client_for, who, status
):
    response = client_for(cast[who]).get(reverse("aid_tracking:data_quality"))
    assert response.status_code == status
    if who in ("ptf", "other_ptf"):
        organization = cast[who].organization
        assert response.url == reverse(
            "aid_tracking:data_quality_organization", args=[organization.pk]
        )


def test_secretariat_summary_has_one_line_per_ptf(
    complete, bare, reference_data, beta, client_for, secretariat
):
    complete_activity(beta)
    with time_machine.travel(TODAY, tick=False):
        response = client_for(secretariat).get(reverse("aid_tracking:data_quality"))
    summary = {line.organization.acronym: line for line in response.context["summary"]}
    assert set(summary) == {"ALPHA", "BETA"}
    assert summary["ALPHA"].activity_count == 2
    assert summary["ALPHA"].mean_score == 60  # (100 + 20) / 2
    assert summary["ALPHA"].incomplete == 1
    assert summary["ALPHA"].stale == 1


def test_unknown_organisation_is_not_found(client_for, secretariat):
    assert (
        client_for(secretariat)
        .get(reverse("aid_tracking:data_quality_organization", args=[9999]))
        .status_code
        == 404
    )


def test_quality_page_queries_do_not_grow(
    reference_data, alpha, client_for, ptf, django_assert_max_num_queries
):
    client = client_for(ptf)
    url = reverse("aid_tracking:data_quality_organization", args=[alpha.pk])
    for size in (2, 15):
        for _index in range(size):
            activity = complete_activity(alpha)
            disburse(activity, "10")
        with django_assert_max_num_queries(8):
            assert client.get(url).status_code == 200


def test_ptf_home_shows_its_data_quality_score(complete, bare, client_for, ptf):
    with time_machine.travel(TODAY, tick=False):
        response = client_for(ptf).get(reverse("home"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Votre score de qualité des données" in content
    assert "<strong>60&nbsp;%</strong>" in content  # (100 + 20) / 2
    assert reverse("aid_tracking:data_quality_organization", args=[ptf.organization_id]) in content


def test_secretariat_home_lists_the_least_complete_partners(
    complete, bare, client_for, secretariat
):
    with time_machine.travel(TODAY, tick=False):
        response = client_for(secretariat).get(reverse("home"))
    assert "Qualité des données des partenaires" in response.content.decode()


@pytest.mark.parametrize("who", ["viewer", "other_ptf"])
def test_home_has_no_quality_block_for_others(complete, cast, client_for, who):
    # Beta has no activity; a viewer has no portfolio.
    response = client_for(cast[who]).get(reverse("home"))
    assert response.status_code == 200
    main = response.content.decode().split("<main", 1)[1]  # the menu links to the page for PTF
    assert "qualité des données" not in main.lower()
