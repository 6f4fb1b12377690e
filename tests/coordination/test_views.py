import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from icalendar import Calendar
from openpyxl import load_workbook

from coordination.models import CalendarFeed, Decision, MeetingDocument, MinutesStatus
from seg_portal.accounts.roles import Visibility

from .factories import BodyFactory, DecisionFactory, MeetingFactory, in_days

pytestmark = pytest.mark.django_db


# --- Hostile input -----------------------------------------------------------------------------


def test_a_script_tag_in_minutes_is_rendered_inert(client_for, lead, group):
    meeting = MeetingFactory(body=group, starts_at=in_days(-1))
    client = client_for(lead)
    hostile = (
        "# Titre\n\n<script>alert(0)</script> [lien](javascript:alert(1))"
        " <img src=x onerror=alert(2)>"
    )
    client.post(reverse("coordination:minutes_save", args=[meeting.pk]), {"minutes": hostile})
    html = (
        client_for(lead)
        .get(reverse("coordination:meeting_detail", args=[meeting.pk]))
        .content.decode()
    )
    rendered = html.split('class="minutes"', 1)[1].split("</div>", 1)[0]
    assert "<h1>" not in rendered
    assert "Titre" in rendered
    assert "<script" not in rendered
    assert "javascript:" not in rendered
    assert "onerror" not in rendered


def test_a_script_tag_in_a_decision_is_rendered_inert(client_for, lead, group, alpha):
    meeting = MeetingFactory(body=group)
    client = client_for(lead)
    client.post(
        reverse("coordination:decision_add", args=[meeting.pk]),
        {"text": "<script>alert(1)</script>Agir", "responsible_organization": alpha.pk},
    )
    decision = Decision.objects.get()
    for url in [
        meeting.get_absolute_url(),
        decision.get_absolute_url(),
        reverse("coordination:decision_register"),
    ]:
        html = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "Agir" in html


def _upload(client, meeting, name, content, **extra):
    return client.post(
        reverse("coordination:document_upload", args=[meeting.pk]),
        {
            "title": "Pièce",
            "visibility": "internal",
            "file": SimpleUploadedFile(name, content),
            **extra,
        },
    )


def test_an_executable_upload_is_refused_and_nothing_stored(client_for, lead, group, settings):
    meeting = MeetingFactory(body=group)
    response = _upload(client_for(lead), meeting, "outil.exe", b"MZ\x90\x00binary")
    assert response.status_code == 400
    assert "ne sont pas acceptés" in response.content.decode()
    response = _upload(client_for(lead), meeting, "faux.pdf", b"MZ\x90\x00binary")
    assert response.status_code == 400
    assert "ne correspond pas" in response.content.decode()
    assert not MeetingDocument.objects.exists()
    assert not (settings.MEDIA_ROOT / "coordination").exists()


def test_an_oversized_upload_is_refused_and_nothing_stored(client_for, lead, group, settings):
    settings.MAX_UPLOAD_MB = 1
    meeting = MeetingFactory(body=group)
    response = _upload(
        client_for(lead), meeting, "gros.pdf", b"%PDF-1.4" + b"0" * (1024 * 1024 + 1)
    )
    assert response.status_code == 400
    assert "trop volumineux" in response.content.decode()
    assert not MeetingDocument.objects.exists()


def test_a_pdf_upload_is_kept_and_downloaded_through_the_gate(client_for, lead, ptf, group):
    meeting = MeetingFactory(body=group)
    item = meeting.agenda_items.create(position=1, title="Point")
    response = _upload(client_for(lead), meeting, "note.pdf", b"%PDF-1.4 note", agenda_item=item.pk)
    assert response.status_code == 302
    document = MeetingDocument.objects.get()
    assert document.agenda_item == item
    response = client_for(ptf).get(reverse("coordination:document_download", args=[document.pk]))
    assert b"".join(response.streaming_content) == b"%PDF-1.4 note"


