"""The demo portfolio: realistic, complete enough for every page, and idempotent."""

from decimal import Decimal

import pytest
from django.db.models import Sum

from aid_tracking import demo
from aid_tracking.models import Activity, PlannedDisbursement, Transaction
from aid_tracking.money import Rates
from seg_portal.accounts import demo as accounts_demo


@pytest.fixture
def seeded(reference_data):
    organizations = accounts_demo.seed_organizations()
    users = accounts_demo.seed_users(organizations=organizations, password="demo-password")
    demo.seed(organizations=organizations, users=users)
    return organizations, users


def counts() -> tuple:
    return (
        Activity.objects.count(),
        Transaction.objects.count(),
        PlannedDisbursement.objects.count(),
        Activity.history.count(),
    )


def test_seeding_twice_changes_nothing(seeded):
    organizations, users = seeded
    before = counts()
    demo.seed(organizations=organizations, users=users)
    assert counts() == before


def test_the_seg_contribution_is_there_with_its_real_figures(seeded):
    seg = Activity.objects.get(iati_identifier="CH-4-7F-10101")
    assert seg.reporting_organization.acronym == "DDC"
    assert (seg.planned_start.isoformat(), seg.planned_end.isoformat()) == (
        "2019-07-01",
        "2021-12-31",
    )
    totals = dict(
        seg.transactions.values_list("transaction_type__code").annotate(total=Sum("value"))
    )
    assert totals == {"2": Decimal("300000.00"), "3": Decimal("284791.00")}
    assert seg.transactions.values_list("currency_id", flat=True).distinct().get() == "CHF"


def test_every_demo_ptf_reports_activities(seeded):
    partners = set(
        Activity.objects.values_list("reporting_organization__acronym", flat=True).distinct()
    )
    assert partners == {"DDC", "BMZ", "AMC", "AECID", "USAID", "LuxDev", "Asdi", "UE", "PNUD"}


def test_most_but_not_all_partners_have_forward_plans_for_the_next_three_years(seeded):
    planning = set(
        PlannedDisbursement.objects.filter(period_start__year__gt=demo.REPORTING_YEAR)
        .values_list("activity__reporting_organization__acronym", flat=True)
        .distinct()
    )
    assert {"AECID", "USAID"}.isdisjoint(planning)
    assert len(planning) >= 6


def test_the_portfolio_has_the_flags_the_indicators_need(seeded):
    activities = Activity.objects.all()
    assert activities.filter(is_humanitarian=True).exists()
    assert activities.filter(is_on_budget=True).exists()
    assert activities.filter(gender_marker__code="2").exists()
    assert activities.filter(participating_orgs__is_national=True).exists()
    assert activities.filter(publication_status="draft").exists()
    years = set(Transaction.objects.values_list("transaction_date__year", flat=True))
    assert {2022, 2023, 2024, 2025, 2026} <= years


def test_every_demo_amount_converts_to_xof(seeded):
    rates = Rates.load()
    for currency, day in Transaction.objects.values_list("currency_id", "value_date"):
        assert rates.xof_per_unit(currency, day) > 0


def test_every_demo_activity_reads_in_french_by_default(seeded, client):
    assert not Activity.objects.filter(title_fr="").exists()
    assert not Activity.objects.filter(description_fr="").exists()
    north = Activity.objects.get(iati_identifier__endswith="-RELEVEMENT-NORD")
    html = client.get(north.get_absolute_url()).content.decode()
    assert "Relèvement et cohésion sociale dans le Nord" in html
    assert "Recovery" not in html
    listing = client.get("/aid/").content.decode()
    assert "Relèvement et cohésion sociale dans le Nord" in listing
    assert "Recovery" not in listing
