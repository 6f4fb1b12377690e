"""Every change of state in the concertation axis (STYLE.md §2)."""

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from seg_portal.accounts.models import Organization, User
from seg_portal.accounts.roles import Visibility
from seg_portal.files import check_document

from .models import (
    AgendaItem,
    Attendance,
    Body,
    CalendarFeed,
    ChairTerm,
    ChecklistAnswer,
    ChecklistQuestion,
    ContextNote,
    Decision,
    DecisionUpdate,
    Invitation,
    Meeting,
    MeetingDocument,
    Membership,
    MinutesStatus,
    Representative,
)

# --- Bodies ------------------------------------------------------------------------------------


@transaction.atomic
def save_body(*, body: Body, lead_users=None) -> Body:
    body.full_clean()
    body.save()
    if lead_users is not None:
        body.lead_users.set(lead_users)
    return body


@transaction.atomic
def add_member(
    *, body: Body, organization: Organization, joined_on: dt.date | None = None
) -> Membership:
    """Add the organisation as a member since ``joined_on`` (today by default); adding an existing
    member again keeps its membership as it was."""
    defaults = {"joined_on": joined_on} if joined_on else {}
    membership, _created = Membership.objects.get_or_create(
        body=body, organization=organization, defaults=defaults
    )
    return membership


@transaction.atomic
def set_member_since(*, membership: Membership, joined_on: dt.date) -> Membership:
    membership.joined_on = joined_on
    membership.save(update_fields=["joined_on"])
    return membership


@transaction.atomic
def remove_member(*, membership: Membership) -> None:
    membership.delete()


@transaction.atomic
def set_representative(*, membership: Membership, user: User, role: str) -> Representative:
    """Name a titular or substitute; an institution has at most one of each (the GEC's rule)."""
    if user.organization_id != membership.organization_id:
        raise ValidationError(
            _("A representative must belong to the member organisation."), code="wrong_org"
        )
    existing = membership.representatives.exclude(user=user)
    if existing.filter(role=role).exists():
        raise ValidationError(
            _(
                "This organisation already has a representative in that role: at most two "
                "representatives per institution, one titular and one substitute."
            ),
            code="role_taken",
        )
    try:
        with transaction.atomic():
            representative, _created = Representative.objects.update_or_create(
                membership=membership, user=user, defaults={"role": role}
            )
    except IntegrityError as error:  # a concurrent request took the role first
        raise ValidationError(
            _(
                "This organisation already has a representative in that role: at most two "
                "representatives per institution, one titular and one substitute."
            ),
            code="role_taken",
        ) from error
    return representative


@transaction.atomic
def remove_representative(*, representative: Representative) -> None:
    representative.delete()


@transaction.atomic
def add_chair_term(*, term: ChairTerm) -> ChairTerm:
    term.full_clean()
    # Lock the body so that two concurrent additions cannot both pass the overlap check.
    Body.objects.select_for_update().filter(pk=term.body_id).first()
    conflict = (
        ChairTerm.objects.filter(
            body_id=term.body_id,
            role=term.role,
            starts_on__lte=term.ends_on,
            ends_on__gte=term.starts_on,
        )
        .exclude(pk=term.pk)
        .select_related("organization")
        .order_by("starts_on")
        .first()
    )
    if conflict is not None:
        raise ValidationError(
            _("This term overlaps the %(role)s term of %(organization)s from %(start)s to %(end)s.")
            % {
                "role": conflict.get_role_display(),
                "organization": conflict.organization,
                "start": date_format(conflict.starts_on),
                "end": date_format(conflict.ends_on),
            },
            code="overlap",
        )
    term.save()
    return term


# --- Meetings ----------------------------------------------------------------------------------


def _add_months(moment: dt.datetime, months: int) -> dt.datetime:
    local = timezone.localtime(moment)
    month_index = local.month - 1 + months
    year, month = local.year + month_index // 12, month_index % 12 + 1
    day = min(local.day, 28)
    return local.replace(year=year, month=month, day=day)


