"""GPEDC indicators on a hand-built portfolio whose values are worked out below.

Alpha's portfolio for 2025, in EUR (1 EUR = 655.957 XOF; 1 USD = 590.3613 XOF = 0.9 EUR):

- A (EUR, on budget, humanitarian, gender marker principal, country systems 100/100/50/50,
  implementers: one national, one international):
  disbursement 100 000 + expenditure 20 000 in 2025 (a commitment of 500 000 is not a
  disbursement); plans 300 000 for 2025, 100 000 for 2026, 50 000 for 2027.
- B (XOF, off budget): disbursement 65 595 700 XOF = 100 000 EUR in 2025 (and 1 000 000 XOF in
  2024, another year); plan 32 797 850 XOF = 50 000 EUR for 2025; one national implementer.
- E (USD): disbursement 10 000 USD = 9 000 EUR in 2025 (rate of June 2025); no implementer named.
- a draft of Alpha disbursing 1 000 000 EUR (never counted for others) and a Beta activity.

D = 120 000 + 100 000 + 9 000 = 229 000 EUR;  S = 300 000 + 50 000 = 350 000 EUR.
"""

import datetime
from decimal import Decimal

import pytest

from aid_tracking import indicators
from aid_tracking.models import Activity
from tests.aid_tracking.dash_factories import complete_activity, disburse, implementer, plan
from tests.aid_tracking.factories import ExchangeRateFactory, code

pytestmark = pytest.mark.django_db


def close(value, expected) -> bool:
    return abs(Decimal(value) - Decimal(expected)) < Decimal("0.000001")


@pytest.fixture
def portfolio(reference_data, alpha, beta):
    ExchangeRateFactory(month=datetime.date(2025, 6, 1), rate=Decimal("590.3613"))
    a = complete_activity(
        alpha,
        is_on_budget=True,
        is_humanitarian=True,
        gender_marker=code("PolicySignificance", "2"),
        budget_execution_share=100,
        financial_reporting_share=100,
        audit_share=50,
        procurement_share=50,
    )
    disburse(a, "100000")
    disburse(a, "20000", kind="4")
    disburse(a, "500000", kind="2")
    plan(a, 2025, "300000")
    plan(a, 2026, "100000")
    plan(a, 2027, "50000")
    implementer(a, national=True)
    implementer(a, national=False, name="International NGO")

    b = complete_activity(alpha, default_currency=reference_data.currencies["XOF"])
    disburse(b, "65595700", "XOF")
    disburse(b, "1000000", "XOF", on=datetime.date(2024, 5, 2))
    plan(b, 2025, "32797850", "XOF")
    implementer(b, national=True)

    e = complete_activity(alpha, gender_marker=code("PolicySignificance", "0"))
    disburse(e, "10000", "USD", on=datetime.date(2025, 6, 20))

    draft = complete_activity(alpha, status=Activity.PublicationStatus.DRAFT)
    disburse(draft, "1000000")
    plan(draft, 2028, "1000")
    other = complete_activity(beta)
    disburse(other, "777")
    return {"a": a, "b": b, "e": e, "draft": draft}


def test_annual_predictability_is_disbursed_over_scheduled(portfolio, alpha):
    result = indicators.annual_predictability(organization=alpha, year=2025, currency="EUR")
    # 229 000 disbursed < 350 000 scheduled: min(D, S) / S = 229 000 / 350 000.
    assert result.provenance.disbursed == Decimal("229000.00")
    assert result.provenance.scheduled == Decimal("350000.00")
    assert close(result.value, Decimal(229000) / Decimal(350000))
    assert result.over_disbursed is None
    assert result.percent == Decimal("65.4")


def test_provenance_lists_each_published_activity_with_its_amounts(portfolio, alpha):
    result = indicators.annual_predictability(organization=alpha, year=2025, currency="EUR")
    figures = {item.pk: (item.disbursed, item.scheduled) for item in result.provenance.activities}
    assert figures == {
        portfolio["a"].pk: (Decimal("120000.00"), Decimal("300000.00")),
        portfolio["b"].pk: (Decimal("100000.00"), Decimal("50000.00")),
        portfolio["e"].pk: (Decimal("9000.00"), Decimal("0")),
    }


def test_amounts_convert_to_xof_through_the_euro_peg(portfolio, alpha):
    result = indicators.annual_predictability(organization=alpha, year=2025, currency="XOF")
    # 120 000 EUR x 655.957 = 78 714 840; + 65 595 700 XOF; + 10 000 USD x 590.3613 = 5 903 613.
    assert result.provenance.disbursed == Decimal("150214153.00")
    # S = 300 000 x 655.957 + 32 797 850 = 229 584 950 XOF: the ratio does not change.
    assert result.provenance.scheduled == Decimal("229584950.00")
    assert close(result.value, Decimal(229000) / Decimal(350000))


