import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from coordination import services
from coordination.models import (
    AgendaItem,
    Decision,
    Meeting,
    Membership,
    MinutesStatus,
    Representative,
)
from seg_portal.accounts.roles import Visibility
from tests.factories import UserFactory

from .factories import DecisionFactory, MeetingFactory, in_days

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _messages_in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def alpha_membership(group, alpha):
    return Membership.objects.get(body=group, organization=alpha)


def test_an_institution_has_one_titular_and_one_substitute(alpha_membership, ptf, lead, alpha):
    services.set_representative(membership=alpha_membership, user=ptf, role="titular")
    services.set_representative(membership=alpha_membership, user=lead, role="substitute")
    third = UserFactory(organization=alpha)
    with pytest.raises(ValidationError, match="at most two representatives"):
        services.set_representative(membership=alpha_membership, user=third, role="titular")
    with pytest.raises(ValidationError, match="at most two representatives"):
        services.set_representative(membership=alpha_membership, user=third, role="substitute")
    assert alpha_membership.representatives.count() == 2


def test_the_database_refuses_a_second_titular(alpha_membership, ptf, lead):
    Representative.objects.create(membership=alpha_membership, user=ptf, role="titular")
    with pytest.raises(IntegrityError), transaction.atomic():
        Representative.objects.create(membership=alpha_membership, user=lead, role="titular")


def test_a_representative_changes_role_without_counting_twice(alpha_membership, ptf):
    services.set_representative(membership=alpha_membership, user=ptf, role="titular")
    services.set_representative(membership=alpha_membership, user=ptf, role="substitute")
    assert list(alpha_membership.representatives.values_list("role", flat=True)) == ["substitute"]


def test_a_representative_must_belong_to_the_member(alpha_membership, other_ptf):
    with pytest.raises(ValidationError, match="belong to the member organisation"):
        services.set_representative(membership=alpha_membership, user=other_ptf, role="titular")


def test_minutes_go_from_draft_to_approved_to_published(group, lead):
    meeting = MeetingFactory(body=group, starts_at=in_days(-2))
    with pytest.raises(ValidationError, match="Write the minutes"):
        services.approve_minutes(meeting=meeting, by=lead)
    with pytest.raises(ValidationError, match="Only approved minutes"):
        services.publish_minutes(meeting=meeting, visibility=Visibility.PUBLIC)
    services.save_minutes(meeting=meeting, text="Compte rendu", by=lead)
    services.approve_minutes(meeting=meeting, by=lead)
    assert meeting.minutes_status == MinutesStatus.APPROVED
    assert meeting.minutes_approved_by == lead
    with pytest.raises(ValidationError, match="Only draft minutes"):
        services.approve_minutes(meeting=meeting, by=lead)
    services.publish_minutes(meeting=meeting, visibility=Visibility.PARTNERS)
    meeting.refresh_from_db()
    assert meeting.minutes_status == MinutesStatus.PUBLISHED
    assert meeting.minutes_visibility == Visibility.PARTNERS
    assert meeting.minutes_published_at is not None
    with pytest.raises(ValidationError, match="can no longer be edited"):
        services.save_minutes(meeting=meeting, text="Autre", by=lead)
    services.unpublish_minutes(meeting=meeting)
    assert meeting.minutes_status == MinutesStatus.APPROVED


def test_editing_approved_minutes_sends_them_back_to_draft(group, lead):
    meeting = MeetingFactory(body=group)
    services.save_minutes(meeting=meeting, text="v1", by=lead)
    services.approve_minutes(meeting=meeting, by=lead)
    services.save_minutes(meeting=meeting, text="v2", by=lead)
    meeting.refresh_from_db()
    assert meeting.minutes_status == MinutesStatus.DRAFT
    assert meeting.minutes_approved_by is None


