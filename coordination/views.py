import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.http import require_POST

from seg_portal.accounts.roles import Visibility

from . import exports, forms, ical, permissions, selectors, services
from .models import (
    AgendaItem,
    Body,
    ChairTerm,
    ChecklistQuestion,
    ContextNote,
    Meeting,
    Membership,
    Representative,
)
from .rendering import render_markdown

PAGE_SIZE = 25


def _page(request, queryset, size: int = PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def _form_page(request, *, title: str, form, back: str, multipart: bool = False, status=200):
    return render(
        request,
        "coordination/form_page.html",
        {"title": title, "form": form, "back": back, "multipart": multipart},
        status=status,
    )


def _body_membership(body: Body, membership_pk: int) -> Membership:
    """A membership of this body (the body was checked first: the id alone proves nothing)."""
    return get_object_or_404(
        Membership.objects.select_related("organization"), pk=membership_pk, body=body
    )


def _managed_body(request, pk: int) -> Body:
    body = selectors.get_body(user=request.user, pk=pk)
    if not permissions.can_manage_body(request.user, body):
        raise PermissionDenied
    return body


def _managed_meeting(request, pk: int):
    meeting = selectors.get_meeting(user=request.user, pk=pk)
    if not permissions.can_manage_meeting(request.user, meeting):
        raise PermissionDenied
    return meeting


# --- Bodies ------------------------------------------------------------------------------------


@login_required
def body_list(request):
    form = forms.BodyFilterForm(
        request.GET or None,
        organizations=selectors.body_lead_organizations(user=request.user),
    )
    filters = form.cleaned_data if form.is_valid() else {}
    bodies = selectors.list_bodies(
        user=request.user,
        kind=filters.get("kind", ""),
        lead_organization=filters.get("lead_organization"),
        text=filters.get("q", "").strip(),
    )
    return render(
        request,
        "coordination/body_list.html",
        {
            "page_obj": _page(request, bodies),
            "form": form,
            "can_create": permissions.can_create_body(request.user),
        },
    )


@login_required
def body_create(request):
    if not permissions.can_create_body(request.user):
        raise PermissionDenied
    form = forms.BodyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        body = services.save_body(
            body=form.save(commit=False), lead_users=form.cleaned_data["lead_users"]
        )
        messages.success(request, _("Body created."))
        return redirect(body)
    return _form_page(
        request, title=_("New body"), form=form, back=reverse("coordination:body_list")
    )


@login_required
def body_edit(request, pk: int):
    body = _managed_body(request, pk)
    form = forms.BodyForm(request.POST or None, instance=body)
    if not request.user.is_secretariat:
        # A lead edits the description of their body; its leads and secrecy are the secretariat's.
        for name in ("lead_users", "is_confidential", "kind", "parent"):
            del form.fields[name]
    if request.method == "POST" and form.is_valid():
        services.save_body(
            body=form.save(commit=False), lead_users=form.cleaned_data.get("lead_users")
        )
        messages.success(request, _("Body saved."))
        return redirect(body)
    return _form_page(
        request,
        title=_("Edit %(name)s") % {"name": body.name},
        form=form,
        back=body.get_absolute_url(),
    )


@login_required
def body_detail(request, pk: int):
    body = selectors.get_body(user=request.user, pk=pk)
    can_manage = permissions.can_manage_body(request.user, body)
    context = {
        "body": body,
        "can_manage": can_manage,
        "next_meetings": selectors.body_next_meetings(user=request.user, body=body),
        "past_meetings": _page(
            request, selectors.body_past_meetings(user=request.user, body=body), 10
        ),
        "open_decisions": selectors.body_open_decisions(user=request.user, body=body),
        "documents": selectors.body_documents(user=request.user, body=body),
        "public_feed_url": None
        if body.is_confidential
        else request.build_absolute_uri(reverse("coordination:body_feed", args=[body.pk])),
    }
    if can_manage:
        context["member_form"] = forms.MemberForm(auto_id="member_%s")
        context["term_form"] = forms.ChairTermForm(auto_id="term_%s")
        context["representative_roles"] = Representative.Role.choices
    return render(request, "coordination/body_detail.html", context)


@require_POST
@login_required
def member_add(request, pk: int):
    body = _managed_body(request, pk)
    form = forms.MemberForm(request.POST)
    if not form.is_valid():
        return _form_page(
            request, title=_("Add a member"), form=form, back=body.get_absolute_url(), status=400
        )
    services.add_member(
        body=body,
        organization=form.cleaned_data["organization"],
        joined_on=form.cleaned_data["joined_on"],
    )
    messages.success(request, _("Member added."))
    return redirect(body)


@login_required
def member_edit(request, pk: int, membership_pk: int):
    body = _managed_body(request, pk)
    membership = _body_membership(body, membership_pk)
    form = forms.MembershipForm(request.POST or None, instance=membership)
    if request.method == "POST" and form.is_valid():
        services.set_member_since(membership=membership, joined_on=form.cleaned_data["joined_on"])
        messages.success(request, _("Member saved."))
        return redirect(body)
    title = _("Membership of %(organization)s") % {"organization": membership.organization.acronym}
    return _form_page(
        request,
        title=title,
        form=form,
        back=body.get_absolute_url(),
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def member_remove(request, pk: int, membership_pk: int):
    body = _managed_body(request, pk)
    membership = get_object_or_404(Membership, pk=membership_pk, body=body)
    services.remove_member(membership=membership)
    messages.success(request, _("Member removed."))
    return redirect(body)


@login_required
def representative_set(request, pk: int, membership_pk: int):
    body = _managed_body(request, pk)
    membership = _body_membership(body, membership_pk)
    form = forms.RepresentativeForm(request.POST or None, membership=membership)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_representative(
                membership=membership,
                user=form.cleaned_data["user"],
                role=form.cleaned_data["role"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Representative saved."))
            return redirect(body)
    title = _("Representative of %(organization)s") % {
        "organization": membership.organization.acronym
    }
    return _form_page(
        request,
        title=title,
        form=form,
        back=body.get_absolute_url(),
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def representative_remove(request, pk: int, representative_pk: int):
    body = _managed_body(request, pk)
    representative = get_object_or_404(Representative, pk=representative_pk, membership__body=body)
    services.remove_representative(representative=representative)
    messages.success(request, _("Representative removed."))
    return redirect(body)


@require_POST
@login_required
def chair_term_add(request, pk: int):
    body = _managed_body(request, pk)
    form = forms.ChairTermForm(request.POST, instance=ChairTerm(body=body))
    if form.is_valid():
        try:
            services.add_chair_term(term=form.save(commit=False))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Chair term added."))
            return redirect(body)
    return _form_page(
        request, title=_("Add a chair term"), form=form, back=body.get_absolute_url(), status=400
    )


# --- Meetings ----------------------------------------------------------------------------------


@login_required
def meeting_create(request, pk: int):
    body = _managed_body(request, pk)
    form = forms.MeetingForm(request.POST or None, instance=Meeting(body=body))
    if request.method == "POST" and form.is_valid():
        meetings = services.schedule_meeting(
            meeting=form.save(commit=False),
            repeat_monthly=form.cleaned_data.get("repeat_monthly") or 0,
        )
        messages.success(request, _("Meeting scheduled."))
        return redirect(meetings[0])
    return _form_page(
        request,
        title=_("Schedule a meeting of %(body)s") % {"body": body.name},
        form=form,
        back=body.get_absolute_url(),
    )


@login_required
def meeting_edit(request, pk: int):
    meeting = _managed_meeting(request, pk)
    form = forms.MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        services.update_meeting(meeting=form.save(commit=False))
        messages.success(request, _("Meeting saved."))
        return redirect(meeting)
    return _form_page(
        request, title=_("Edit the meeting"), form=form, back=meeting.get_absolute_url()
    )


@login_required
def meeting_detail(request, pk: int):
    meeting = selectors.get_meeting(user=request.user, pk=pk)
    user = request.user
    can_manage = permissions.can_manage_meeting(user, meeting)
    can_read_minutes = permissions.can_read_minutes(user, meeting)
    invitation = selectors.invitation_for(user=user, meeting=meeting)
    context = {
        "meeting": meeting,
        "can_manage": can_manage,
        "is_insider": permissions.is_insider(user, meeting.body),
        "agenda": selectors.meeting_agenda(meeting=meeting, user=user),
        "documents": selectors.meeting_documents(user=user, meeting=meeting),
        "decisions": selectors.meeting_decisions(user=user, meeting=meeting),
        "can_read_minutes": can_read_minutes,
        "minutes_html": render_markdown(meeting.minutes) if can_read_minutes else "",
        "checklist": selectors.meeting_checklist(meeting=meeting) if can_read_minutes else [],
        "invitation": invitation,
        "reply_form": forms.ReplyForm(initial={"reply": invitation.reply}, auto_id="reply_%s")
        if invitation
        else None,
    }
    if can_manage:
        context.update(
            {
                "invitations": selectors.meeting_invitations(meeting=meeting),
                "agenda_form": forms.AgendaItemForm(auto_id="agenda_%s"),
                "document_form": forms.DocumentForm(meeting=meeting, auto_id="document_%s"),
                "decision_form": forms.DecisionForm(auto_id="decision_%s"),
                "attendance_form": forms.AttendanceForm(
                    meeting=meeting,
                    auto_id="attendance_%s",
                    initial={
                        "organizations": [a.organization_id for a in meeting.attendances.all()],
                        "women_count": meeting.women_count,
                        "men_count": meeting.men_count,
                    },
                ),
                "minutes_form": forms.MinutesForm(
                    initial={"minutes": meeting.minutes}, auto_id="minutes_%s"
                ),
                "publish_form": forms.PublishForm(
                    initial={"visibility": meeting.minutes_visibility}, auto_id="publish_%s"
                ),
            }
        )
    return render(request, "coordination/meeting_detail.html", context)


@require_POST
@login_required
def meeting_cancel(request, pk: int):
    meeting = _managed_meeting(request, pk)
    services.cancel_meeting(meeting=meeting)
    messages.success(request, _("Meeting cancelled."))
    return redirect(meeting)


@require_POST
@login_required
def agenda_add(request, pk: int):
    meeting = _managed_meeting(request, pk)
    form = forms.AgendaItemForm(request.POST)
    if not form.is_valid():
        return _form_page(
            request,
            title=_("Add an agenda item"),
            form=form,
            back=meeting.get_absolute_url(),
            status=400,
        )
    services.add_agenda_item(meeting=meeting, **form.cleaned_data)
    messages.success(request, _("Agenda item added."))
    return redirect(meeting)


@require_POST
@login_required
def agenda_move(request, pk: int, item_pk: int):
    meeting = _managed_meeting(request, pk)
    item = get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting)
    services.move_agenda_item(item=item, up=request.POST.get("direction") == "up")
    return redirect(meeting)


@require_POST
@login_required
def agenda_remove(request, pk: int, item_pk: int):
    meeting = _managed_meeting(request, pk)
    item = get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting)
    services.remove_agenda_item(item=item)
    messages.success(request, _("Agenda item removed."))
    return redirect(meeting)


@require_POST
@login_required
def invitations_send(request, pk: int):
    meeting = _managed_meeting(request, pk)
    count = services.send_invitations(meeting=meeting)
    messages.success(
        request,
        ngettext("%(count)s invitation sent.", "%(count)s invitations sent.", count)
        % {"count": count},
    )
    return redirect(meeting)


@require_POST
@login_required
def invitation_reply(request, pk: int):
    meeting = selectors.get_meeting(user=request.user, pk=pk)
    invitation = selectors.invitation_for(user=request.user, meeting=meeting)
    if invitation is None:
        raise PermissionDenied
    return _reply(request, invitation)


def invitation_reply_by_token(request, token: str):
    """The link in the invitation e-mail: the token stands for the invitee, no login needed."""
    invitation = selectors.get_invitation_by_token(token=token)
    if request.method == "POST":
        return _reply(request, invitation, token_page=True)
    form = forms.ReplyForm(
        initial={"reply": invitation.reply if invitation.reply != "pending" else None}
    )
    return render(
        request, "coordination/invitation_reply.html", {"invitation": invitation, "form": form}
    )


def _reply(request, invitation, *, token_page: bool = False):
    form = forms.ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.reply_to_invitation(invitation=invitation, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
    if form.errors:
        return render(
            request,
            "coordination/invitation_reply.html",
            {"invitation": invitation, "form": form},
            status=400,
        )
    messages.success(request, _("Thank you, your reply has been recorded."))
    if token_page:
        return redirect("coordination:invitation_reply_by_token", token=invitation.token)
    return redirect(invitation.meeting)


@require_POST
@login_required
def attendance_record(request, pk: int):
    meeting = _managed_meeting(request, pk)
    form = forms.AttendanceForm(request.POST, meeting=meeting)
    if form.is_valid():
        try:
            services.record_attendance(meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Attendance recorded."))
            return redirect(meeting)
    return _form_page(
        request,
        title=_("Record attendance"),
        form=form,
        back=meeting.get_absolute_url(),
        status=400,
    )


@require_POST
@login_required
def document_upload(request, pk: int):
    meeting = _managed_meeting(request, pk)
    form = forms.DocumentForm(request.POST, request.FILES, meeting=meeting)
    if form.is_valid():
        try:
            services.upload_document(
                meeting=meeting,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                visibility=form.cleaned_data["visibility"],
                agenda_item=form.cleaned_data["agenda_item"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("Document added."))
            return redirect(meeting)
    return _form_page(
        request,
        title=_("Add a document"),
        form=form,
        back=meeting.get_absolute_url(),
        multipart=True,
        status=400,
    )


@login_required
def document_download(request, pk: int):
    document = selectors.get_document(user=request.user, pk=pk)
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.file.name.rsplit("/", 1)[-1],
    )


def public_document_download(request, pk: int):
    """Public documents, for anonymous visitors reading public minutes."""
    document = selectors.get_document(user=request.user, pk=pk)
    return FileResponse(
        document.file.open("rb"), as_attachment=True, filename=document.file.name.rsplit("/", 1)[-1]
    )


@require_POST
@login_required
def document_delete(request, pk: int):
    document = selectors.get_document(user=request.user, pk=pk)
    if not permissions.can_manage_meeting(request.user, document.meeting):
        raise PermissionDenied
    services.delete_document(document=document)
    messages.success(request, _("Document deleted."))
    return redirect(document.meeting)


# --- Minutes -----------------------------------------------------------------------------------


@require_POST
@login_required
def minutes_save(request, pk: int):
    meeting = _managed_meeting(request, pk)
    form = forms.MinutesForm(request.POST)
    if form.is_valid():
        try:
            services.save_minutes(
                meeting=meeting, text=form.cleaned_data["minutes"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Minutes saved as a draft."))
            return redirect(meeting)
    return _form_page(
        request,
        title=pgettext("meeting record", "Minutes"),
        form=form,
        back=meeting.get_absolute_url(),
        status=400,
    )


def _transition(request, pk: int, action, message: str, **kwargs):
    meeting = _managed_meeting(request, pk)
    try:
        action(meeting=meeting, **kwargs)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, message)
    return redirect(meeting)


@require_POST
@login_required
def minutes_approve(request, pk: int):
    return _transition(
        request, pk, services.approve_minutes, _("Minutes approved."), by=request.user
    )


@require_POST
@login_required
def minutes_publish(request, pk: int):
    form = forms.PublishForm(request.POST)
    visibility = form.cleaned_data["visibility"] if form.is_valid() else Visibility.INTERNAL
    return _transition(
        request, pk, services.publish_minutes, _("Minutes published."), visibility=visibility
    )


@require_POST
@login_required
def minutes_unpublish(request, pk: int):
    return _transition(request, pk, services.unpublish_minutes, _("Minutes withdrawn."))


@login_required
def checklist_answer(request, pk: int):
    meeting = _managed_meeting(request, pk)
    rows = selectors.meeting_checklist(meeting=meeting)
    form = forms.ChecklistForm(request.POST or None, rows=rows)
    if request.method == "POST" and form.is_valid():
        services.answer_checklist(meeting=meeting, answers=form.answers())
        messages.success(request, _("Checklist saved."))
        return redirect(meeting)
    return _form_page(
        request, title=_("Do-No-Harm checklist"), form=form, back=meeting.get_absolute_url()
    )


@login_required
def checklist_questions(request):
    if not permissions.can_edit_checklist_questions(request.user):
        raise PermissionDenied
    form = forms.ChecklistQuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.save_checklist_question(question=form.save(commit=False))
        messages.success(request, _("Question saved."))
        return redirect("coordination:checklist_questions")
    questions = ChecklistQuestion.objects.all()
    return render(
        request, "coordination/checklist_questions.html", {"form": form, "questions": questions}
    )


@login_required
def checklist_question_edit(request, question_pk: int):
    if not permissions.can_edit_checklist_questions(request.user):
        raise PermissionDenied
    question = get_object_or_404(ChecklistQuestion, pk=question_pk)
    form = forms.ChecklistQuestionForm(request.POST or None, instance=question)
    if request.method == "POST" and form.is_valid():
        services.save_checklist_question(question=form.save(commit=False))
        messages.success(request, _("Question saved."))
        return redirect("coordination:checklist_questions")
    return _form_page(
        request,
        title=_("Edit the question"),
        form=form,
        back=reverse("coordination:checklist_questions"),
    )


def minutes_list(request):
    """Published minutes the visitor may read (anonymous visitors: public minutes only)."""
    page_obj = _page(request, selectors.list_readable_minutes(user=request.user))
    return render(request, "coordination/minutes_list.html", {"page_obj": page_obj})


def minutes_public(request, pk: int):
    meeting = selectors.get_meeting(user=request.user, pk=pk)
    if not permissions.can_read_minutes(request.user, meeting):
        raise Http404
    return render(
        request,
        "coordination/minutes_public.html",
        {
            "meeting": meeting,
            "minutes_html": render_markdown(meeting.minutes),
            "decisions": selectors.meeting_decisions(user=request.user, meeting=meeting),
            "documents": selectors.meeting_documents(user=request.user, meeting=meeting),
        },
    )


# --- Decisions ---------------------------------------------------------------------------------


@require_POST
@login_required
def decision_add(request, pk: int):
    meeting = _managed_meeting(request, pk)
    form = forms.DecisionForm(request.POST)
    if not form.is_valid():
        return _form_page(
            request,
            title=_("Record a decision"),
            form=form,
            back=meeting.get_absolute_url(),
            status=400,
        )
    services.record_decision(meeting=meeting, **form.cleaned_data)
    messages.success(request, _("Decision recorded."))
    return redirect(meeting)


@login_required
def decision_detail(request, pk: int):
    decision = selectors.get_decision(user=request.user, pk=pk)
    can_update = permissions.can_update_decision(request.user, decision)
    form = forms.DecisionUpdateForm(request.POST or None, initial={"status": decision.status})
    if request.method == "POST":
        if not can_update:
            raise PermissionDenied
        if form.is_valid():
            services.post_decision_update(decision=decision, by=request.user, **form.cleaned_data)
            messages.success(request, _("Progress posted."))
            return redirect(decision)
    return render(
        request,
        "coordination/decision_detail.html",
        {
            "decision": decision,
            "can_update": can_update,
            "form": form,
            "text_html": render_markdown(decision.text),
        },
        status=400 if form.errors else 200,
    )


@login_required
def decision_register(request):
    form = forms.RegisterFilterForm(
        request.GET or None, bodies=selectors.list_bodies(user=request.user)
    )
    filters = form.cleaned_data if form.is_valid() else {}
    decisions = selectors.decision_register(
        user=request.user,
        body=filters.get("body"),
        organization=filters.get("organization"),
        status=filters.get("status") or "",
        overdue=bool(filters.get("overdue")),
    )
    export = request.GET.get("export")
    if export == "csv":
        response = HttpResponse(
            exports.register_csv(decisions), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="decisions.csv"'
        return response
    if export == "xlsx":
        response = HttpResponse(
            exports.register_xlsx(decisions),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="decisions.xlsx"'
        return response
    return render(
        request,
        "coordination/decision_register.html",
        {"form": form, "page_obj": _page(request, decisions), "today": timezone.localdate()},
    )


# --- Calendar ----------------------------------------------------------------------------------


@login_required
def calendar_month(request):
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
        month = int(request.GET.get("month", today.month))
        first = dt.date(year, month, 1)
    except ValueError:
        raise Http404 from None
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    weeks = selectors.month_calendar(user=request.user, year=year, month=month)
    return render(
        request,
        "coordination/calendar_month.html",
        {
            "weeks": weeks,
            "has_meetings": any(
                day["meetings"] for week in weeks for day in week if day["in_month"]
            ),
            "first": first,
            "previous": previous,
            "following": following,
            "today": today,
        },
    )


@login_required
def calendar_list(request):
    page_obj = _page(
        request,
        selectors.list_meetings(user=request.user, start=timezone.now() - dt.timedelta(days=1)),
    )
    return render(request, "coordination/calendar_list.html", {"page_obj": page_obj})


@login_required
def calendar_feed_settings(request):
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.revoke_calendar_feed(user=request.user)
            messages.success(request, _("Your calendar link has been revoked."))
        else:
            services.regenerate_calendar_feed(user=request.user)
            messages.success(
                request, _("A new calendar link has been created; the old one no longer works.")
            )
        return redirect("coordination:calendar_feed_settings")
    feed = selectors.calendar_feed(user=request.user)
    url = (
        request.build_absolute_uri(reverse("coordination:user_feed", args=[feed.token]))
        if feed
        else ""
    )
    return render(request, "coordination/calendar_feed.html", {"feed": feed, "feed_url": url})


def user_feed(request, token: str):
    _owner, meetings = selectors.feed_meetings_for_user(token=token)
    body = ical.calendar_for(meetings, name=_("SEG meetings"))
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


def body_feed(request, pk: int):
    body, meetings = selectors.public_body_feed(pk=pk)
    return HttpResponse(
        ical.calendar_for(meetings, name=body.name), content_type="text/calendar; charset=utf-8"
    )


# --- Context monitoring ------------------------------------------------------------------------


def _context_gate(request):
    if not permissions.can_see_context(request.user):
        raise PermissionDenied


@login_required
def context_list(request):
    _context_gate(request)
    theme = request.GET.get("theme", "")
    if theme not in ContextNote.Theme.values:
        theme = ""
    notes = selectors.list_context_notes(user=request.user, theme=theme)
    notes_page = _page(request, notes)
    return render(
        request,
        "coordination/context_list.html",
        {
            "page_obj": notes_page,
            "overview": selectors.regional_risk(user=request.user),
            "themes": ContextNote.Theme.choices,
            "theme": theme,
            "can_add": permissions.can_add_context_note(request.user),
            "changeable": {
                note.pk
                for note in notes_page.object_list
                if permissions.can_change_context_note(request.user, note)
            },
        },
    )


@login_required
def context_create(request):
    if not permissions.can_add_context_note(request.user):
        raise PermissionDenied
    form = forms.ContextNoteForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        services.save_context_note(
            note=form.save(commit=False), regions=form.cleaned_data["regions"], by=request.user
        )
        messages.success(request, _("Context note saved."))
        return redirect("coordination:context_list")
    return _form_page(
        request, title=_("New context note"), form=form, back=reverse("coordination:context_list")
    )


def _changeable_note(request, pk: int) -> ContextNote:
    _context_gate(request)
    note = selectors.get_context_note(user=request.user, pk=pk)
    if not permissions.can_change_context_note(request.user, note):
        raise PermissionDenied
    return note


@login_required
def context_edit(request, pk: int):
    note = _changeable_note(request, pk)
    form = forms.ContextNoteForm(request.POST or None, instance=note)
    if request.method == "POST" and form.is_valid():
        services.save_context_note(
            note=form.save(commit=False), regions=form.cleaned_data["regions"], by=request.user
        )
        messages.success(request, _("Context note saved."))
        return redirect("coordination:context_list")
    return _form_page(
        request, title=_("Edit context note"), form=form, back=reverse("coordination:context_list")
    )


@login_required
@require_POST
def context_delete(request, pk: int):
    note = _changeable_note(request, pk)
    services.delete_context_note(note=note)
    messages.success(request, _("Context note deleted."))
    return redirect("coordination:context_list")