def test_over_disbursement_caps_at_one_and_reports_the_excess(reference_data, beta):
    activity = complete_activity(beta)
    disburse(activity, "150000")
    plan(activity, 2025, "100000")
    result = indicators.annual_predictability(organization=beta, year=2025, currency="EUR")
    # min(150 000, 100 000) / 100 000 = 1; over-disbursed (150 000 - 100 000) / 150 000 = 1/3.
    assert result.value == 1
    assert close(result.over_disbursed, Decimal(1) / 3)
    assert result.over_disbursed_percent == Decimal("33.3")


def test_forward_visibility_counts_years_with_plans(portfolio, alpha):
    result = indicators.forward_visibility(organization=alpha, year=2025)
    # Plans for 2026 and 2027 but none for 2028 (the draft's plan is not counted): 2 / 3.
    assert close(result.value, Decimal(2) / 3)
    assert [year for year, _amount in result.provenance.forward_years] == [2026, 2027, 2028]


def test_owner_counts_its_own_drafts_but_an_outsider_does_not(portfolio, alpha, ptf, other_ptf):
    own = indicators.forward_visibility(organization=alpha, year=2025, user=ptf)
    assert own.value == 1  # the draft's 2028 plan completes the three years
    outsider = indicators.forward_visibility(organization=alpha, year=2025, user=other_ptf)
    assert close(outsider.value, Decimal(2) / 3)
    assert portfolio["draft"].pk not in {a.pk for a in outsider.provenance.activities}


def test_on_budget_share_of_scheduled_aid(portfolio, alpha):
    result = indicators.indicator("6", organization=alpha, year=2025, currency="EUR")
    # A is on budget: 300 000 of 350 000 scheduled = 6/7.
    assert close(result.value, Decimal(6) / 7)


def test_use_of_country_systems_is_weighted_by_disbursements(portfolio, alpha):
    result = indicators.indicator("9b", organization=alpha, year=2025, currency="EUR")
    # Only A uses country systems: shares 120 000x1, x1, x0.5, x0.5 over D = 229 000;
    # mean = (120 000 + 120 000 + 60 000 + 60 000) / 4 / 229 000 = 90 000 / 229 000.
    assert close(result.value, Decimal(90000) / Decimal(229000))


def test_humanitarian_gender_and_localisation_shares(portfolio, alpha):
    def value(code):
        return indicators.indicator(code, organization=alpha, year=2025, currency="EUR").value

    # A is humanitarian and gender-principal: 120 000 / 229 000 each.
    assert close(value("humanitarian"), Decimal(120000) / Decimal(229000))
    assert close(value("gender"), Decimal(120000) / Decimal(229000))
    # Localisation: half of A (one of two implementers national) + all of B, E names none:
    # (60 000 + 100 000) / 229 000.
    assert close(value("localisation"), Decimal(160000) / Decimal(229000))


def test_no_data_gives_none_not_zero(reference_data, beta):
    for indicator_code in indicators.INDICATOR_CODES:
        assert indicators.indicator(indicator_code, organization=beta, year=2025).value is None


def test_missing_exchange_rate_is_left_out_and_reported(reference_data, alpha):
    ExchangeRateFactory(month=datetime.date(2025, 6, 1), rate=Decimal("590.3613"))
    activity = complete_activity(alpha)
    disburse(activity, "100", "USD", on=datetime.date(2025, 2, 1))  # before June: no rate
    disburse(activity, "1000")
    plan(activity, 2025, "2000")
    result = indicators.annual_predictability(organization=alpha, year=2025, currency="EUR")
    assert result.provenance.disbursed == Decimal("1000.00")
    assert result.value == Decimal("0.5")
    assert result.provenance.missing_rates_text == "USD 02/2025"


def test_overview_gives_every_indicator_per_partner(portfolio, alpha, beta):
    rows = indicators.overview(user=None, year=2025, currency="EUR", organizations=[alpha, beta])
    by_org = {row.organization: {r.code: r.value for r in row.results} for row in rows}
    assert close(by_org[alpha]["5a"], Decimal(229000) / Decimal(350000))
    assert by_org[beta]["5a"] is None  # Beta disbursed but scheduled nothing
    assert by_org[beta]["humanitarian"] == 0