def test_open_and_overdue_decisions_are_carried_to_the_next_agenda(group, alpha):
    past = MeetingFactory(body=group, starts_at=in_days(-30))
    overdue = DecisionFactory(
        meeting=past, responsible_organization=alpha, due_date=dt.date(2026, 3, 1)
    )
    in_progress = DecisionFactory(
        meeting=past, responsible_organization=alpha, status=Decision.Status.IN_PROGRESS
    )
    DecisionFactory(meeting=past, responsible_organization=alpha, status=Decision.Status.DONE)
    DecisionFactory(meeting=past, responsible_organization=alpha, status=Decision.Status.DROPPED)
    DecisionFactory(meeting=MeetingFactory(starts_at=in_days(-30)), responsible_organization=alpha)

    start = in_days(7)
    [meeting] = services.schedule_meeting(
        meeting=Meeting(
            body=group,
            title="Suivante",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1),
            place="Bamako",
        )
    )
    carried = [item.carried_decision for item in meeting.agenda_items.all()]
    assert carried == [overdue, in_progress]
    assert meeting.agenda_items.first().title.startswith("Follow-up of decision: ")

    services.carry_over_decisions(meeting=meeting)  # a second run adds nothing
    assert AgendaItem.objects.filter(meeting=meeting).count() == 2


def test_a_monthly_series_creates_one_meeting_a_month(group):
    start = in_days(7)
    meetings = services.schedule_meeting(
        meeting=Meeting(
            body=group,
            title="GEC",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=2),
            place="Bamako",
        ),
        repeat_monthly=2,
    )
    assert [m.starts_at.month for m in meetings] == [3, 4, 5]
    assert len({m.series for m in meetings}) == 1


def test_attendance_is_recorded_after_the_meeting_only(group, alpha):
    future = MeetingFactory(body=group)
    with pytest.raises(ValidationError, match="once the meeting has started"):
        services.record_attendance(
            meeting=future, organizations=[alpha], women_count=1, men_count=1
        )
    past = MeetingFactory(body=group, starts_at=in_days(-1))
    services.record_attendance(meeting=past, organizations=[alpha], women_count=3, men_count=4)
    past.refresh_from_db()
    assert past.status == Meeting.Status.HELD
    assert past.attendance_total == 7
    assert list(past.attendances.values_list("organization", flat=True)) == [alpha.pk]


def test_a_substitute_reply_needs_a_name(group, ptf):
    from coordination.models import Invitation

    invitation = Invitation.objects.create(meeting=MeetingFactory(body=group), user=ptf)
    with pytest.raises(ValidationError, match="name of the substitute"):
        services.reply_to_invitation(invitation=invitation, reply="substitute")
    services.reply_to_invitation(
        invitation=invitation, reply="substitute", substitute_name="A. Traoré"
    )
    invitation.refresh_from_db()
    assert (invitation.reply, invitation.substitute_name) == ("substitute", "A. Traoré")


def test_agenda_items_keep_their_order_and_move(group):
    meeting = MeetingFactory(body=group)
    first = services.add_agenda_item(meeting=meeting, title="Un")
    second = services.add_agenda_item(meeting=meeting, title="Deux")
    services.move_agenda_item(item=second, up=True)
    assert [i.title for i in meeting.agenda_items.all()] == ["Deux", "Un"]
    services.move_agenda_item(item=first, up=False)  # already last: nothing moves
    assert [i.title for i in meeting.agenda_items.all()] == ["Deux", "Un"]


def test_chair_terms_of_the_same_role_cannot_overlap(group, alpha, beta):
    import datetime as dt

    from django.core.exceptions import ValidationError

    from coordination.models import ChairTerm
    from coordination.services import add_chair_term

    add_chair_term(
        term=ChairTerm(
            body=group,
            organization=alpha,
            role="chair",
            starts_on=dt.date(2026, 1, 1),
            ends_on=dt.date(2026, 12, 31),
        )
    )
    with pytest.raises(ValidationError) as error:
        add_chair_term(
            term=ChairTerm(
                body=group,
                organization=beta,
                role="chair",
                starts_on=dt.date(2026, 12, 31),
                ends_on=dt.date(2027, 6, 30),
            )
        )
    assert str(alpha) in error.value.messages[0]
    # Another role, or the next day, is fine.
    add_chair_term(
        term=ChairTerm(
            body=group,
            organization=beta,
            role="incoming",
            starts_on=dt.date(2026, 6, 1),
            ends_on=dt.date(2026, 12, 31),
        )
    )
    add_chair_term(
        term=ChairTerm(
            body=group,
            organization=beta,
            role="chair",
            starts_on=dt.date(2027, 1, 1),
            ends_on=dt.date(2027, 12, 31),
        )
    )
    assert ChairTerm.objects.filter(body=group).count() == 3
