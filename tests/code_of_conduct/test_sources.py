"""The computed sources wired to concertation and aid data, on hand-built records; each expected
value is worked out in a comment. Period: calendar year 2025."""

import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone, translation

from aid_tracking.models import Activity
from code_of_conduct import computed, services
from code_of_conduct.models import Answer, Assessment
from coordination.models import Attendance, Decision, DecisionUpdate, Meeting, Membership
from tests.code_of_conduct.factories import indicator, make_assessment, make_campaign
from tests.coordination.factories import BodyFactory, DecisionFactory, MeetingFactory

PERIOD = computed.CampaignPeriod(year=2025, start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))


def at(year: int, month: int, day: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=timezone.get_current_timezone())


def meeting(body, when: dt.datetime, status=Meeting.Status.HELD, **fields) -> Meeting:
    return MeetingFactory(
        body=body, starts_at=when, ends_at=when + dt.timedelta(hours=2), status=status, **fields
    )


@pytest.fixture
def bodies(alpha, beta):
    """Alpha is a member of two bodies since 2024, Beta of the first since 2025-07-01."""
    education = BodyFactory(name="GT Éducation")
    health = BodyFactory(name="GT Santé")
    Membership.objects.create(body=education, organization=alpha, joined_on=dt.date(2024, 1, 1))
    Membership.objects.create(body=health, organization=alpha, joined_on=dt.date(2024, 1, 1))
    Membership.objects.create(body=education, organization=beta, joined_on=dt.date(2025, 7, 1))
    return education, health


@pytest.fixture
def meetings(bodies, alpha, beta):
    education, health = bodies
    held = [
        meeting(education, at(2025, 3, 10), title="Revue T1"),  # Alpha present
        meeting(education, at(2025, 9, 10), title="Revue T3"),  # Alpha absent, Beta present
        meeting(health, at(2025, 5, 5), title="Plan santé"),  # Alpha present
        meeting(health, at(2025, 11, 20), title="Bilan santé"),  # Alpha absent
    ]
    # Not counted: planned (not held), before the period, after the period.
    meeting(education, at(2025, 12, 1), status=Meeting.Status.PLANNED, title="Prévue")
    meeting(education, at(2024, 12, 31, 23), title="Avant")
    meeting(health, at(2026, 1, 1, 0), title="Après")
    for item, organization in ((held[0], alpha), (held[2], alpha), (held[1], beta)):
        Attendance.objects.create(meeting=item, organization=organization)
    return held


def test_attendance_counts_held_meetings_of_the_member_bodies_in_the_period(meetings, alpha):
    with translation.override("en"):
        result = computed.compute("coordination.attendance_rate", alpha, PERIOD)
    # Alpha: 4 held meetings of its two bodies in 2025, present at 2 → 2 / 4 = 0.5.
    assert result.value == Decimal("0.5000")
    assert result.available
    assert result.provenance[0] == (
        "Meetings held from 01/01/2025 to 12/31/2025 in the bodies ALPHA belongs to: 4; "
        "attended: 2. Rate = attended / held."
    )
    assert "Attended: GT Éducation, Revue T1 (03/10/2025)." in result.provenance
    assert "Absent: GT Santé, Bilan santé (11/20/2025)." in result.provenance
    assert not any(
        "Prévue" in line or "Avant" in line or "Après" in line for line in result.provenance
    )


def test_attendance_counts_only_the_meetings_held_since_the_organisation_joined(meetings, beta):
    with translation.override("en"):
        result = computed.compute("coordination.attendance_rate", beta, PERIOD)
    # Beta joined Éducation on 2025-07-01: Revue T1 (March) was before, not expected of Beta;
    # Revue T3 (September) is, and Beta was present → 1 / 1.
    assert result.value == Decimal("1.0000")
    assert "Attended: GT Éducation, Revue T3 (09/10/2025)." in result.provenance
    assert not any("Revue T1" in line for line in result.provenance)


def test_attendance_without_meetings_gives_no_value_rather_than_zero(db, government):
    result = computed.compute("coordination.attendance_rate", government, PERIOD)
    assert result.value is None
    assert result.available


def test_provenance_is_translated(meetings, alpha):
    with translation.override("fr"):
        result = computed.compute("coordination.attendance_rate", alpha, PERIOD)
    assert result.provenance[0].startswith("Réunions tenues du 01/01/2025 au 31/12/2025")


