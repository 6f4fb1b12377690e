"""Who may do what in the concertation axis: predicates, and their queryset twins.

Three circles around a body: its *managers* (the secretariat and the body's lead focal points),
its *insiders* (managers plus PTF staff of member organisations: they read internal documents and
minutes) and everyone the body is *visible* to (any signed-in person for an open body; only members
and the secretariat for a confidential one). Content published as ``partners`` or ``public`` is
read by whoever sees the meeting and is in that audience; ``internal`` content only by insiders.
"""

from django.db.models import Q, QuerySet

from seg_portal.accounts.roles import Role, Visibility, visibilities_for

from .models import (
    Body,
    ContextNote,
    Decision,
    Invitation,
    Meeting,
    MeetingDocument,
    MinutesStatus,
)


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


# --- Predicates --------------------------------------------------------------------------------


def can_see_body(user, body: Body) -> bool:
    if not _signed_in(user):
        return False
    if user.is_secretariat or not body.is_confidential:
        return True
    return is_member(user, body) or _is_lead(user, body)


def is_member(user, body: Body) -> bool:
    return _signed_in(user) and any(
        m.organization_id == user.organization_id for m in body.memberships.all()
    )


def _is_lead(user, body: Body) -> bool:
    return _signed_in(user) and any(u.pk == user.pk for u in body.lead_users.all())


def can_manage_body(user, body: Body) -> bool:
    """The secretariat manages every body; a lead focal point manages the bodies they lead."""
    return _signed_in(user) and (user.is_secretariat or _is_lead(user, body))


def is_insider(user, body: Body) -> bool:
    """Managers, and PTF staff of member organisations: they read the body's internal content."""
    if can_manage_body(user, body):
        return True
    return _signed_in(user) and user.role == Role.PTF and is_member(user, body)


def can_create_body(user) -> bool:
    return _signed_in(user) and user.is_secretariat


def can_see_meeting(user, meeting: Meeting) -> bool:
    body = meeting.body
    if not _signed_in(user):
        return not body.is_confidential and meeting.visibility == Visibility.PUBLIC
    if not can_see_body(user, body):
        return False
    if user.role == Role.VIEWER:
        return (
            meeting.visibility != Visibility.INTERNAL
            or is_member(user, body)
            or body.government_counterpart_id == user.organization_id
        )
    return True


def can_manage_meeting(user, meeting: Meeting) -> bool:
    return can_manage_body(user, meeting.body)


def can_read(user, meeting: Meeting, visibility: str) -> bool:
    """May ``user`` read content of ``meeting`` published with ``visibility``?"""
    if not can_see_meeting(user, meeting) or visibility not in visibilities_for(user):
        return False
    return visibility != Visibility.INTERNAL or is_insider(user, meeting.body)


def can_read_minutes(user, meeting: Meeting) -> bool:
    if meeting.minutes_status == MinutesStatus.PUBLISHED:
        return can_read(user, meeting, meeting.minutes_visibility)
    return can_manage_meeting(user, meeting)


def can_download_document(user, document: MeetingDocument) -> bool:
    return can_read(user, document.meeting, document.visibility) or can_manage_meeting(
        user, document.meeting
    )


def can_see_decision(user, decision: Decision) -> bool:
    meeting = decision.meeting
    if not can_see_meeting(user, meeting):
        return False
    if is_insider(user, meeting.body):
        return True
    if _signed_in(user) and decision.responsible_organization_id == user.organization_id:
        return True
    return (
        meeting.minutes_status == MinutesStatus.PUBLISHED
        and meeting.minutes_visibility != Visibility.INTERNAL
        and can_read(user, meeting, meeting.minutes_visibility)
    )


def can_update_decision(user, decision: Decision) -> bool:
    """The body's managers, and the responsible PTF's staff, post progress."""
    if can_manage_meeting(user, decision.meeting):
        return True
    return (
        _signed_in(user)
        and user.role == Role.PTF
        and decision.responsible_organization_id == user.organization_id
    )


def can_reply_to_invitation(user, invitation: Invitation) -> bool:
    return _signed_in(user) and invitation.user_id == user.pk


def can_edit_checklist_questions(user) -> bool:
    return _signed_in(user) and user.is_secretariat


def can_see_context(user) -> bool:
    return _signed_in(user) and user.role in (Role.SECRETARIAT, Role.PTF)


def can_add_context_note(user) -> bool:
    return can_see_context(user)


def can_see_context_note(user, note: ContextNote) -> bool:
    return note.visibility in visibilities_for(user)


def can_change_context_note(user, note: ContextNote) -> bool:
    """The secretariat, or staff of the organisation whose member wrote the note."""
    if not (can_see_context(user) and can_see_context_note(user, note)):
        return False
    if user.is_secretariat:
        return True
    author = note.author
    return (
        author is not None
        and user.organization_id is not None
        and author.organization_id == user.organization_id
    )


def can_use_calendar_feed(user) -> bool:
    return _signed_in(user)


# --- Queryset twins ----------------------------------------------------------------------------


def insider_bodies(user) -> QuerySet:
    if not _signed_in(user):
        return Body.objects.none()
    if user.is_secretariat:
        return Body.objects.all()
    condition = Q(lead_users=user)
    if user.role == Role.PTF:
        condition |= Q(memberships__organization_id=user.organization_id)
    return Body.objects.filter(condition)


def managed_bodies(user) -> QuerySet:
    return Body.objects.editable_by(user)


def visible_meetings(user) -> QuerySet:
    meetings = Meeting.objects.all()
    if not _signed_in(user):
        return meetings.filter(body__is_confidential=False, visibility=Visibility.PUBLIC)
    if user.is_secretariat:
        return meetings
    meetings = meetings.filter(body__in=Body.objects.visible_to(user).values("pk"))
    if user.role == Role.VIEWER:
        member_of = Body.objects.filter(
            Q(memberships__organization_id=user.organization_id)
            | Q(government_counterpart_id=user.organization_id)
        ).values("pk")
        meetings = meetings.filter(~Q(visibility=Visibility.INTERNAL) | Q(body__in=member_of))
    return meetings


def readable_q(user, prefix: str, field: str) -> Q:
    """Rows whose ``field`` visibility the user reads (internal only inside their bodies)."""
    audiences = [v for v in visibilities_for(user) if v != Visibility.INTERNAL]
    condition = Q(**{f"{field}__in": audiences})
    if _signed_in(user):
        condition |= Q(**{f"{prefix}body__in": insider_bodies(user).values("pk")})
    return condition


def visible_decisions(user) -> QuerySet:
    decisions = Decision.objects.filter(meeting__in=visible_meetings(user).values("pk"))
    if _signed_in(user) and user.is_secretariat:
        return decisions
    published = Q(meeting__minutes_status=MinutesStatus.PUBLISHED) & readable_q(
        user, "meeting__", "meeting__minutes_visibility"
    )
    condition = published
    if _signed_in(user):
        condition |= Q(meeting__body__in=insider_bodies(user).values("pk"))
        condition |= Q(responsible_organization_id=user.organization_id)
    return decisions.filter(condition)


def readable_minutes(user) -> QuerySet:
    """Meetings whose published minutes the user may read."""
    return visible_meetings(user).filter(
        Q(minutes_status=MinutesStatus.PUBLISHED) & readable_q(user, "", "minutes_visibility")
    )


def visible_documents(user, meeting: Meeting) -> QuerySet:
    documents = meeting.documents.all()
    if can_manage_meeting(user, meeting):
        return documents
    return documents.filter(readable_q(user, "meeting__", "visibility"))
