"""Invitations, reminders and digests: their contents, and that none goes out twice."""

import datetime as dt
import importlib

import pytest
import time_machine
from django.apps import apps
from django.urls import reverse
from icalendar import Calendar

from coordination import services, tasks
from coordination.models import Decision, Invitation, Membership, Representative
from tests.factories import UserFactory

from .factories import DecisionFactory, MeetingFactory, in_days

pytestmark = pytest.mark.django_db


@pytest.fixture
def represented(group, alpha, ptf, lead):
    membership = Membership.objects.get(body=group, organization=alpha)
    Representative.objects.create(membership=membership, user=ptf, role="titular")
    Representative.objects.create(membership=membership, user=lead, role="substitute")
    return group


def test_invitations_go_once_to_each_representative_with_an_ics(
    represented, ptf, lead, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(body=represented, title="Revue du plan de travail", place="Salle SEG")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_invitations(meeting=meeting) == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_invitations(meeting=meeting) == 0
    assert sorted(m.to[0] for m in mailoutbox) == sorted([ptf.email, lead.email])
    message = mailoutbox[0]
    assert "GT Genre" in message.subject
    assert "Revue du plan de travail" in message.body
    invitation = Invitation.objects.get(meeting=meeting, user__email=message.to[0])
    assert (
        reverse("coordination:invitation_reply_by_token", args=[invitation.token]) in message.body
    )
    name, content, mimetype = message.attachments[0]
    assert name == "invitation.ics"
    assert mimetype.startswith("text/calendar")
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert event["LOCATION"] == "Salle SEG"
    assert str(event["ORGANIZER"]) == "mailto:noreply@seg.example"
    assert str(event["ATTENDEE"]) == f"mailto:{message.to[0]}"
    assert event.decoded("DTSTART") == meeting.starts_at


def test_the_reply_link_records_the_answer_without_login(represented, ptf, client):
    meeting = MeetingFactory(body=represented)
    invitation = Invitation.objects.create(meeting=meeting, user=ptf)
    url = reverse("coordination:invitation_reply_by_token", args=[invitation.token])
    assert client.get(url).status_code == 200
    assert client.post(url, {"reply": "excused"}).status_code == 302
    invitation.refresh_from_db()
    assert invitation.reply == "excused"
    assert (
        client.get(reverse("coordination:invitation_reply_by_token", args=["wrong"])).status_code
        == 404
    )


def test_a_reminder_goes_48_hours_before_and_never_twice(represented, ptf, lead, mailoutbox):
    soon = MeetingFactory(body=represented, title="Bientôt", starts_at=in_days(1))
    MeetingFactory(body=represented, title="Plus tard", starts_at=in_days(5))
    Invitation.objects.create(meeting=soon, user=lead, reply="excused")
    assert tasks.queue_meeting_reminders() == 1
    assert [m.to for m in mailoutbox] == [[ptf.email]]  # the excused substitute is spared
    assert mailoutbox[
        0
    ].subject == "[SEG] Rappel : réunion de l'instance GT Genre du 12 mars 2026, 09:00" or (
        mailoutbox[0].subject == "Rappel : réunion de l'instance GT Genre du 12 mars 2026, 09:00"
    )
    assert "« Bientôt »" in mailoutbox[0].body
    assert "moins de 48 heures" in mailoutbox[0].body
    assert tasks.queue_meeting_reminders() == 0
    tasks.send_meeting_reminder_task(soon.pk)  # a retried task does nothing either
    assert len(mailoutbox) == 1


def test_weekly_digest_lists_due_and_overdue_decisions_once(
    group, alpha, beta, ptf, lead, mailoutbox
):
    meeting = MeetingFactory(body=group, starts_at=in_days(-20))
    DecisionFactory(
        meeting=meeting,
        responsible_organization=alpha,
        text="Envoyer la note",
        due_date=dt.date(2026, 3, 1),
    )
    DecisionFactory(
        meeting=meeting,
        responsible_organization=alpha,
        text="Préparer l'atelier",
        due_date=dt.date(2026, 3, 15),
    )
    DecisionFactory(
        meeting=meeting,
        responsible_organization=alpha,
        text="Plus tard",
        due_date=dt.date(2026, 6, 1),
    )
    DecisionFactory(
        meeting=meeting,
        responsible_organization=alpha,
        text="Déjà faite",
        due_date=dt.date(2026, 3, 1),
        status=Decision.Status.DONE,
    )
    UserFactory(organization=alpha, role="viewer", email="observer@alpha.example")

    assert tasks.queue_weekly_digests() == 1
    # Every PTF staff member of Alpha, not its viewer-role observer.
    assert sorted(m.to[0] for m in mailoutbox) == sorted([ptf.email, lead.email])
    message = mailoutbox[0]
    assert "2 décisions" in message.subject
    assert "Envoyer la note" in message.body
    assert "EN RETARD" in message.body
    assert "Préparer l'atelier" in message.body
    assert "Plus tard" not in message.body
    assert "Déjà faite" not in message.body

    tasks.queue_weekly_digests()
    assert len(mailoutbox) == 2
    with time_machine.travel("2026-03-18 10:00:00+00:00", tick=False):
        tasks.queue_weekly_digests()
    assert len(mailoutbox) == 4


def test_beat_schedules_are_seeded_and_never_overwritten():
    from django_celery_beat.models import PeriodicTask

    migration = importlib.import_module("coordination.migrations.0002_schedules_and_checklist")
    migration.seed(apps, None)
    task = PeriodicTask.objects.get(task="coordination.tasks.queue_meeting_reminders")
    task.enabled = False
    task.save()
    migration.seed(apps, None)
    assert PeriodicTask.objects.filter(task__startswith="coordination.").count() == 2
    assert not PeriodicTask.objects.get(pk=task.pk).enabled


def test_cancelling_a_meeting_sends_one_cancel_ics_per_invitee_in_their_language(
    represented, ptf, lead, mailoutbox, django_capture_on_commit_callbacks
):
    ptf.language = "en"
    ptf.save(update_fields=["language"])
    lead.language = "fr"
    lead.save(update_fields=["language"])
    meeting = MeetingFactory(body=represented, title="Revue annuelle")
    with django_capture_on_commit_callbacks(execute=True):
        services.send_invitations(meeting=meeting)
    invitation_ics = Calendar.from_ical(mailoutbox[0].attachments[0][1]).walk("VEVENT")[0]
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_meeting(meeting=meeting)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_meeting(meeting=meeting)
    for invitation in Invitation.objects.filter(meeting=meeting):
        tasks.send_cancellation_task(invitation.pk)  # a retried task sends nothing more
    assert sorted(m.to[0] for m in mailoutbox) == sorted([ptf.email, lead.email])
    by_recipient = {m.to[0]: m for m in mailoutbox}
    assert by_recipient[ptf.email].subject.startswith("Cancelled:")
    assert by_recipient[lead.email].subject.startswith("Annulée")
    assert "Revue annuelle" in by_recipient[lead.email].body
    name, content, mimetype = by_recipient[lead.email].attachments[0]
    assert name == "cancellation.ics"
    assert "method=CANCEL" in mimetype
    calendar = Calendar.from_ical(content)
    assert calendar["METHOD"] == "CANCEL"
    event = calendar.walk("VEVENT")[0]
    assert event["UID"] == invitation_ics["UID"]
    assert event["SEQUENCE"] > invitation_ics["SEQUENCE"]
    assert event["STATUS"] == "CANCELLED"
    assert str(event["ATTENDEE"]) == f"mailto:{lead.email}"


def test_cancelling_a_meeting_without_invitations_sends_nothing(
    group, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(body=group)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_meeting(meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == "cancelled"
    assert mailoutbox == []