@pytest.fixture
def decisions(bodies, alpha, beta, ptf):
    education, _health = bodies
    source = meeting(education, at(2024, 12, 1), title="Revue annuelle")

    def decision(text, due, status=Decision.Status.OPEN, organization=alpha):
        return DecisionFactory(
            meeting=source,
            text=text,
            due_date=due,
            status=status,
            responsible_organization=organization,
        )

    decision("Partager le plan de décaissement", dt.date(2025, 3, 31), Decision.Status.DONE)
    updated = decision("Rédiger la note", dt.date(2025, 6, 30), Decision.Status.IN_PROGRESS)
    DecisionUpdate.objects.create(
        decision=updated,
        author=ptf,
        organization=alpha,
        text="Premier jet",
        status=Decision.Status.IN_PROGRESS,
    )
    # Updated only by another organisation: not Alpha's follow-up.
    other = decision("Organiser l'atelier", dt.date(2025, 9, 30))
    DecisionUpdate.objects.create(
        decision=other,
        author=None,
        organization=beta,
        text="Salle réservée",
        status=Decision.Status.OPEN,
    )
    decision("Ignorée", dt.date(2025, 10, 31))  # open, no update
    # Not counted: dropped, due outside the period, no due date, another organisation's.
    decision("Abandonnée", dt.date(2025, 5, 1), Decision.Status.DROPPED)
    decision("Trop tard", dt.date(2026, 1, 1), Decision.Status.DONE)
    decision("Sans échéance", None, Decision.Status.DONE)
    decision("De Beta", dt.date(2025, 5, 1), Decision.Status.DONE, organization=beta)


def test_follow_up_counts_done_or_updated_decisions_due_in_the_period(decisions, alpha):
    with translation.override("en"):
        result = computed.compute("coordination.decision_follow_up_rate", alpha, PERIOD)
    # Due in 2025, not dropped: 4. Followed up: the done one and the one Alpha updated → 2 / 4.
    assert result.value == Decimal("0.5000")
    assert "due from 01/01/2025 to 12/31/2025" in result.provenance[0]
    assert ": 4; followed up" in result.provenance[0]
    assert "Not followed up: “Organiser l'atelier” (GT Éducation, due 09/30/2025)." in (
        result.provenance
    )
    assert len(result.provenance) == 1 + 4


def test_follow_up_of_the_other_organisation(decisions, beta):
    # Beta: one decision due in 2025, done → 1 / 1.
    assert computed.compute("coordination.decision_follow_up_rate", beta, PERIOD).value == 1


@pytest.fixture
def reference_data(db, regions):
    """The IATI codelists and currencies activities need (tests run without migrations)."""
    from aid_tracking.reference.codelists import load_reference_data

    load_reference_data()


@pytest.fixture
def activities(reference_data, alpha, beta):
    from tests.aid_tracking.factories import ActivityFactory, PublishedActivityFactory

    def published(identifier, updated, created=None, organization=alpha):
        activity = PublishedActivityFactory(
            reporting_organization=organization, iati_identifier=identifier
        )
        Activity.objects.filter(pk=activity.pk).update(
            updated_at=updated, created_at=created or at(2024, 6, 1)
        )
        return activity

    # Cut-off: 2025-12-31 - 90 days = 2025-10-02.
    published("XM-A-1", at(2025, 12, 15))  # current
    published("XM-A-2", at(2025, 10, 2, 0))  # current (on the cut-off day)
    published("XM-A-3", at(2026, 2, 1))  # current (updated since; as current as it gets)
    published("XM-A-4", at(2025, 10, 1, 23))  # out of date
    published("XM-A-5", at(2025, 1, 1))  # out of date
    # Not counted: a draft, an activity created after the period, another PTF's.
    draft = ActivityFactory(reporting_organization=alpha, iati_identifier="XM-A-DRAFT")
    Activity.objects.filter(pk=draft.pk).update(updated_at=at(2025, 1, 1))
    published("XM-A-LATE", at(2026, 2, 1), created=at(2026, 1, 5))
    published("XM-B-1", at(2025, 1, 1), organization=beta)


def test_reporting_timeliness_counts_published_activities_updated_in_the_last_90_days(
    activities, alpha
):
    with translation.override("en"):
        result = computed.compute("aid.reporting_timeliness", alpha, PERIOD)
    # 5 published activities created by the end of 2025; 3 updated on or after 2025-10-02 → 0.6.
    assert result.value == Decimal("0.6000")
    assert result.provenance[0] == (
        "Published activities reported by ALPHA by 12/31/2025: 5; updated on or after 10/02/2025 "
        "(90 days before the period end): 3. Rate = updated / published."
    )
    assert "Out of date: XM-A-4 (updated 10/01/2025)." in result.provenance
    assert "Up to date: XM-A-2 (updated 10/02/2025)." in result.provenance
    assert not any(
        "DRAFT" in line or "LATE" in line or "XM-B" in line for line in result.provenance
    )


def test_reporting_timeliness_without_published_activities_gives_no_value(
    reference_data, government
):
    assert computed.compute("aid.reporting_timeliness", government, PERIOD).value is None


def test_long_provenance_names_fifteen_records_then_counts_the_rest(bodies, alpha):
    education, _health = bodies
    for day in range(1, 21):
        meeting(education, at(2025, 2, day), title=f"Point {day}")
    with translation.override("en"):
        result = computed.compute("coordination.attendance_rate", alpha, PERIOD)
    # 20 meetings, none attended → 0; 1 summary line + 15 named + "… and 5 more."
    assert result.value == Decimal("0.0000")
    assert len(result.provenance) == 17
    assert result.provenance[-1] == "… and 5 more."


@pytest.fixture
def wired_framework(framework):
    item = indicator(framework, "2.1.1")
    item.source_key = "coordination.attendance_rate"
    item.save()
    return framework


