"""The computed-indicator machinery, on hand-built data with the expected values worked out here."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from code_of_conduct import computed, services
from code_of_conduct.models import Answer, Assessment
from tests.code_of_conduct.factories import indicator, make_assessment

PERIOD = computed.CampaignPeriod(
    year=2025, start=datetime.date(2025, 1, 1), end=datetime.date(2025, 12, 31)
)


def predictability_from(records: list[tuple[str, Decimal, Decimal]]):
    """A 5a-style source over hand-built (organisation, disbursed D, scheduled S) records:
    min(D, S) / S summed over the organisation's records."""

    def source(organization, period):
        mine = [(d, s) for acronym, d, s in records if acronym == organization.acronym]
        disbursed = sum((min(d, s) for d, s in mine), Decimal(0))
        scheduled = sum((s for _d, s in mine), Decimal(0))
        return computed.ComputedValue(
            value=computed.ratio(disbursed, scheduled),
            provenance=[
                f"{len(mine)} schedules of {organization.acronym} for {period.year}: "
                f"min(D, S) = {disbursed}, S = {scheduled}"
            ],
        )

    return source


@pytest.fixture
def predictability_source():
    records = [
        # Alpha: over-disbursed on one (capped at S), under on the other.
        ("ALPHA", Decimal("150"), Decimal("100")),  # min = 100
        ("ALPHA", Decimal("30"), Decimal("100")),  # min = 30
        ("BETA", Decimal("0"), Decimal("0")),
    ]
    computed.register("test.predictability", "5a", predictability_from(records))
    yield
    computed.unregister("test.predictability")


def test_predictability_caps_overdisbursement_at_the_schedule(predictability_source, alpha):
    result = computed.compute("test.predictability", alpha, PERIOD)
    # (100 + 30) / (100 + 100) = 0.65
    assert result.value == Decimal("0.6500")
    assert result.available
    assert result.provenance == ["2 schedules of ALPHA for 2025: min(D, S) = 130, S = 200"]


def test_nothing_scheduled_gives_no_value_rather_than_zero(predictability_source, beta):
    assert computed.compute("test.predictability", beta, PERIOD).value is None


def test_ratio_rounds_to_four_places_and_refuses_a_zero_denominator():
    assert computed.ratio(1, 3) == Decimal("0.3333")
    assert computed.ratio(5, 0) is None


@pytest.fixture
def placeholder_source():
    """A key registered as not available, as every source was before it was wired."""
    computed.register("test.placeholder", "Placeholder", computed._not_available)
    yield "test.placeholder"
    computed.unregister("test.placeholder")


def test_sources_without_data_yet_say_so_and_give_no_number(placeholder_source, alpha):
    with translation.override("en"):
        result = computed.compute(placeholder_source, alpha, PERIOD)
    assert result.value is None
    assert not result.available
    assert result.provenance == ["Not available yet — no data source."]


def test_every_source_is_wired_at_start():
    """The five keys of the default framework read real data: none is left a placeholder."""
    keys = {source.key: source for source in computed.sources()}
    for key in (
        "aid.annual_predictability",
        "aid.forward_visibility",
        "aid.reporting_timeliness",
        "coordination.attendance_rate",
        "coordination.decision_follow_up_rate",
    ):
        assert keys[key].compute is not computed._not_available, key


def test_an_unknown_key_is_not_available(alpha):
    result = computed.compute("nowhere.nothing", alpha, PERIOD)
    assert (result.value, result.available) == (None, False)


def test_registered_keys_appear_in_the_form_choices(predictability_source):
    keys = [key for key, _label in computed.source_choices()]
    assert "test.predictability" in keys
    assert "aid.forward_visibility" in keys


def test_submission_stores_the_value_its_provenance_and_the_normalised_score(
    assessment, framework, ptf
):
    # conftest registers test.ratio = 3/4 for every PTF.
    for code, value in (("1.1.1", 2), ("1.1.2", 0)):
        services.save_answer(
            assessment=assessment, indicator=indicator(framework, code), value=value, comment=""
        )
    services.submit_assessment(assessment=assessment, by=ptf)
    stored = Answer.objects.get(assessment=assessment, indicator=indicator(framework, "2.1.1"))
    assert stored.computed_value == Decimal("0.7500")
    assert stored.normalised == Decimal("3.0000")  # 0.75 * 4
    assert stored.provenance == ["3 of 4 test records of ALPHA in 2026"]


def test_an_unavailable_source_is_shown_as_such_on_the_assessment(
    client_for, ptf, campaign, alpha, framework, placeholder_source
):
    item = indicator(framework, "2.1.1")
    item.source_key = placeholder_source
    item.save()
    assessment = make_assessment(campaign, alpha, status=Assessment.Status.SUBMITTED)
    services.refresh_computed_answers(assessment=assessment)
    assert Answer.objects.get(assessment=assessment, indicator=item).computed_value is None
    content = client_for(ptf).get(assessment.get_absolute_url()).content.decode()
    assert "Pas encore disponible — aucune source de données." in content
