"""iCalendar (RFC 5545) for invitations and feeds, with the icalendar library."""

from email.utils import parseaddr

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from .models import Meeting

PRODID = "-//SEG Portal//Concertation//FR"


def _event(meeting: Meeting, *, method_request: bool = False, sequence: int = 0) -> Event:
    event = Event()
    event.add("uid", f"meeting-{meeting.uid}@seg-portal")
    event.add("sequence", sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", f"{meeting.body.name} — {meeting.title}")
    if meeting.place:
        event.add("location", vText(meeting.place))
    url = settings.PORTAL_BASE_URL.rstrip("/") + reverse(
        "coordination:meeting_detail", args=[meeting.pk]
    )
    event.add("url", url)
    description = meeting.online_url or url
    event.add("description", description)
    status = {
        Meeting.Status.CANCELLED: "CANCELLED",
        Meeting.Status.PLANNED: "CONFIRMED",
        Meeting.Status.HELD: "CONFIRMED",
    }[meeting.status]
    event.add("status", status)
    return event


def calendar_for(
    meetings, *, name: str, method: str | None = None, attendee: str | None = None
) -> bytes:
    """A VCALENDAR of ``meetings``; an invitation (METHOD:REQUEST) also names its organiser and
    attendee, as RFC 5546 requires of a request."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    if method:
        cal.add("method", method)
    for meeting in meetings:
        # A cancellation supersedes the request: same UID, a higher SEQUENCE (RFC 5546 §3.2.5).
        event = _event(meeting, sequence=1 if method == "CANCEL" else 0)
        if method in ("REQUEST", "CANCEL"):
            organiser = vCalAddress("mailto:" + parseaddr(settings.DEFAULT_FROM_EMAIL)[1])
            organiser.params["cn"] = vText(settings.SITE_NAME)
            event.add("organizer", organiser)
            if attendee:
                event.add("attendee", vCalAddress("mailto:" + attendee))
        cal.add_component(event)
    return cal.to_ical()