@transaction.atomic
def schedule_meeting(*, meeting: Meeting, repeat_monthly: int = 0) -> list[Meeting]:
    """Create a meeting, or a monthly series of ``repeat_monthly`` + 1 meetings.

    Open and overdue decisions of the body are carried onto each new meeting's agenda.
    """
    meeting.full_clean()
    if repeat_monthly:
        meeting.series = uuid.uuid4()
    meeting.save()
    meetings = [meeting]
    duration = meeting.ends_at - meeting.starts_at
    for index in range(1, repeat_monthly + 1):
        starts_at = _add_months(meeting.starts_at, index)
        meetings.append(
            Meeting.objects.create(
                body=meeting.body,
                title=meeting.title,
                starts_at=starts_at,
                ends_at=starts_at + duration,
                place=meeting.place,
                online_url=meeting.online_url,
                visibility=meeting.visibility,
                series=meeting.series,
            )
        )
    carry_over_decisions(meeting=meeting)
    return meetings


@transaction.atomic
def update_meeting(*, meeting: Meeting) -> Meeting:
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def carry_over_decisions(*, meeting: Meeting) -> list[AgendaItem]:
    """Put the body's open and in-progress decisions from earlier meetings on this agenda.

    Safe to run twice: a decision is carried to a meeting at most once (unique constraint).
    """
    decisions = (
        Decision.objects.filter(
            meeting__body_id=meeting.body_id,
            meeting__starts_at__lt=meeting.starts_at,
            status__in=Decision.OPEN_STATUSES,
        )
        .exclude(carried_to__meeting=meeting)
        .select_related("responsible_organization")
        .order_by("due_date", "id")
    )
    position = (meeting.agenda_items.aggregate(top=Max("position"))["top"] or 0) + 1
    items = []
    for decision in decisions:
        items.append(
            AgendaItem.objects.create(
                meeting=meeting,
                position=position,
                title=_("Follow-up of decision: %(text)s") % {"text": decision.text[:250]},
                presenter=decision.responsible_organization.acronym,
                carried_decision=decision,
            )
        )
        position += 1
    return items


@transaction.atomic
def add_agenda_item(*, meeting: Meeting, title: str, presenter: str = "") -> AgendaItem:
    position = (meeting.agenda_items.aggregate(top=Max("position"))["top"] or 0) + 1
    return AgendaItem.objects.create(
        meeting=meeting, position=position, title=title, presenter=presenter
    )


@transaction.atomic
def move_agenda_item(*, item: AgendaItem, up: bool) -> None:
    item.refresh_from_db(fields=["position"])  # another move may have changed it since loading
    siblings = item.meeting.agenda_items.order_by("position", "id")
    neighbour = (
        siblings.filter(position__lt=item.position).order_by("-position").first()
        if up
        else siblings.filter(position__gt=item.position).first()
    )
    if neighbour is None:
        return
    item.position, neighbour.position = neighbour.position, item.position
    item.save(update_fields=["position"])
    neighbour.save(update_fields=["position"])


@transaction.atomic
def remove_agenda_item(*, item: AgendaItem) -> None:
    item.delete()


def _invitees(meeting: Meeting) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            representations__membership__body_id=meeting.body_id,
        ).distinct()
    )


@transaction.atomic
def send_invitations(*, meeting: Meeting) -> int:
    """Invite every member's representatives; each person gets one e-mail, once."""
    from .tasks import send_invitation_task

    count = 0
    for user in _invitees(meeting):
        invitation, _created = Invitation.objects.get_or_create(meeting=meeting, user=user)
        if invitation.sent_at is None:
            send_invitation_task.delay_on_commit(invitation.pk)
            count += 1
    return count


@transaction.atomic
def reply_to_invitation(*, invitation: Invitation, reply: str, substitute_name: str = "") -> None:
    if invitation.meeting.status != Meeting.Status.PLANNED:
        raise ValidationError(_("This meeting no longer takes replies."), code="closed")
    if reply == Invitation.Reply.SUBSTITUTE and not substitute_name.strip():
        raise ValidationError(_("Give the name of the substitute."), code="substitute_name")
    invitation.reply = reply
    invitation.substitute_name = substitute_name.strip() if reply == "substitute" else ""
    invitation.replied_at = timezone.now()
    invitation.save(update_fields=["reply", "substitute_name", "replied_at"])


