"""Who reaches which page: every view, for anonymous, each role and the outsider."""

import pytest
from django.urls import reverse

from coordination.models import MinutesStatus
from seg_portal.accounts.roles import Visibility

from .factories import DecisionFactory, MeetingFactory

pytestmark = pytest.mark.django_db

CAST = ["anonymous", "secretariat", "ptf", "lead", "other_ptf", "viewer"]


@pytest.fixture
def cast(secretariat, ptf, lead, other_ptf, viewer):
    return {
        "anonymous": None,
        "secretariat": secretariat,
        "ptf": ptf,
        "lead": lead,
        "other_ptf": other_ptf,
        "viewer": viewer,
    }


def status_for(client_for, user, url, method="get", data=None):
    client = client_for(user)
    response = getattr(client, method)(url, data or {})
    status = response.status_code
    client.logout()
    if status == 302 and "/accounts/login/" in response["Location"]:
        return "login"
    return status


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", "login"),
        ("secretariat", 200),
        ("ptf", 200),
        ("lead", 200),
        ("other_ptf", 200),
        ("viewer", 200),
    ],
)
def test_body_list_needs_login(client_for, cast, group, who, expected):
    assert status_for(client_for, cast[who], reverse("coordination:body_list")) == expected


def test_other_ptf_does_not_see_a_confidential_body_in_the_list(
    client_for, other_ptf, confidential
):
    html = client_for(other_ptf).get(reverse("coordination:body_list")).content.decode()
    # The kind filter offers "Groupe des Ambassadeurs" as a kind: look for the body's link.
    assert confidential.get_absolute_url() not in html


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", "login"),
        ("secretariat", 200),
        ("ptf", 200),
        ("lead", 200),
        ("other_ptf", 404),
        ("viewer", 404),
    ],
)
def test_confidential_body_is_seen_only_by_members_and_the_secretariat(
    client_for, cast, confidential, who, expected
):
    url = reverse("coordination:body_detail", args=[confidential.pk])
    assert status_for(client_for, cast[who], url) == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", "login"),
        ("secretariat", 200),
        ("ptf", 403),
        ("lead", 200),
        ("other_ptf", 403),
        ("viewer", 403),
    ],
)
def test_only_the_lead_and_the_secretariat_edit_a_body(client_for, cast, group, who, expected):
    url = reverse("coordination:body_edit", args=[group.pk])
    assert status_for(client_for, cast[who], url) == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", "login"),
        ("secretariat", 200),
        ("ptf", 403),
        ("lead", 200),
        ("other_ptf", 403),
        ("viewer", 403),
    ],
)
def test_only_the_lead_and_the_secretariat_change_a_join_date(
    client_for, cast, group, alpha, who, expected
):
    membership = group.memberships.get(organization=alpha)
    url = reverse("coordination:member_edit", args=[group.pk, membership.pk])
    assert status_for(client_for, cast[who], url) == expected
    posted = status_for(client_for, cast[who], url, "post", {"joined_on": "2021-01-01"})
    assert posted == (302 if expected == 200 else expected)
    membership.refresh_from_db()
    assert (membership.joined_on.year == 2021) == (expected == 200)


def test_the_lead_manages_only_their_own_body(client_for, lead, other_group):
    client = client_for(lead)
    assert client.get(reverse("coordination:body_edit", args=[other_group.pk])).status_code == 403
    url = reverse("coordination:meeting_create", args=[other_group.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"title": "x"}).status_code == 403
    assert not other_group.meetings.exists()


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", "login"),
        ("secretariat", 200),
        ("ptf", 403),
        ("lead", 403),
        ("other_ptf", 403),
        ("viewer", 403),
    ],
)
def test_only_the_secretariat_creates_bodies(client_for, cast, who, expected):
    assert status_for(client_for, cast[who], reverse("coordination:body_create")) == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", "login"),
        ("secretariat", 200),
        ("ptf", 200),
        ("lead", 200),
        ("other_ptf", 200),
        ("viewer", 404),
    ],
)
def test_internal_meeting_is_hidden_from_viewers(client_for, cast, group, who, expected):
    # The Government counterpart of the group is the viewer's organisation: remove it here.
    group.government_counterpart = None
    group.save()
    meeting = MeetingFactory(body=group, visibility=Visibility.INTERNAL)
    url = reverse("coordination:meeting_detail", args=[meeting.pk])
    assert status_for(client_for, cast[who], url) == expected


def _published(group, visibility):
    return MeetingFactory(
        body=group,
        visibility=Visibility.PARTNERS,
        status="held",
        minutes="Texte du **compte rendu** confidentiel-xyz",
        minutes_status=MinutesStatus.PUBLISHED,
        minutes_visibility=visibility,
    )


