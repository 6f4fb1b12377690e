"""The selectors other apps read: Triple C rates, the monthly digest, regional risk."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser

from coordination import permissions, selectors
from coordination.models import (
    Attendance,
    ContextNote,
    Decision,
    DecisionUpdate,
    Meeting,
    Membership,
    MinutesStatus,
)
from seg_portal.accounts.roles import Visibility

from .factories import BodyFactory, DecisionFactory, MeetingFactory, in_days

pytestmark = pytest.mark.django_db

MARCH = {"start": dt.date(2026, 2, 1), "end": dt.date(2026, 3, 31)}


def test_attendance_rate_counts_held_meetings_of_the_bodies_a_ptf_belongs_to(group, alpha, beta):
    attended = MeetingFactory(body=group, starts_at=in_days(-10), status="held")
    missed = MeetingFactory(body=group, starts_at=in_days(-5), status="held")
    MeetingFactory(body=group, starts_at=in_days(-3), status="cancelled")
    MeetingFactory(body=group, starts_at=in_days(3))
    MeetingFactory(body=BodyFactory(members=[beta]), starts_at=in_days(-4), status="held")
    Attendance.objects.create(meeting=attended, organization=alpha)

    rate = selectors.attendance_rate(organization=alpha, **MARCH)
    assert rate.rate == Decimal("0.5")
    assert rate.counted == [attended, missed]
    assert rate.matched == [attended]


def test_attendance_rate_counts_from_the_day_the_organisation_joined(alpha):
    body = BodyFactory()
    Membership.objects.create(body=body, organization=alpha, joined_on=dt.date(2026, 3, 4))
    before = MeetingFactory(body=body, starts_at=in_days(-8), status="held")  # 3 March
    on_the_day = MeetingFactory(body=body, starts_at=in_days(-7), status="held")  # 4 March
    Attendance.objects.create(meeting=before, organization=alpha)

    rate = selectors.attendance_rate(organization=alpha, **MARCH)
    assert rate.counted == [on_the_day]
    assert rate.rate == Decimal("0")


def test_attendance_rate_query_count_does_not_grow_with_bodies(alpha, django_assert_num_queries):
    def counted_with(bodies: int) -> int:
        for _index in range(bodies):
            body = BodyFactory(members=[alpha])
            MeetingFactory(body=body, starts_at=in_days(-2), status="held")
        with django_assert_num_queries(2):
            return len(selectors.attendance_rate(organization=alpha, **MARCH).counted)

    assert counted_with(1) == 1
    assert counted_with(5) == 6


def test_attendance_rate_is_none_when_nothing_was_expected(alpha):
    assert selectors.attendance_rate(organization=alpha, **MARCH).rate is None


def test_decision_follow_up_rate(group, alpha, beta, ptf):
    meeting = MeetingFactory(body=group, starts_at=in_days(-30))
    done = DecisionFactory(
        meeting=meeting, responsible_organization=alpha, due_date=dt.date(2026, 3, 1), status="done"
    )
    updated = DecisionFactory(
        meeting=meeting, responsible_organization=alpha, due_date=dt.date(2026, 3, 5)
    )
    DecisionUpdate.objects.create(
        decision=updated, author=ptf, organization=alpha, text="x", status="open"
    )
    silent = DecisionFactory(
        meeting=meeting, responsible_organization=alpha, due_date=dt.date(2026, 3, 6)
    )
    DecisionFactory(
        meeting=meeting,
        responsible_organization=alpha,
        due_date=dt.date(2026, 3, 7),
        status="dropped",
    )
    DecisionFactory(meeting=meeting, responsible_organization=alpha, due_date=dt.date(2026, 9, 1))
    DecisionFactory(meeting=meeting, responsible_organization=beta, due_date=dt.date(2026, 3, 1))

    rate = selectors.decision_follow_up_rate(organization=alpha, **MARCH)
    assert (rate.numerator, rate.denominator) == (2, 3)
    assert rate.counted == [done, updated, silent]
    assert rate.matched == [done, updated]


def test_digest_selectors_leave_out_confidential_bodies(group, confidential, alpha):
    held = MeetingFactory(body=group, starts_at=in_days(-3), status="held")
    secret = MeetingFactory(body=confidential, starts_at=in_days(-3), status="held")
    decision = DecisionFactory(
        meeting=held, responsible_organization=alpha, due_date=dt.date(2026, 3, 1)
    )
    DecisionFactory(meeting=secret, responsible_organization=alpha, due_date=dt.date(2026, 3, 1))
    assert selectors.meetings_held(**MARCH) == [held]
    assert selectors.decisions_taken(**MARCH) == [decision]
    assert selectors.decisions_due_or_overdue(on=dt.date(2026, 3, 11)) == [decision]


def test_regional_risk_gives_the_latest_level_and_its_trend(regions, secretariat, viewer):
    mopti, gao = regions["ML-5"], regions["ML-7"]
    older = ContextNote.objects.create(
        date=dt.date(2026, 2, 1), theme="security", risk_level=2, summary="a"
    )
    newer = ContextNote.objects.create(
        date=dt.date(2026, 3, 1), theme="security", risk_level=4, summary="b"
    )
    public = ContextNote.objects.create(
        date=dt.date(2026, 3, 2),
        theme="humanitarian",
        risk_level=3,
        summary="c",
        visibility=Visibility.PUBLIC,
    )
    older.regions.set([mopti])
    newer.regions.set([mopti])
    public.regions.set([gao])

    by_code = {row.region.code: row for row in selectors.regional_risk(user=secretariat)}
    assert (by_code["ML-5"].level, by_code["ML-5"].trend, by_code["ML-5"].note) == (4, "up", newer)
    assert (by_code["ML-7"].level, by_code["ML-7"].trend) == (3, "")
    assert by_code["ML-1"].level is None
    assert len(by_code) == len(regions)

    seen_by_viewer = {row.region.code: row.level for row in selectors.regional_risk(user=viewer)}
    assert seen_by_viewer["ML-5"] is None  # internal notes stay internal
    assert seen_by_viewer["ML-7"] == 3


def test_regional_risk_query_count_is_constant(regions, secretariat, django_assert_max_num_queries):
    for day in range(1, 25):
        note = ContextNote.objects.create(
            date=dt.date(2026, 2, day), theme="security", risk_level=day % 4 + 1, summary="x"
        )
        note.regions.set(list(regions.values())[: day % 5 + 1])
    with django_assert_max_num_queries(2):
        selectors.regional_risk(user=secretariat)


@pytest.mark.parametrize("who", ["anonymous", "secretariat", "ptf", "lead", "other_ptf", "viewer"])
def test_predicates_and_querysets_agree(
    request, who, group, other_group, confidential, alpha, beta
):
    user = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    meetings = []
    for body in (group, other_group, confidential):
        for visibility in Visibility.values:
            for minutes_visibility in Visibility.values:
                meeting = MeetingFactory(
                    body=body,
                    visibility=visibility,
                    status=Meeting.Status.HELD,
                    minutes="x",
                    minutes_status=MinutesStatus.PUBLISHED,
                    minutes_visibility=minutes_visibility,
                )
                meetings.append(meeting)
                DecisionFactory(meeting=meeting, responsible_organization=alpha)
                DecisionFactory(meeting=meeting, responsible_organization=beta)
    visible = set(permissions.visible_meetings(user).values_list("pk", flat=True))
    readable = set(permissions.readable_minutes(user).values_list("pk", flat=True))
    for meeting in meetings:
        assert (meeting.pk in visible) == permissions.can_see_meeting(user, meeting), meeting
        assert (meeting.pk in readable) == permissions.can_read_minutes(user, meeting), meeting
    decisions = set(permissions.visible_decisions(user).values_list("pk", flat=True))
    for decision in Decision.objects.select_related("meeting__body"):
        assert (decision.pk in decisions) == permissions.can_see_decision(user, decision), decision