@transaction.atomic
def record_attendance(*, meeting: Meeting, organizations, women_count: int, men_count: int) -> None:
    """After the meeting: who came, and how many women and men; the meeting is then held."""
    if meeting.starts_at > timezone.now():
        raise ValidationError(
            _("Attendance can be recorded once the meeting has started."), code="future"
        )
    meeting.attendances.exclude(organization__in=organizations).delete()
    for organization in organizations:
        Attendance.objects.get_or_create(meeting=meeting, organization=organization)
    meeting.women_count, meeting.men_count = women_count, men_count
    meeting.status = Meeting.Status.HELD
    meeting.save(update_fields=["women_count", "men_count", "status"])


@transaction.atomic
def cancel_meeting(*, meeting: Meeting) -> None:
    """Cancel the meeting and notify its invitees once (a second cancel sends nothing)."""
    from .tasks import send_cancellation_task

    changed = (
        Meeting.objects.filter(pk=meeting.pk)
        .exclude(status=Meeting.Status.CANCELLED)
        .update(status=Meeting.Status.CANCELLED)
    )
    meeting.status = Meeting.Status.CANCELLED
    if not changed:
        return
    for invitation_id in meeting.invitations.values_list("pk", flat=True):
        send_cancellation_task.delay_on_commit(invitation_id)


@transaction.atomic
def upload_document(
    *,
    meeting: Meeting,
    upload: UploadedFile,
    title: str,
    by: User,
    visibility: str = Visibility.INTERNAL,
    agenda_item: AgendaItem | None = None,
) -> MeetingDocument:
    check_document(upload)  # on the bytes: type, content and size, before anything is stored
    return MeetingDocument.objects.create(
        meeting=meeting,
        agenda_item=agenda_item,
        title=title,
        file=upload,
        visibility=visibility,
        uploaded_by=by,
    )


@transaction.atomic
def delete_document(*, document: MeetingDocument) -> None:
    storage, name = document.file.storage, document.file.name
    document.delete()
    transaction.on_commit(lambda: storage.delete(name))


# --- Minutes -----------------------------------------------------------------------------------


@transaction.atomic
def save_minutes(*, meeting: Meeting, text: str, by: User) -> None:
    if meeting.minutes_status == MinutesStatus.PUBLISHED:
        raise ValidationError(_("Published minutes can no longer be edited."), code="published")
    meeting.minutes = text
    # Any change sends approved minutes back to draft: approval covers one text.
    meeting.minutes_status = MinutesStatus.DRAFT
    meeting.minutes_approved_by = None
    meeting.minutes_approved_at = None
    meeting.save(
        update_fields=[
            "minutes",
            "minutes_status",
            "minutes_approved_by",
            "minutes_approved_at",
        ]
    )


@transaction.atomic
def approve_minutes(*, meeting: Meeting, by: User) -> None:
    if meeting.minutes_status != MinutesStatus.DRAFT:
        raise ValidationError(_("Only draft minutes can be approved."), code="not_draft")
    if not meeting.minutes.strip():
        raise ValidationError(_("Write the minutes before approving them."), code="empty")
    updated = Meeting.objects.filter(pk=meeting.pk, minutes_status=MinutesStatus.DRAFT).update(
        minutes_status=MinutesStatus.APPROVED,
        minutes_approved_by=by,
        minutes_approved_at=timezone.now(),
    )
    if not updated:
        raise ValidationError(_("Only draft minutes can be approved."), code="not_draft")
    meeting.refresh_from_db()


@transaction.atomic
def publish_minutes(*, meeting: Meeting, visibility: str) -> None:
    if meeting.minutes_status != MinutesStatus.APPROVED:
        raise ValidationError(_("Only approved minutes can be published."), code="not_approved")
    meeting.minutes_status = MinutesStatus.PUBLISHED
    meeting.minutes_visibility = visibility
    meeting.minutes_published_at = timezone.now()
    meeting.save(update_fields=["minutes_status", "minutes_visibility", "minutes_published_at"])