def test_other_ptf_cannot_see_internal_minutes(client_for, other_ptf, group):
    meeting = _published(group, Visibility.INTERNAL)
    response = client_for(other_ptf).get(reverse("coordination:meeting_detail", args=[meeting.pk]))
    assert response.status_code == 200
    assert "confidentiel-xyz" not in response.content.decode()
    url = reverse("coordination:minutes_public", args=[meeting.pk])
    assert client_for(other_ptf).get(url).status_code == 404


def test_member_ptf_reads_internal_minutes(client_for, ptf, group):
    meeting = _published(group, Visibility.INTERNAL)
    response = client_for(ptf).get(reverse("coordination:meeting_detail", args=[meeting.pk]))
    assert "<strong>compte rendu</strong>" in response.content.decode()


@pytest.mark.parametrize(
    ("visibility", "who", "reads"),
    [
        (Visibility.INTERNAL, "viewer", False),
        (Visibility.PARTNERS, "viewer", True),
        (Visibility.PUBLIC, "viewer", True),
        (Visibility.INTERNAL, "anonymous", False),
        (Visibility.PARTNERS, "anonymous", False),
        (Visibility.PUBLIC, "anonymous", True),
        (Visibility.PARTNERS, "other_ptf", True),
    ],
)
def test_published_minutes_reach_only_their_audience(
    client_for, cast, group, visibility, who, reads
):
    meeting = _published(group, visibility)
    if visibility == Visibility.PUBLIC:
        meeting.visibility = Visibility.PUBLIC
        meeting.save()
    url = reverse("coordination:minutes_public", args=[meeting.pk])
    assert status_for(client_for, cast[who], url) == (200 if reads else 404)
    listing = client_for(cast[who]).get(reverse("coordination:minutes_list")).content.decode()
    assert (meeting.title in listing) is reads


def test_draft_minutes_are_seen_only_by_managers(client_for, ptf, lead, group):
    meeting = MeetingFactory(body=group, minutes="brouillon-abc")
    url = reverse("coordination:meeting_detail", args=[meeting.pk])
    assert "brouillon-abc" not in client_for(ptf).get(url).content.decode()
    assert "brouillon-abc" in client_for(lead).get(url).content.decode()


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", "login"),
        ("secretariat", 302),
        ("ptf", 403),
        ("lead", 302),
        ("other_ptf", 403),
        ("viewer", 404),
    ],
)
def test_managing_a_meeting_is_for_the_lead_and_the_secretariat(
    client_for, cast, group, who, expected
):
    group.government_counterpart = None
    group.save()
    meeting = MeetingFactory(body=group)
    for name, data in [
        ("agenda_add", {"title": "Point"}),
        ("minutes_save", {"minutes": "Texte"}),
        ("meeting_cancel", {}),
    ]:
        url = reverse(f"coordination:{name}", args=[meeting.pk])
        assert status_for(client_for, cast[who], url, "post", data) == expected, name


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", "login"),
        ("secretariat", 200),
        ("ptf", 200),
        ("lead", 200),
        ("other_ptf", 404),
        ("viewer", 404),
    ],
)
def test_decision_of_an_internal_meeting(client_for, cast, group, beta, who, expected):
    group.government_counterpart = None
    group.save()
    decision = DecisionFactory(
        meeting=MeetingFactory(body=group), responsible_organization=group.lead_organization
    )
    url = reverse("coordination:decision_detail", args=[decision.pk])
    assert status_for(client_for, cast[who], url) == expected


def test_responsible_ptf_posts_progress_but_another_ptf_may_not(
    client_for, other_ptf, beta, group, ptf
):
    decision = DecisionFactory(
        meeting=MeetingFactory(body=group), responsible_organization=group.lead_organization
    )
    url = reverse("coordination:decision_detail", args=[decision.pk])
    response = client_for(ptf).post(url, {"text": "Avancement", "status": "in_progress"})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.status == "in_progress"
    assert decision.updates.get().text == "Avancement"
    assert client_for(other_ptf).post(url, {"text": "x", "status": "done"}).status_code == 404


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", "login"),
        ("secretariat", 200),
        ("ptf", 200),
        ("lead", 200),
        ("other_ptf", 200),
        ("viewer", 200),
    ],
)
@pytest.mark.parametrize(
    "name", ["decision_register", "calendar_month", "calendar_list", "calendar_feed_settings"]
)
def test_lists_need_login(client_for, cast, who, expected, name):
    assert status_for(client_for, cast[who], reverse(f"coordination:{name}")) == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", "login"),
        ("secretariat", 200),
        ("ptf", 200),
        ("lead", 200),
        ("other_ptf", 200),
        ("viewer", 403),
    ],
)
def test_context_monitoring_is_for_ptf_and_the_secretariat(
    client_for, cast, regions, who, expected
):
    assert status_for(client_for, cast[who], reverse("coordination:context_list")) == expected
    assert status_for(client_for, cast[who], reverse("coordination:context_create")) == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", "login"),
        ("secretariat", 200),
        ("ptf", 403),
        ("lead", 403),
        ("other_ptf", 403),
        ("viewer", 403),
    ],
)
def test_only_the_secretariat_edits_the_checklist_questions(client_for, cast, who, expected):
    assert (
        status_for(client_for, cast[who], reverse("coordination:checklist_questions")) == expected
    )