def test_a_second_titular_is_refused_with_its_message(
    client_for, secretariat, group, alpha, ptf, lead
):
    membership = group.memberships.get(organization=alpha)
    client = client_for(secretariat)
    url = reverse("coordination:representative_set", args=[group.pk, membership.pk])
    assert client.post(url, {"user": ptf.pk, "role": "titular"}).status_code == 302
    response = client.post(url, {"user": lead.pk, "role": "titular"})
    assert response.status_code == 400
    assert "deux représentants au plus par institution" in response.content.decode()
    assert membership.representatives.count() == 1


# --- Exports -----------------------------------------------------------------------------------


def test_the_register_exports_neutralised_typed_cells(client_for, secretariat, group, alpha):
    meeting = MeetingFactory(body=group, starts_at=in_days(-3))
    DecisionFactory(
        meeting=meeting,
        responsible_organization=alpha,
        text='=HYPERLINK("http://x")',
        due_date=dt.date(2026, 4, 1),
    )
    client = client_for(secretariat)
    csv_body = client.get(
        reverse("coordination:decision_register"), {"export": "csv"}
    ).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_body
    response = client.get(reverse("coordination:decision_register"), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    row = [cell.value for cell in sheet[2]]
    assert row[2] == '\'=HYPERLINK("http://x")'
    assert row[4] == dt.datetime(2026, 4, 1)  # a date cell, not text
    assert row[1] == dt.datetime(2026, 3, 8)


def test_register_filters_by_overdue_and_organisation(client_for, secretariat, group, alpha, beta):
    meeting = MeetingFactory(body=group, starts_at=in_days(-20))
    DecisionFactory(
        meeting=meeting,
        responsible_organization=alpha,
        text="retard-alpha",
        due_date=dt.date(2026, 3, 1),
    )
    DecisionFactory(
        meeting=meeting,
        responsible_organization=beta,
        text="retard-beta",
        due_date=dt.date(2026, 3, 1),
    )
    DecisionFactory(
        meeting=meeting,
        responsible_organization=alpha,
        text="futur-alpha",
        due_date=dt.date(2026, 5, 1),
    )
    html = (
        client_for(secretariat)
        .get(reverse("coordination:decision_register"), {"overdue": "on", "organization": alpha.pk})
        .content.decode()
    )
    assert "retard-alpha" in html
    assert "retard-beta" not in html
    assert "futur-alpha" not in html


# --- iCal --------------------------------------------------------------------------------------


def test_the_personal_feed_is_valid_and_lists_visible_meetings(
    client_for, client, ptf, group, confidential, other_group
):
    MeetingFactory(body=group, title="Visible")
    MeetingFactory(body=confidential, title="Ambassadeurs")
    client_for(ptf).post(reverse("coordination:calendar_feed_settings"), {"action": "regenerate"})
    token = CalendarFeed.objects.get(user=ptf).token
    client.logout()
    response = client.get(reverse("coordination:user_feed", args=[token]))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0"
    summaries = sorted(str(event["SUMMARY"]) for event in calendar.walk("VEVENT"))
    assert summaries == ["GT Genre — Visible", "Groupe des Ambassadeurs — Ambassadeurs"]
    for event in calendar.walk("VEVENT"):
        assert event["UID"]
        assert event["DTSTAMP"]
        assert event["DTSTART"]


def test_a_wrong_or_revoked_token_is_404(client_for, client, ptf):
    client_for(ptf).post(reverse("coordination:calendar_feed_settings"), {"action": "regenerate"})
    old = CalendarFeed.objects.get(user=ptf).token
    client_for(ptf).post(reverse("coordination:calendar_feed_settings"), {"action": "regenerate"})
    new = CalendarFeed.objects.get(user=ptf).token
    assert old != new
    assert client.get(reverse("coordination:user_feed", args=[old])).status_code == 404
    assert client.get(reverse("coordination:user_feed", args=["not-a-token"])).status_code == 404
    assert client.get(reverse("coordination:user_feed", args=[new])).status_code == 200
    client_for(ptf).post(reverse("coordination:calendar_feed_settings"), {"action": "revoke"})
    assert client.get(reverse("coordination:user_feed", args=[new])).status_code == 404


def test_the_body_feed_has_only_public_meetings(client, group, confidential):
    MeetingFactory(body=group, title="Publique", visibility=Visibility.PUBLIC)
    MeetingFactory(body=group, title="Interne", visibility=Visibility.INTERNAL)
    response = client.get(reverse("coordination:body_feed", args=[group.pk]))
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["GT Genre — Publique"]
    assert client.get(reverse("coordination:body_feed", args=[confidential.pk])).status_code == 404


# --- Pages -------------------------------------------------------------------------------------


def test_empty_states(client_for, secretariat):
    client = client_for(secretariat)
    assert (
        "Aucune instance de coordination"
        in client.get(reverse("coordination:body_list")).content.decode()
    )
    assert (
        "Aucune décision ne correspond"
        in client.get(reverse("coordination:decision_register")).content.decode()
    )
    assert (
        "Aucune réunion à venir"
        in client.get(reverse("coordination:calendar_list")).content.decode()
    )


def test_month_view_places_meetings_on_their_bamako_day(client_for, ptf, group):
    MeetingFactory(body=group, title="Tard", starts_at=in_days(2, hour=23))
    html = (
        client_for(ptf)
        .get(reverse("coordination:calendar_month"), {"year": 2026, "month": 3})
        .content.decode()
    )
    assert "Mars 2026" in html
    assert "23:00" in html


def test_lead_schedules_a_meeting_in_bamako_time(client_for, lead, group):
    response = client_for(lead).post(
        reverse("coordination:meeting_create", args=[group.pk]),
        {
            "title": "Atelier",
            "date": "2026-03-20",
            "start_time": "09:30",
            "end_time": "11:00",
            "place": "SEG",
            "visibility": "internal",
        },
    )
    assert response.status_code == 302
    meeting = group.meetings.get()
    assert meeting.starts_at == dt.datetime(2026, 3, 20, 9, 30, tzinfo=dt.UTC)  # Bamako is UTC+0


def test_a_meeting_needs_a_place_or_a_link_and_an_end_after_start(client_for, lead, group):
    response = client_for(lead).post(
        reverse("coordination:meeting_create", args=[group.pk]),
        {
            "title": "Atelier",
            "date": "2026-03-20",
            "start_time": "11:00",
            "end_time": "09:00",
            "visibility": "internal",
        },
    )
    html = response.content.decode()
    assert "doit se terminer après son début" in html
    assert "Indiquez un lieu ou un lien" in html
    assert not group.meetings.exists()


def _populate(n, group, alpha):
    for index in range(n):
        meeting = MeetingFactory(
            body=group,
            starts_at=in_days(index % 20 - 10),
            status="held" if index % 2 else "planned",
        )
        DecisionFactory(meeting=meeting, responsible_organization=alpha)
        meeting.documents.create(title=f"doc{index}", file="coordination/x.pdf")


@pytest.mark.parametrize("size", [2, 20])
def test_query_counts_do_not_grow(
    client_for, ptf, group, alpha, size, django_assert_max_num_queries
):
    _populate(size, group, alpha)
    BodyFactory.create_batch(size, members=[alpha])
    client = client_for(ptf)
    for url in [
        reverse("coordination:calendar_month"),
        reverse("coordination:calendar_list"),
        reverse("coordination:body_list"),
        reverse("coordination:body_detail", args=[group.pk]),
        reverse("coordination:decision_register"),
        reverse("coordination:minutes_list"),
    ]:
        with django_assert_max_num_queries(16):
            assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("size", [2, 20])
def test_meeting_page_query_count_is_bounded(
    client_for, lead, group, alpha, size, django_assert_max_num_queries
):
    meeting = MeetingFactory(
        body=group, starts_at=in_days(-1), minutes="x", minutes_status=MinutesStatus.DRAFT
    )
    for index in range(size):
        item = meeting.agenda_items.create(position=index, title=f"Point {index}")
        meeting.documents.create(title=f"doc{index}", file="coordination/x.pdf", agenda_item=item)
        DecisionFactory(meeting=meeting, responsible_organization=alpha)
    # The page carries many forms for the lead; the count is the same at both sizes.
    with django_assert_max_num_queries(34):
        assert client_for(lead).get(meeting.get_absolute_url()).status_code == 200