@transaction.atomic
def unpublish_minutes(*, meeting: Meeting) -> None:
    if meeting.minutes_status != MinutesStatus.PUBLISHED:
        raise ValidationError(_("These minutes are not published."), code="not_published")
    meeting.minutes_status = MinutesStatus.APPROVED
    meeting.minutes_published_at = None
    meeting.save(update_fields=["minutes_status", "minutes_published_at"])


@transaction.atomic
def answer_checklist(*, meeting: Meeting, answers: dict[int, tuple[str, str]]) -> None:
    """``answers`` maps a question id to (answer, comment); the wording is kept with the answer."""
    questions = {q.pk: q for q in ChecklistQuestion.objects.filter(pk__in=answers)}
    for question_id, (answer, comment) in answers.items():
        question = questions[question_id]
        ChecklistAnswer.objects.update_or_create(
            meeting=meeting,
            question=question,
            defaults={"answer": answer, "comment": comment, "question_text": question.text},
        )


@transaction.atomic
def save_checklist_question(*, question: ChecklistQuestion) -> ChecklistQuestion:
    question.full_clean()
    question.save()
    return question


# --- Decisions ---------------------------------------------------------------------------------


@transaction.atomic
def record_decision(
    *,
    meeting: Meeting,
    text: str,
    responsible_organization: Organization,
    due_date: dt.date | None,
) -> Decision:
    return Decision.objects.create(
        meeting=meeting,
        text=text,
        responsible_organization=responsible_organization,
        due_date=due_date,
    )


@transaction.atomic
def post_decision_update(*, decision: Decision, by: User, text: str, status: str) -> DecisionUpdate:
    update = DecisionUpdate.objects.create(
        decision=decision, author=by, organization=by.organization, text=text, status=status
    )
    if decision.status != status:
        decision.status = status
        decision.save(update_fields=["status"])
    return update


# --- Reminders and digests (called by the Celery tasks) ---------------------------------------


def claim_reminder(*, meeting_id: int) -> bool:
    """Mark a meeting's reminder as sent; False when it already was (so it goes out once)."""
    return bool(
        Meeting.objects.filter(pk=meeting_id, reminder_sent_at__isnull=True).update(
            reminder_sent_at=timezone.now()
        )
    )


def meetings_needing_reminder(*, now: dt.datetime | None = None) -> list[int]:
    now = now or timezone.now()
    return list(
        Meeting.objects.filter(
            status=Meeting.Status.PLANNED,
            reminder_sent_at__isnull=True,
            starts_at__gt=now,
            starts_at__lte=now + dt.timedelta(hours=48),
        ).values_list("pk", flat=True)
    )


def mark_invitation_sent(*, invitation_id: int) -> bool:
    return bool(
        Invitation.objects.filter(pk=invitation_id, sent_at__isnull=True).update(
            sent_at=timezone.now()
        )
    )


def mark_cancellation_sent(*, invitation_id: int) -> bool:
    return bool(
        Invitation.objects.filter(pk=invitation_id, cancellation_sent_at__isnull=True).update(
            cancellation_sent_at=timezone.now()
        )
    )


# --- Calendar feed -----------------------------------------------------------------------------


@transaction.atomic
def regenerate_calendar_feed(*, user: User) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    if not _created:
        from .models import _token

        feed.token = _token()
        feed.save(update_fields=["token", "created_at"])
    return feed


@transaction.atomic
def revoke_calendar_feed(*, user: User) -> None:
    CalendarFeed.objects.filter(user=user).delete()


# --- Context monitoring ------------------------------------------------------------------------


@transaction.atomic
def save_context_note(*, note: ContextNote, regions, by: User | None = None) -> ContextNote:
    if note.pk is None:
        note.author = by
    note.full_clean()
    note.save()
    note.regions.set(regions)
    return note


@transaction.atomic
def delete_context_note(*, note: ContextNote) -> None:
    note.delete()
