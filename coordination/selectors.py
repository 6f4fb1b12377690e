"""Every read of the concertation axis, already filtered by what the viewer may see.

Functions other apps may use (stable, documented):

- ``attendance_rate(*, organization, start, end)`` and
  ``decision_follow_up_rate(*, organization, start, end)`` for the Triple C indicators;
- ``meetings_held(*, start, end)``, ``decisions_taken(*, start, end)`` and
  ``decisions_due_or_overdue(*, on)`` for the monthly coordination digest report;
- ``regional_risk(*, user)`` for the conflict-sensitivity views of the other axes.

The report selectors leave out confidential bodies (the Groupe des Ambassadeurs): their content
never goes into a document meant for a wider audience.
"""

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Prefetch, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.utils import timezone

from seg_portal.accounts.models import Organization

from . import permissions
from .models import (
    AgendaItem,
    Body,
    CalendarFeed,
    ChairTerm,
    ChecklistQuestion,
    ContextNote,
    Decision,
    Invitation,
    Meeting,
    MeetingDocument,
    Membership,
    MinutesStatus,
    Representative,
)

# --- Bodies ------------------------------------------------------------------------------------


def list_bodies(*, user, kind: str = "", lead_organization=None, text: str = "") -> QuerySet[Body]:
    bodies = Body.objects.visible_to(user)
    if kind:
        bodies = bodies.filter(kind=kind)
    if lead_organization is not None:
        bodies = bodies.filter(lead_organization=lead_organization)
    if text:
        bodies = bodies.filter(
            Q(name__icontains=text) | Q(acronym__icontains=text) | Q(mandate__icontains=text)
        )
    return (
        bodies.select_related("lead_organization", "government_counterpart", "parent")
        .annotate(member_count=Count("memberships", distinct=True))
        .order_by("kind", "name")
    )


def body_lead_organizations(*, user) -> QuerySet[Organization]:
    """The organisations leading at least one body this viewer sees (for the list filter)."""
    return Organization.objects.filter(
        pk__in=Body.objects.visible_to(user).values("lead_organization")
    ).order_by("acronym")


def get_body(*, user, pk: int) -> Body:
    body = (
        Body.objects.select_related("lead_organization", "government_counterpart", "parent")
        .prefetch_related(
            "lead_users",
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("organization").prefetch_related(
                    Prefetch(
                        "representatives",
                        queryset=Representative.objects.select_related("user"),
                    )
                ),
            ),
            Prefetch("chair_terms", queryset=ChairTerm.objects.select_related("organization")),
            "children",
        )
        .filter(pk=pk)
        .first()
    )
    if body is None or not permissions.can_see_body(user, body):
        raise Http404
    return body


def body_next_meetings(*, user, body: Body, limit: int = 5) -> list[Meeting]:
    return list(
        permissions.visible_meetings(user)
        .filter(body=body, starts_at__gte=timezone.now(), status=Meeting.Status.PLANNED)
        .order_by("starts_at")[:limit]
    )


def body_past_meetings(*, user, body: Body) -> QuerySet[Meeting]:
    return (
        permissions.visible_meetings(user)
        .filter(body=body, starts_at__lt=timezone.now())
        .order_by("-starts_at")
    )


def body_open_decisions(*, user, body: Body) -> list[Decision]:
    return list(
        permissions.visible_decisions(user)
        .filter(meeting__body=body, status__in=Decision.OPEN_STATUSES)
        .select_related("responsible_organization", "meeting")
        .order_by("due_date", "id")[:50]
    )


def body_documents(*, user, body: Body) -> list[MeetingDocument]:
    meetings = permissions.visible_meetings(user).filter(body=body)
    documents = MeetingDocument.objects.filter(meeting__in=meetings.values("pk")).select_related(
        "meeting"
    )
    if not permissions.can_manage_body(user, body):
        documents = documents.filter(permissions.readable_q(user, "meeting__", "visibility"))
    return list(documents.order_by("-uploaded_at")[:20])


# --- Meetings ----------------------------------------------------------------------------------


def get_meeting(*, user, pk: int) -> Meeting:
    meeting = (
        Meeting.objects.select_related("body", "minutes_approved_by")
        .prefetch_related("body__memberships", "body__lead_users")
        .filter(pk=pk)
        .first()
    )
    if meeting is None or not permissions.can_see_meeting(user, meeting):
        raise Http404
    return meeting


