"""The concertation axis's report kinds: the monthly coordination digest and a meeting's minutes.

Both leave out confidential bodies (the Groupe des Ambassadeurs): the selectors they use already
do, and the minutes kind refuses such a meeting outright.
"""

from collections import Counter

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from seg_portal.accounts.roles import Visibility
from seg_portal.charts import bar_chart
from seg_portal.reports.registry import Periodicity, ReportKind, parse_period, register
from seg_portal.reports.services import ReportError

from . import selectors
from .models import Attendance, Meeting, MinutesStatus
from .rendering import render_markdown

# --- Monthly coordination digest ---------------------------------------------------------------


def build_digest_context(report) -> dict:
    period = parse_period(Periodicity.MONTH, report.period)
    meetings = selectors.meetings_held(start=period.start, end=period.end)
    decisions = selectors.decisions_taken(start=period.start, end=period.end)
    # Due and overdue as the month closed: open decisions due by its last day (+ a week ahead).
    on = period.end
    due = selectors.decisions_due_or_overdue(on=on)
    overdue = [decision for decision in due if decision.due_date < on]
    upcoming = [decision for decision in due if decision.due_date >= on]
    per_body = Counter(meeting.body.name for meeting in meetings)
    body_rows = sorted(per_body.items(), key=lambda row: (-row[1], row[0]))
    chart = bar_chart(body_rows, title=gettext("Meetings held per body")) if body_rows else ""
    return {
        "period": period,
        "on": on,
        "meetings": meetings,
        "body_rows": body_rows,
        "decisions": decisions,
        "overdue": overdue,
        "upcoming": upcoming,
        "women": sum(meeting.women_count for meeting in meetings),
        "men": sum(meeting.men_count for meeting in meetings),
        "chart": chart,
    }


DIGEST = register(
    ReportKind(
        slug="coordination_digest",
        label=_("Monthly coordination digest"),
        periodicity=Periodicity.MONTH,
        template_name="coordination/pdf/digest.html",
        build_context=build_digest_context,
        default_audience=Visibility.PARTNERS,
        description=_(
            "Meetings held in the month per body, decisions taken, and decisions due or overdue "
            "with their responsible organisation."
        ),
    )
)


# --- Minutes of a meeting ----------------------------------------------------------------------


def _reportable_meetings():
    return Meeting.objects.filter(
        minutes_status=MinutesStatus.PUBLISHED, body__is_confidential=False
    ).select_related("body")


def minutes_subjects() -> list[tuple[str, str]]:
    """Meetings whose minutes are published, of non-confidential bodies, newest first."""
    return [
        (
            str(meeting.pk),
            f"{meeting.body} — {meeting.title} ({timezone.localdate(meeting.starts_at):%Y-%m-%d})",
        )
        for meeting in _reportable_meetings().order_by("-starts_at")[:500]
    ]


def _reportable_meeting(subject: str) -> Meeting:
    meeting = (
        _reportable_meetings()
        .select_related("body__lead_organization")
        .filter(pk=int(subject) if subject.isdigit() else None)
        .first()
    )
    if meeting is None:
        raise ReportError(
            gettext(
                "Minutes can only be reported for a meeting whose minutes are published and whose "
                "body is not confidential."
            )
        )
    return meeting


def minutes_max_audience(report) -> str:
    """The minutes' own visibility: the report never reaches further than the minutes do."""
    meeting = (
        _reportable_meetings().filter(pk=int(report.subject)).first()
        if report.subject.isdigit()
        else None
    )
    return meeting.minutes_visibility if meeting else Visibility.INTERNAL


def build_minutes_context(report) -> dict:
    meeting = _reportable_meeting(report.subject)
    attendance = list(
        Attendance.objects.filter(meeting=meeting)
        .select_related("organization")
        .order_by("organization__name")
    )
    return {
        "meeting": meeting,
        "starts_at": timezone.localtime(meeting.starts_at),
        "ends_at": timezone.localtime(meeting.ends_at),
        "attendance": attendance,
        "agenda": list(meeting.agenda_items.all()),
        "minutes_html": render_markdown(meeting.minutes),
        "decisions": list(
            meeting.decisions.select_related("responsible_organization").order_by("due_date", "id")
        ),
        "checklist": list(meeting.checklist.all()),
    }


MINUTES = register(
    ReportKind(
        slug="coordination_minutes",
        label=_("Minutes of a meeting"),
        periodicity=Periodicity.SUBJECT,
        template_name="coordination/pdf/minutes.html",
        build_context=build_minutes_context,
        default_audience=Visibility.PARTNERS,
        description=_(
            "The published minutes of one meeting: attendance, agenda, minutes, decisions and the "
            "conflict-sensitivity checklist."
        ),
        subjects=minutes_subjects,
        max_audience=minutes_max_audience,
    )
)