def test_confidential_meetings_stay_out_of_an_outsiders_calendar(
    client_for, other_ptf, ptf, confidential
):
    MeetingFactory(body=confidential, title="Point politique secret")
    url = reverse("coordination:calendar_list")
    assert "Point politique secret" not in client_for(other_ptf).get(url).content.decode()
    assert "Point politique secret" in client_for(ptf).get(url).content.decode()


def test_documents_download_only_for_their_audience(
    client_for, ptf, other_ptf, viewer, group, tmp_path
):
    from django.core.files.base import ContentFile

    from coordination.models import MeetingDocument

    meeting = MeetingFactory(body=group, visibility=Visibility.PARTNERS)
    document = MeetingDocument.objects.create(
        meeting=meeting, title="Note", file=ContentFile(b"%PDF-1.4 test", name="note.pdf")
    )
    url = reverse("coordination:document_download", args=[document.pk])
    assert client_for(ptf).get(url).status_code == 200
    assert client_for(other_ptf).get(url).status_code == 404
    assert client_for(viewer).get(url).status_code == 404


def test_anonymous_downloads_only_public_documents_of_public_meetings(client, group):
    from django.core.files.base import ContentFile

    from coordination.models import MeetingDocument

    meeting = MeetingFactory(body=group, visibility=Visibility.PUBLIC)
    public = MeetingDocument.objects.create(
        meeting=meeting,
        title="Public",
        visibility=Visibility.PUBLIC,
        file=ContentFile(b"%PDF-1.4 public", name="public.pdf"),
    )
    internal = MeetingDocument.objects.create(
        meeting=meeting, title="Interne", file=ContentFile(b"%PDF-1.4 x", name="interne.pdf")
    )
    url = reverse("coordination:public_document_download", args=[public.pk])
    assert b"".join(client.get(url).streaming_content) == b"%PDF-1.4 public"
    url = reverse("coordination:public_document_download", args=[internal.pk])
    assert client.get(url).status_code == 404


def _alpha_note(ptf, regions):
    import datetime as dt

    from coordination.models import ContextNote

    note = ContextNote.objects.create(
        date=dt.date(2026, 3, 1), theme="security", risk_level=2, summary="Note", author=ptf
    )
    note.regions.set([regions["ML-1"]])
    return note


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", "login"),
        ("secretariat", 200),
        ("ptf", 200),
        ("lead", 200),
        ("other_ptf", 403),
        ("viewer", 403),
    ],
)
def test_only_the_authors_organisation_and_the_secretariat_edit_a_context_note(
    client_for, cast, ptf, regions, who, expected
):
    note = _alpha_note(ptf, regions)
    url = reverse("coordination:context_edit", args=[note.pk])
    assert status_for(client_for, cast[who], url) == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", "login"),
        ("secretariat", 302),
        ("ptf", 302),
        ("lead", 302),
        ("other_ptf", 403),
        ("viewer", 403),
    ],
)
def test_only_the_authors_organisation_and_the_secretariat_delete_a_context_note(
    client_for, cast, ptf, regions, who, expected
):
    from coordination.models import ContextNote

    note = _alpha_note(ptf, regions)
    url = reverse("coordination:context_delete", args=[note.pk])
    assert status_for(client_for, cast[who], url, method="post") == expected
    assert ContextNote.objects.filter(pk=note.pk).exists() == (expected != 302)


def test_deleting_a_context_note_needs_post(client_for, ptf, regions):
    note = _alpha_note(ptf, regions)
    url = reverse("coordination:context_delete", args=[note.pk])
    assert status_for(client_for, ptf, url) == 405


def test_a_missing_context_note_is_404(client_for, secretariat, regions):
    url = reverse("coordination:context_edit", args=[999999])
    assert status_for(client_for, secretariat, url) == 404