def meeting_agenda(*, meeting: Meeting, user) -> list[AgendaItem]:
    documents = permissions.visible_documents(user, meeting)
    return list(
        meeting.agenda_items.select_related("carried_decision").prefetch_related(
            Prefetch("documents", queryset=documents)
        )
    )


def meeting_documents(*, user, meeting: Meeting) -> list[MeetingDocument]:
    return list(permissions.visible_documents(user, meeting).select_related("agenda_item"))


def get_document(*, user, pk: int) -> MeetingDocument:
    document = (
        MeetingDocument.objects.select_related("meeting__body")
        .prefetch_related("meeting__body__memberships", "meeting__body__lead_users")
        .filter(pk=pk)
        .first()
    )
    if document is None or not permissions.can_download_document(user, document):
        raise Http404
    return document


def meeting_invitations(*, meeting: Meeting) -> list[Invitation]:
    return list(meeting.invitations.select_related("user__organization"))


def invitation_for(*, user, meeting: Meeting) -> Invitation | None:
    if not user.is_authenticated:
        return None
    return meeting.invitations.filter(user=user).first()


def get_invitation_by_token(*, token: str) -> Invitation:
    invitation = (
        Invitation.objects.select_related("meeting__body", "user").filter(token=token).first()
    )
    if invitation is None:
        raise Http404
    return invitation


def meeting_decisions(*, user, meeting: Meeting) -> list[Decision]:
    return list(
        permissions.visible_decisions(user)
        .filter(meeting=meeting)
        .select_related("responsible_organization")
    )


def meeting_checklist(*, meeting: Meeting) -> list[dict]:
    """Each active question with the meeting's answer; answered retired questions are kept."""
    answers = {a.question_id: a for a in meeting.checklist.all()}
    rows = []
    for question in ChecklistQuestion.objects.filter(Q(is_active=True) | Q(pk__in=answers)):
        rows.append({"question": question, "answer": answers.get(question.pk)})
    return rows


def list_meetings(*, user, start: dt.datetime | None = None, end: dt.datetime | None = None):
    meetings = permissions.visible_meetings(user).select_related("body")
    if start is not None:
        meetings = meetings.filter(starts_at__gte=start)
    if end is not None:
        meetings = meetings.filter(starts_at__lt=end)
    return meetings.order_by("starts_at")


def month_calendar(*, user, year: int, month: int) -> list[list[dict]]:
    """Weeks of days (Monday first), each day with the meetings the user may see."""
    tz = timezone.get_current_timezone()
    first = dt.datetime(year, month, 1, tzinfo=tz)
    last_day = calendar.monthrange(year, month)[1]
    end = first + dt.timedelta(days=last_day)
    by_day: dict[dt.date, list[Meeting]] = {}
    for meeting in list_meetings(user=user, start=first, end=end):
        by_day.setdefault(timezone.localtime(meeting.starts_at).date(), []).append(meeting)
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append(
            [
                {"date": day, "in_month": day.month == month, "meetings": by_day.get(day, [])}
                for day in week
            ]
        )
    return weeks


def feed_meetings_for_user(*, token: str) -> tuple[object, QuerySet[Meeting]]:
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        raise Http404
    since = timezone.now() - dt.timedelta(days=180)
    return feed.user, list_meetings(user=feed.user, start=since)


def public_body_feed(*, pk: int) -> tuple[Body, QuerySet[Meeting]]:
    body = Body.objects.filter(pk=pk, is_confidential=False).first()
    if body is None:
        raise Http404
    from django.contrib.auth.models import AnonymousUser

    return body, list_meetings(user=AnonymousUser()).filter(body=body)


def calendar_feed(*, user) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user).first()


# --- Decisions ---------------------------------------------------------------------------------


def decision_register(
    *,
    user,
    body: Body | None = None,
    organization: Organization | None = None,
    status: str = "",
    overdue: bool = False,
) -> QuerySet[Decision]:
    decisions = permissions.visible_decisions(user).select_related(
        "meeting__body", "responsible_organization"
    )
    if body is not None:
        decisions = decisions.filter(meeting__body=body)
    if organization is not None:
        decisions = decisions.filter(responsible_organization=organization)
    if status:
        decisions = decisions.filter(status=status)
    if overdue:
        decisions = decisions.filter(
            status__in=Decision.OPEN_STATUSES, due_date__lt=timezone.localdate()
        )
    return decisions.order_by("due_date", "id")