@time_machine.travel(dt.datetime(2026, 2, 1, 12, tzinfo=dt.UTC))
@pytest.mark.parametrize(
    ("who", "status"),
    [("ptf", 200), ("secretariat", 200), ("other_ptf", 404), ("viewer", 404), (None, 302)],
)
def test_assessment_page_shows_the_computed_value_and_its_provenance(
    request, client, client_for, who, status, wired_framework, meetings, alpha
):
    campaign = make_campaign(wired_framework, year=2025)
    assessment = make_assessment(campaign, alpha, status=Assessment.Status.SUBMITTED)
    with translation.override("en"):
        services.refresh_computed_answers(assessment=assessment)
    stored = Answer.objects.get(assessment=assessment, indicator__code="2.1.1")
    assert stored.computed_value == Decimal("0.5000")
    browser = client_for(request.getfixturevalue(who)) if who else client
    response = browser.get(assessment.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == status
    if status == 200:
        content = response.content.decode()
        # The rate as people read it (0.5 → 50 %), and its normalised score 0.5 * 4 = 2.
        assert re.search(r"\b50&nbsp;%\s*\(2[.,]00 (out of|sur) 4\)", content)
        assert "in the bodies ALPHA belongs to: 4; attended: 2." in content
        assert "Attended: GT Éducation, Revue T1 (03/10/2025)." in content


@pytest.fixture
def gpedc(reference_data, alpha, beta):
    """Alpha's two published activities in 2025, in XOF (no conversion), and a draft."""
    from tests.aid_tracking.factories import (
        ActivityFactory,
        PlannedDisbursementFactory,
        PublishedActivityFactory,
        TransactionFactory,
        code,
    )

    def plan(activity, year, value):
        PlannedDisbursementFactory(
            activity=activity,
            period_start=dt.date(year, 1, 1),
            period_end=dt.date(year, 12, 31),
            value=Decimal(value),
            currency_id="XOF",
        )

    def spent(activity, value, type_code="3", date=dt.date(2025, 6, 1)):
        TransactionFactory(
            activity=activity,
            transaction_type=code("TransactionType", type_code),
            transaction_date=date,
            value=Decimal(value),
            currency_id="XOF",
        )

    first = PublishedActivityFactory(reporting_organization=alpha, iati_identifier="XM-A-GP1")
    second = PublishedActivityFactory(reporting_organization=alpha, iati_identifier="XM-A-GP2")
    plan(first, 2025, 1_000_000)
    spent(first, 700_000)  # disbursement
    spent(first, 100_000, type_code="4")  # expenditure counts too
    plan(second, 2025, 1_000_000)
    spent(second, 1_500_000)  # over-disbursed
    spent(second, 999_999, date=dt.date(2024, 12, 31))  # another year: not counted
    plan(first, 2026, 500_000)
    plan(second, 2027, 500_000)  # 2028 has no plan
    draft = ActivityFactory(reporting_organization=alpha, iati_identifier="XM-A-GPDRAFT")
    plan(draft, 2028, 9_000_000)  # a draft is not counted
    spent(draft, 9_000_000)


def test_annual_predictability_reads_the_gpedc_5a_indicator(gpedc, alpha):
    with translation.override("en"):
        result = computed.compute("aid.annual_predictability", alpha, PERIOD)
    # D = 700,000 + 100,000 + 1,500,000 = 2,300,000; S = 2,000,000; min(D, S) / S = 1.
    assert result.value == Decimal("1.0000")
    assert result.provenance[0] == (
        "2 published activities of ALPHA in 2025: disbursed (D) 2,300,000 XOF, scheduled in "
        "forward plans (S) 2,000,000 XOF. Rate = min(D, S) / S."
    )
    assert "XM-A-GP1: D = 800,000, S = 1,000,000 XOF." in result.provenance
    assert not any("GPDRAFT" in line for line in result.provenance)


def test_annual_predictability_of_an_under_disbursing_ptf(gpedc, alpha):
    from aid_tracking.models import Transaction

    Transaction.objects.filter(activity__iati_identifier="XM-A-GP2").delete()
    # D = 800,000, S = 2,000,000 → 0.4.
    assert computed.compute("aid.annual_predictability", alpha, PERIOD).value == Decimal("0.4")


def test_forward_visibility_reads_the_gpedc_5b_indicator(gpedc, alpha):
    with translation.override("en"):
        result = computed.compute("aid.forward_visibility", alpha, PERIOD)
    # Plans for 2026 and 2027, none for 2028 (the draft's is not counted) → 2 / 3.
    assert result.value == Decimal("0.6667")
    assert result.provenance == [
        "2 published activities of ALPHA; forward plans for 2026: 500,000 XOF, "
        "2027: 500,000 XOF, 2028: 0 XOF. Rate = years with a forward plan / 3."
    ]


def test_gpedc_sources_without_published_activities_give_no_value(reference_data, beta):
    assert computed.compute("aid.annual_predictability", beta, PERIOD).value is None
    assert computed.compute("aid.forward_visibility", beta, PERIOD).value is None
