"""Thin Celery tasks: they take ids, call the services, and are safe to run twice."""

import datetime as dt

from celery import shared_task
from django.db import IntegrityError, transaction
from django.utils import timezone

from seg_portal.accounts.models import Organization, User
from seg_portal.accounts.roles import Role

from . import emails, selectors, services
from .models import DigestLog, Invitation, Meeting


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def send_invitation_task(invitation_id: int) -> None:
    invitation = Invitation.objects.select_related("meeting__body", "user").get(pk=invitation_id)
    if services.mark_invitation_sent(invitation_id=invitation_id):
        emails.send_invitation(invitation)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def send_cancellation_task(invitation_id: int) -> None:
    invitation = Invitation.objects.select_related("meeting__body", "user").get(pk=invitation_id)
    if services.mark_cancellation_sent(invitation_id=invitation_id):
        emails.send_cancellation(invitation)


@shared_task
def queue_meeting_reminders() -> int:
    """Every hour: queue a reminder for each planned meeting starting within 48 hours."""
    ids = services.meetings_needing_reminder()
    for meeting_id in ids:
        send_meeting_reminder_task.delay(meeting_id)
    return len(ids)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def send_meeting_reminder_task(meeting_id: int) -> None:
    # The conditional UPDATE claims the reminder: a second run (or a second worker) sends nothing.
    if not services.claim_reminder(meeting_id=meeting_id):
        return
    meeting = Meeting.objects.select_related("body").get(pk=meeting_id)
    recipients = User.objects.filter(
        is_active=True, representations__membership__body_id=meeting.body_id
    ).distinct()
    excused = set(
        meeting.invitations.filter(reply=Invitation.Reply.EXCUSED).values_list("user_id", flat=True)
    )
    for user in recipients:
        if user.pk not in excused:
            emails.send_reminder(meeting, user)


@shared_task
def queue_weekly_digests() -> int:
    """Every Monday: one digest per organisation that has decisions due or overdue."""
    today = timezone.localdate()
    week = today - dt.timedelta(days=today.weekday())
    organization_ids = {
        d.responsible_organization_id for d in selectors.decisions_due_or_overdue(on=today)
    }
    for organization_id in organization_ids:
        send_weekly_digest_task.delay(organization_id, week.isoformat())
    return len(organization_ids)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def send_weekly_digest_task(organization_id: int, week: str) -> None:
    organization = Organization.objects.get(pk=organization_id)
    try:
        with transaction.atomic():
            DigestLog.objects.create(organization=organization, week=dt.date.fromisoformat(week))
    except IntegrityError:
        return  # this week's digest already went to this organisation
    today = timezone.localdate()
    decisions = selectors.decisions_due_or_overdue(on=today, organization=organization)
    if not decisions:
        return
    users = User.objects.filter(organization=organization, is_active=True, role=Role.PTF)
    emails.send_digest(organization, list(users), decisions, today)