def get_decision(*, user, pk: int) -> Decision:
    decision = (
        Decision.objects.select_related("meeting__body", "responsible_organization")
        .prefetch_related(
            "meeting__body__memberships", "meeting__body__lead_users", "updates__author"
        )
        .filter(pk=pk)
        .first()
    )
    if decision is None or not permissions.can_see_decision(user, decision):
        raise Http404
    return decision


def my_decisions_due(*, user, limit: int = 5) -> list[Decision]:
    if not user.is_authenticated or user.organization_id is None:
        return []
    return list(
        Decision.objects.filter(
            responsible_organization_id=user.organization_id,
            status__in=Decision.OPEN_STATUSES,
        )
        .select_related("meeting__body")
        .order_by(F("due_date").asc(nulls_last=True), "id")[:limit]
    )


def minutes_awaiting_approval(*, user, limit: int = 5) -> list[Meeting]:
    return list(
        Meeting.objects.filter(
            body__in=permissions.managed_bodies(user).values("pk"),
            minutes_status=MinutesStatus.DRAFT,
            status=Meeting.Status.HELD,
        )
        .exclude(minutes="")
        .select_related("body")
        .order_by("starts_at")[:limit]
    )


def upcoming_meetings(*, user, limit: int = 5) -> list[Meeting]:
    return list(
        list_meetings(user=user, start=timezone.now())
        .filter(status=Meeting.Status.PLANNED)
        .order_by("starts_at")[:limit]
    )


def public_minutes(*, limit: int = 5) -> list[Meeting]:
    from django.contrib.auth.models import AnonymousUser

    return list(
        permissions.readable_minutes(AnonymousUser())
        .select_related("body")
        .order_by("-starts_at")[:limit]
    )


def public_upcoming_meetings(*, limit: int = 5) -> list[Meeting]:
    """Planned meetings announced to the public, for the landing page."""
    from django.contrib.auth.models import AnonymousUser

    return list(
        list_meetings(user=AnonymousUser(), start=timezone.now())
        .filter(status=Meeting.Status.PLANNED)
        .order_by("starts_at")[:limit]
    )


def list_readable_minutes(*, user) -> QuerySet[Meeting]:
    return permissions.readable_minutes(user).select_related("body").order_by("-starts_at")


# --- For other apps: Triple C and the monthly digest -------------------------------------------


@dataclass
class Rate:
    """A share and the records behind it, so that a scorecard can show its evidence."""

    numerator: int
    denominator: int
    counted: list = field(default_factory=list)
    matched: list = field(default_factory=list)

    @property
    def rate(self) -> Decimal | None:
        """Between 0 and 1, or None when nothing was expected in the period."""
        if not self.denominator:
            return None
        return Decimal(self.numerator) / Decimal(self.denominator)


def _day_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=tz),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
    )


def attendance_rate(*, organization: Organization, start: dt.date, end: dt.date) -> Rate:
    """Share of the held meetings (start..end inclusive) of the bodies the organisation belongs
    to at which it was present; a meeting held before the organisation joined the body is not
    expected of it. ``counted``: the meetings expected; ``matched``: those attended."""
    since, until = _day_bounds(start, end)
    meetings = list(
        # One filter() call: both conditions apply to the same membership row.
        Meeting.objects.filter(
            status=Meeting.Status.HELD,
            starts_at__gte=since,
            starts_at__lt=until,
            body__memberships__organization=organization,
            starts_at__date__gte=F("body__memberships__joined_on"),
        )
        .select_related("body")
        .distinct()
        .order_by("starts_at")
    )
    attended_ids = set(
        Meeting.objects.filter(
            pk__in=[m.pk for m in meetings], attendances__organization=organization
        ).values_list("pk", flat=True)
    )
    attended = [m for m in meetings if m.pk in attended_ids]
    return Rate(
        numerator=len(attended), denominator=len(meetings), counted=meetings, matched=attended
    )


def decision_follow_up_rate(*, organization: Organization, start: dt.date, end: dt.date) -> Rate:
    """Share of the decisions assigned to the organisation and due start..end (inclusive) that it
    followed up: marked done, or at least one progress update posted by its staff.
    Dropped decisions are not counted. ``counted``: the decisions; ``matched``: followed up."""
    decisions = list(
        Decision.objects.filter(
            responsible_organization=organization,
            due_date__gte=start,
            due_date__lte=end,
        )
        .exclude(status=Decision.Status.DROPPED)
        .select_related("meeting__body")
        .annotate(own_updates=Count("updates", filter=Q(updates__organization=organization)))
        .order_by("due_date", "id")
    )
    followed = [d for d in decisions if d.status == Decision.Status.DONE or d.own_updates]
    return Rate(
        numerator=len(followed), denominator=len(decisions), counted=decisions, matched=followed
    )


