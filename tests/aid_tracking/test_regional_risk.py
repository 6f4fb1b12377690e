"""Conflict sensitivity across axes: the activity page and the organisation profile show the
latest context risk of their regions, only from context notes the viewer may see."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coordination.models import ContextNote
from seg_portal.accounts.roles import Visibility
from tests.aid_tracking.factories import ActivityLocationFactory, complete_activity

OVERVIEW = reverse("coordination:context_list")


def note(regions, risk, date, visibility=Visibility.INTERNAL):
    item = ContextNote.objects.create(
        date=date,
        theme=ContextNote.Theme.SECURITY,
        risk_level=risk,
        summary="Situation",
        visibility=visibility,
    )
    item.regions.set(regions)
    return item


@pytest.fixture
def activity(reference_data, regions, alpha):
    """Alpha's public activity in Bamako (from the factory) and Gao."""
    activity = complete_activity(alpha, iati_identifier="XM-ALPHA-RISK")
    ActivityLocationFactory(activity=activity, region=regions["ML-7"])
    return activity


@pytest.fixture
def notes(regions):
    gao, bamako = regions["ML-7"], regions["ML-BKO"]
    note([gao], ContextNote.Risk.MODERATE, dt.date(2026, 1, 10), Visibility.PUBLIC)
    # The latest note on Gao is internal: PTFs and the secretariat see "High", rising from
    # "Moderate"; the public and the government viewer see the public "Moderate" only.
    note([gao], ContextNote.Risk.HIGH, dt.date(2026, 3, 1), Visibility.INTERNAL)
    note([bamako], ContextNote.Risk.LOW, dt.date(2026, 2, 1), Visibility.PARTNERS)


def risk_block(content: str) -> str:
    start = content.find('class="regional-risk"')
    assert start != -1, "no regional risk block"
    return content[start : content.find("</div>", start)]


@pytest.mark.parametrize("who", ["secretariat", "ptf", "other_ptf"])
def test_partners_see_the_latest_internal_risk_and_the_trend_with_a_link(
    request, client_for, who, activity, notes
):
    response = client_for(request.getfixturevalue(who)).get(activity.get_absolute_url())
    assert response.status_code == 200
    block = risk_block(response.content.decode())
    assert "Région de Gao" in block
    assert '<span class="badge badge-warning">Élevé</span>' in block
    assert "en hausse" in block  # High after Moderate
    assert "1 mars 2026" in block
    assert '<span class="badge badge-success">Faible</span>' in block  # Bamako, partners note
    assert f'href="{OVERVIEW}"' in block


@pytest.mark.parametrize("who", ["viewer", None])
def test_the_public_and_the_government_see_only_the_public_risk_without_the_overview_link(
    request, client, client_for, who, activity, notes
):
    browser = client_for(request.getfixturevalue(who)) if who else client
    response = browser.get(activity.get_absolute_url())
    assert response.status_code == 200
    block = risk_block(response.content.decode())
    assert '<span class="badge badge-info">Modéré</span>' in block  # the public January note
    assert "Élevé" not in block
    assert "en hausse" not in block
    assert "10 janvier 2026" in block
    if who is None:
        # The partners' Bamako note is hidden from the anonymous visitor.
        assert "Faible" not in block
        assert "aucune note de contexte" in block
    assert OVERVIEW not in block


def test_an_activity_without_regions_shows_no_risk_block(reference_data, alpha, ptf, client_for):
    from tests.aid_tracking.factories import PublishedActivityFactory

    activity = PublishedActivityFactory(reporting_organization=alpha)
    content = client_for(ptf).get(activity.get_absolute_url()).content.decode()
    assert 'class="regional-risk"' not in content


def test_a_hidden_draft_keeps_its_404_whatever_the_risk(
    reference_data, beta, notes, ptf, client_for
):
    draft = complete_activity(beta, published=False, iati_identifier="XM-BETA-HIDDEN")
    assert client_for(ptf).get(draft.get_absolute_url()).status_code == 404


def test_the_profile_lists_the_risk_of_the_regions_of_its_activities(
    activity, notes, ptf, viewer, client_for, alpha
):
    url = reverse("aid_tracking:organization_profile", args=[alpha.pk])
    block = risk_block(client_for(ptf).get(url).content.decode())
    assert "Région de Gao" in block
    assert "District de Bamako" in block
    assert '<span class="badge badge-warning">Élevé</span>' in block
    assert "Région de Kayes" not in block  # no activity of Alpha there
    block = risk_block(client_for(viewer).get(url).content.decode())
    assert "Élevé" not in block
    assert "Modéré" in block


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_activity_page_runs_as_many_queries_with_more_regions_and_notes(
    reference_data, regions, alpha, ptf, client_for
):
    browser = client_for(ptf)
    small = complete_activity(alpha, iati_identifier="XM-ALPHA-SMALL")
    note([regions["ML-BKO"]], ContextNote.Risk.LOW, dt.date(2026, 1, 1))
    small_count = count_queries(browser, small.get_absolute_url())

    large = complete_activity(alpha, iati_identifier="XM-ALPHA-LARGE")
    codes = ["ML-1", "ML-2", "ML-3", "ML-4", "ML-5", "ML-6", "ML-7"]
    for code in codes:
        ActivityLocationFactory(activity=large, region=regions[code])
    for month in range(1, 13):
        note([regions[code] for code in codes], 1 + month % 4, dt.date(2025, month, 1))
    # Same page, 8 regions instead of 1 and 13 notes instead of 1: not one query more.
    assert count_queries(browser, large.get_absolute_url()) == small_count
