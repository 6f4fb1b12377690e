"""The e-mails of the concertation axis, rendered in the recipient's language."""

import datetime as dt

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from . import ical


def _absolute(path: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def _send(template: str, *, to: list[str], context: dict, language: str, attachment=None) -> None:
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"coordination/emails/{template}_subject.txt", context)
        body = render_to_string(f"coordination/emails/{template}_body.txt", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()), body=body, to=to, from_email=settings.DEFAULT_FROM_EMAIL
    )
    if attachment:
        message.attach(*attachment)
    message.send()


def send_invitation(invitation) -> None:
    meeting = invitation.meeting
    context = {
        "meeting": meeting,
        "user": invitation.user,
        "meeting_url": _absolute(meeting.get_absolute_url()),
        "reply_url": _absolute(
            reverse("coordination:invitation_reply_by_token", args=[invitation.token])
        ),
    }
    ics = ical.calendar_for(
        [meeting], name=meeting.body.name, method="REQUEST", attendee=invitation.user.email
    )
    _send(
        "invitation",
        to=[invitation.user.email],
        context=context,
        language=getattr(invitation.user, "language", ""),
        attachment=("invitation.ics", ics, "text/calendar; method=REQUEST; charset=utf-8"),
    )


def send_cancellation(invitation) -> None:
    meeting = invitation.meeting
    context = {
        "meeting": meeting,
        "user": invitation.user,
        "meeting_url": _absolute(meeting.get_absolute_url()),
    }
    ics = ical.calendar_for(
        [meeting], name=meeting.body.name, method="CANCEL", attendee=invitation.user.email
    )
    _send(
        "cancellation",
        to=[invitation.user.email],
        context=context,
        language=getattr(invitation.user, "language", ""),
        attachment=("cancellation.ics", ics, "text/calendar; method=CANCEL; charset=utf-8"),
    )


def send_reminder(meeting, user) -> None:
    context = {
        "meeting": meeting,
        "user": user,
        "meeting_url": _absolute(meeting.get_absolute_url()),
    }
    _send("reminder", to=[user.email], context=context, language=getattr(user, "language", ""))


def send_digest(organization, users, decisions, today: dt.date) -> None:
    for user in users:
        context = {
            "organization": organization,
            "decisions": decisions,
            "today": today,
            "register_url": _absolute(reverse("coordination:decision_register")),
        }
        _send("digest", to=[user.email], context=context, language=getattr(user, "language", ""))