def meetings_held(*, start: dt.date, end: dt.date) -> list[Meeting]:
    """Meetings held start..end (inclusive) in non-confidential bodies, by date."""
    since, until = _day_bounds(start, end)
    return list(
        Meeting.objects.filter(
            status=Meeting.Status.HELD,
            starts_at__gte=since,
            starts_at__lt=until,
            body__is_confidential=False,
        )
        .select_related("body")
        .order_by("starts_at")
    )


def decisions_taken(*, start: dt.date, end: dt.date) -> list[Decision]:
    """Decisions recorded at meetings held start..end (inclusive), non-confidential bodies."""
    since, until = _day_bounds(start, end)
    return list(
        Decision.objects.filter(
            meeting__starts_at__gte=since,
            meeting__starts_at__lt=until,
            meeting__body__is_confidential=False,
        )
        .select_related("meeting__body", "responsible_organization")
        .order_by("meeting__starts_at", "id")
    )


def decisions_due_or_overdue(
    *, on: dt.date, organization: Organization | None = None
) -> list[Decision]:
    """Open or in-progress decisions due on or before ``on`` + 7 days (overdue when before ``on``),
    non-confidential bodies, optionally for one responsible organisation."""
    decisions = Decision.objects.filter(
        status__in=Decision.OPEN_STATUSES,
        due_date__lte=on + dt.timedelta(days=7),
        meeting__body__is_confidential=False,
    )
    if organization is not None:
        decisions = decisions.filter(responsible_organization=organization)
    return list(
        decisions.select_related("meeting__body", "responsible_organization").order_by(
            "due_date", "id"
        )
    )


# --- Context monitoring ------------------------------------------------------------------------


def list_context_notes(*, user, region=None, theme: str = "") -> QuerySet[ContextNote]:
    notes = (
        ContextNote.objects.visible_to(user).select_related("author").prefetch_related("regions")
    )
    if region is not None:
        notes = notes.filter(regions=region)
    if theme:
        notes = notes.filter(theme=theme)
    return notes.order_by("-date", "-id")


def get_context_note(*, user, pk: int) -> ContextNote:
    note = (
        ContextNote.objects.visible_to(user)
        .select_related("author")
        .prefetch_related("regions")
        .filter(pk=pk)
        .first()
    )
    if note is None:
        raise Http404
    return note


@dataclass
class RegionalRisk:
    region: object
    level: int | None
    previous: int | None
    date: dt.date | None
    note: ContextNote | None

    @property
    def trend(self) -> str:
        """'up', 'down', 'stable' or '' when there is nothing to compare."""
        if self.level is None or self.previous is None:
            return ""
        if self.level > self.previous:
            return "up"
        if self.level < self.previous:
            return "down"
        return "stable"

    @property
    def label(self) -> str:
        return str(ContextNote.Risk(self.level).label) if self.level else ""


def regional_risk(*, user) -> list[RegionalRisk]:
    """For every region of Mali: the latest risk level the user may see, the one before it
    (for the trend), and the note it comes from. Two queries whatever the number of notes."""
    from aid_tracking.models import Region

    latest: dict[int, list[ContextNote]] = {}
    through = ContextNote.regions.through
    # Only the two latest notes per region leave the database (a window function), however many
    # notes the history holds.
    rows = (
        through.objects.filter(contextnote__in=ContextNote.objects.visible_to(user))
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("region_id")],
                order_by=[F("contextnote__date").desc(), F("contextnote_id").desc()],
            )
        )
        .filter(rank__lte=2)
        .select_related("contextnote")
        .order_by("region_id", "rank")
    )
    for row in rows:
        notes = latest.setdefault(row.region_id, [])
        if len(notes) < 2:
            notes.append(row.contextnote)
    result = []
    for region in Region.objects.all():
        notes = latest.get(region.pk, [])
        result.append(
            RegionalRisk(
                region=region,
                level=notes[0].risk_level if notes else None,
                previous=notes[1].risk_level if len(notes) > 1 else None,
                date=notes[0].date if notes else None,
                note=notes[0] if notes else None,
            )
        )
    return result
