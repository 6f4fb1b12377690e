"""Body management, checklist, context notes, and the shell's home and landing sections."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from coordination.models import Body, ChairTerm, ChecklistQuestion, ContextNote, MinutesStatus
from seg_portal.accounts.roles import Visibility
from seg_portal.portal import home_sections_for, navigation_for, public_sections

from .factories import BodyFactory, DecisionFactory, MeetingFactory, in_days

pytestmark = pytest.mark.django_db


def test_secretariat_creates_a_body_with_its_leads(client_for, secretariat, alpha, lead):
    response = client_for(secretariat).post(
        reverse("coordination:body_create"),
        {
            "kind": "thematic",
            "name": "GT Santé",
            "lead_organization": alpha.pk,
            "lead_users": [lead.pk],
        },
    )
    body = Body.objects.get(name="GT Santé")
    assert response.status_code == 302
    assert list(body.lead_users.all()) == [lead]


def test_a_sub_group_needs_a_parent(client_for, secretariat):
    response = client_for(secretariat).post(
        reverse("coordination:body_create"), {"kind": "subgroup", "name": "SGT orphelin"}
    )
    assert "Un sous-groupe relève" in response.content.decode()
    assert not Body.objects.filter(name="SGT orphelin").exists()


def test_a_lead_cannot_make_their_body_confidential_or_change_its_leads(
    client_for, lead, group, ptf
):
    client_for(lead).post(
        reverse("coordination:body_edit", args=[group.pk]),
        {"name": "GT Genre et inclusion", "is_confidential": "on", "lead_users": [ptf.pk]},
    )
    group.refresh_from_db()
    assert group.name == "GT Genre et inclusion"
    assert not group.is_confidential
    assert list(group.lead_users.all()) == [lead]


def test_the_lead_adds_a_member_and_a_troika_term(client_for, lead, group, beta):
    client = client_for(lead)
    client.post(reverse("coordination:member_add", args=[group.pk]), {"organization": beta.pk})
    assert group.memberships.filter(organization=beta).exists()
    response = client.post(
        reverse("coordination:chair_term_add", args=[group.pk]),
        {
            "organization": beta.pk,
            "role": "incoming",
            "starts_on": "2026-06-01",
            "ends_on": "2026-01-01",
        },
    )
    assert response.status_code == 400
    assert "ne peut pas se terminer avant" in response.content.decode()
    client.post(
        reverse("coordination:chair_term_add", args=[group.pk]),
        {
            "organization": beta.pk,
            "role": "incoming",
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
        },
    )
    assert ChairTerm.objects.get(body=group).get_role_display() == "Entrant"
    html = client.get(group.get_absolute_url()).content.decode()
    assert "BETA — Entrant" in html


def test_body_page_shows_members_next_meetings_open_decisions_and_documents(
    client_for, ptf, group, alpha
):
    upcoming = MeetingFactory(body=group, title="Prochaine", starts_at=in_days(5))
    past = MeetingFactory(body=group, title="Passée", starts_at=in_days(-5))
    DecisionFactory(
        meeting=past, responsible_organization=alpha, text="Ouverte", due_date=dt.date(2026, 3, 1)
    )
    DecisionFactory(meeting=past, responsible_organization=alpha, text="Close", status="done")
    past.documents.create(title="Termes de référence", file="coordination/tdr.pdf")
    html = client_for(ptf).get(group.get_absolute_url()).content.decode()
    assert "Alpha Cooperation" in html
    assert upcoming.title in html
    assert "Ouverte" in html
    assert "En retard" in html
    assert "Close" not in html
    assert "Termes de référence" in html


def test_body_list_paginates(client_for, ptf):
    BodyFactory.create_batch(30)
    client = client_for(ptf)
    assert "Page 1 sur 2" in client.get(reverse("coordination:body_list")).content.decode()
    assert client.get(reverse("coordination:body_list"), {"page": 2}).status_code == 200


def test_checklist_answers_are_kept_with_the_wording_of_the_time(
    client_for, secretariat, lead, group
):
    question = ChecklistQuestion.objects.create(text="Risque pour les communautés ?", position=1)
    meeting = MeetingFactory(body=group, starts_at=in_days(-1))
    client_for(lead).post(
        reverse("coordination:checklist_answer", args=[meeting.pk]),
        {f"q{question.pk}": "no", f"c{question.pk}": "Aucun risque identifié"},
    )
    client_for(secretariat).post(
        reverse("coordination:checklist_question_edit", args=[question.pk]),
        {"text": "Nouvelle formulation ?", "position": 1},
    )
    answer = meeting.checklist.get()
    assert (answer.answer, answer.question_text) == ("no", "Risque pour les communautés ?")
    html = client_for(lead).get(meeting.get_absolute_url()).content.decode()
    assert "Risque pour les communautés ?" in html
    assert "Aucun risque identifié" in html


def test_a_ptf_records_a_context_note_seen_in_the_regional_overview(client_for, ptf, regions):
    client = client_for(ptf)
    client.post(
        reverse("coordination:context_create"),
        {
            "date": "2026-03-10",
            "regions": [regions["ML-5"].pk],
            "theme": "security",
            "risk_level": 4,
            "summary": "Attaque sur la route de Bandiagara.",
            "visibility": "internal",
        },
    )
    note = ContextNote.objects.get()
    assert note.author == ptf
    html = client.get(reverse("coordination:context_list")).content.decode()
    assert "Attaque sur la route de Bandiagara." in html
    assert "Critique" in html


def test_a_context_note_summary_is_escaped(client_for, secretariat, regions):
    note = ContextNote.objects.create(
        date=dt.date(2026, 3, 1), theme="social", risk_level=1, summary="<script>x</script>"
    )
    note.regions.set([regions["ML-1"]])
    html = client_for(secretariat).get(reverse("coordination:context_list")).content.decode()
    assert "<script>x</script>" not in html
    assert "&lt;script&gt;" in html


def test_home_sections_for_a_lead(lead, group, alpha):
    MeetingFactory(body=group, title="Prochaine réunion", starts_at=in_days(2))
    awaiting = MeetingFactory(
        body=group, title="À approuver", starts_at=in_days(-2), status="held", minutes="x"
    )
    DecisionFactory(meeting=awaiting, responsible_organization=alpha, text="À faire")
    titles = {str(section.title): section for section in home_sections_for(lead)}
    assert [m.title for m in titles["Prochaines réunions"].context["meetings"]] == [
        "Prochaine réunion"
    ]
    assert [
        m.title for m in titles["Comptes rendus en attente d'approbation"].context["meetings"]
    ] == ["À approuver"]
    assert [
        d.text for d in titles["Décisions en cours de mon organisation"].context["decisions"]
    ] == ["À faire"]


def test_nothing_to_approve_for_a_plain_ptf(ptf, group):
    MeetingFactory(body=group, starts_at=in_days(-2), status="held", minutes="x")
    titles = [str(section.title) for section in home_sections_for(ptf)]
    assert "Comptes rendus en attente d'approbation" not in titles


def test_landing_section_lists_only_public_minutes(group):
    MeetingFactory(
        body=group, title="Réunion publique", visibility=Visibility.PUBLIC, status="held",
        minutes="x", minutes_status=MinutesStatus.PUBLISHED, minutes_visibility=Visibility.PUBLIC,
    )  # fmt: skip
    MeetingFactory(
        body=group, title="Réunion partenaires", visibility=Visibility.PUBLIC, status="held",
        minutes="x", minutes_status=MinutesStatus.PUBLISHED, minutes_visibility=Visibility.PARTNERS,
    )  # fmt: skip
    MeetingFactory(body=group, title="Annoncée", visibility=Visibility.PUBLIC)
    MeetingFactory(body=group, title="Interne à venir")
    upcoming, section = [
        section
        for section in public_sections()
        if section.template_name.startswith("coordination/")
    ]
    assert [m.title for m in upcoming.context["meetings"]] == ["Annoncée"]
    assert section.template_name == "coordination/_public_minutes.html"
    assert [m.title for m in section.context["meetings"]] == ["Réunion publique"]


def test_navigation_offers_context_and_checklist_only_to_their_users(secretariat, viewer):
    def labels(user):
        return [str(item.label) for group in navigation_for(user) for item in group.items]

    assert "Suivi du contexte" in labels(secretariat)
    assert "Liste de contrôle « Ne pas nuire »" in labels(secretariat)
    assert "Suivi du contexte" not in labels(viewer)
    assert "Registre des décisions" in labels(viewer)


def test_a_progress_entry_whose_author_left_shows_the_organisation(client_for, ptf, group, alpha):
    from coordination.models import DecisionUpdate

    decision = DecisionFactory(meeting=MeetingFactory(body=group), responsible_organization=alpha)
    DecisionUpdate.objects.create(decision=decision, organization=alpha, text="Fait", status="done")
    response = client_for(ptf).get(decision.get_absolute_url())
    assert response.status_code == 200
    assert "ALPHA" in response.content.decode()


def test_an_invitee_replies_from_the_meeting_page(client_for, ptf, group):
    from coordination.models import Invitation

    meeting = MeetingFactory(body=group)
    invitation = Invitation.objects.create(meeting=meeting, user=ptf)
    client = client_for(ptf)
    assert "Votre réponse" in client.get(meeting.get_absolute_url()).content.decode()
    url = reverse("coordination:invitation_reply", args=[meeting.pk])
    assert client.post(url, {"reply": "substitute"}).status_code == 400
    client.post(url, {"reply": "substitute", "substitute_name": "Mme Coulibaly"})
    invitation.refresh_from_db()
    assert (invitation.reply, invitation.substitute_name) == ("substitute", "Mme Coulibaly")


def test_someone_not_invited_cannot_reply(client_for, other_ptf, group):
    meeting = MeetingFactory(body=group)
    url = reverse("coordination:invitation_reply", args=[meeting.pk])
    assert client_for(other_ptf).post(url, {"reply": "attending"}).status_code == 403


def test_the_lead_schedules_a_monthly_series_from_the_form(client_for, lead, group):
    client_for(lead).post(
        reverse("coordination:meeting_create", args=[group.pk]),
        {
            "title": "GEC mensuel",
            "date": "2026-03-20",
            "start_time": "09:00",
            "end_time": "11:00",
            "place": "SEG",
            "visibility": "internal",
            "repeat_monthly": 3,
        },
    )
    dates = [m.starts_at.date() for m in group.meetings.order_by("starts_at")]
    assert dates == [
        dt.date(2026, 3, 20),
        dt.date(2026, 4, 20),
        dt.date(2026, 5, 20),
        dt.date(2026, 6, 20),
    ]


def test_a_colleague_edits_a_context_note_with_the_creation_rules(client_for, ptf, lead, regions):
    note = ContextNote.objects.create(
        date=dt.date(2026, 3, 1), theme="security", risk_level=2, summary="Avant", author=ptf
    )
    note.regions.set([regions["ML-1"]])
    client = client_for(lead)
    url = reverse("coordination:context_edit", args=[note.pk])
    bad = client.post(url, {"date": "2026-03-02", "theme": "security", "summary": "Sans région"})
    assert bad.status_code == 200
    note.refresh_from_db()
    assert note.summary == "Avant"
    response = client.post(
        url,
        {
            "date": "2026-03-02",
            "regions": [regions["ML-5"].pk],
            "theme": "security",
            "risk_level": 3,
            "summary": "Après",
            "visibility": "internal",
        },
    )
    assert response.status_code == 302
    note.refresh_from_db()
    assert (note.summary, note.risk_level, note.author) == ("Après", 3, ptf)
    assert list(note.regions.all()) == [regions["ML-5"]]


def test_edit_and_delete_links_show_only_for_those_who_may(client_for, ptf, other_ptf, regions):
    note = ContextNote.objects.create(
        date=dt.date(2026, 3, 1), theme="security", risk_level=2, summary="Note", author=ptf
    )
    note.regions.set([regions["ML-1"]])
    edit = reverse("coordination:context_edit", args=[note.pk])
    list_url = reverse("coordination:context_list")
    assert edit in client_for(ptf).get(list_url).content.decode()
    assert edit not in client_for(other_ptf).get(list_url).content.decode()


def test_an_overlapping_chair_term_is_refused_naming_the_conflict(
    client_for, secretariat, group, alpha, beta
):
    ChairTerm.objects.create(
        body=group,
        organization=alpha,
        role="chair",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 12, 31),
    )
    response = client_for(secretariat).post(
        reverse("coordination:chair_term_add", args=[group.pk]),
        {
            "organization": beta.pk,
            "role": "chair",
            "starts_on": "2026-06-01",
            "ends_on": "2027-05-31",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "chevauche" in html
    assert "1 janvier 2026" in html
    assert ChairTerm.objects.filter(body=group).count() == 1


def test_body_list_filters_by_kind_lead_and_text(client_for, ptf, alpha, beta):
    from .factories import BodyFactory

    BodyFactory(name="GT Eau", kind=Body.Kind.THEMATIC, lead_organization=alpha)
    BodyFactory(name="GT Santé", kind=Body.Kind.THEMATIC, lead_organization=beta)
    BodyFactory(name="Troïka des PTF", kind=Body.Kind.TROIKA, lead_organization=alpha)
    client = client_for(ptf)
    url = reverse("coordination:body_list")

    def names(params):
        html = client.get(url, params).content.decode()
        return {name for name in ("GT Eau", "GT Santé", "Troïka des PTF") if name in html}

    assert names({}) == {"GT Eau", "GT Santé", "Troïka des PTF"}
    assert names({"kind": "thematic"}) == {"GT Eau", "GT Santé"}
    assert names({"lead_organization": alpha.pk}) == {"GT Eau", "Troïka des PTF"}
    assert names({"kind": "thematic", "lead_organization": alpha.pk}) == {"GT Eau"}
    assert names({"q": "santé"}) == {"GT Santé"}
    # An invalid filter is ignored rather than failing.
    assert client.get(url, {"kind": "nope"}).status_code == 200
    html = client.get(url).content.decode()
    assert "Tous" in html or "Toutes" in html
    assert "---------" not in html


@pytest.mark.parametrize("size", [3, 30])
def test_filtered_body_list_has_bounded_queries(
    client_for, ptf, alpha, size, django_assert_max_num_queries
):
    from .factories import BodyFactory

    BodyFactory.create_batch(size, members=[alpha], lead_organization=alpha)
    client = client_for(ptf)
    with django_assert_max_num_queries(12):
        response = client.get(
            reverse("coordination:body_list"),
            {"kind": "thematic", "lead_organization": alpha.pk, "q": "Groupe", "page": 1},
        )
    assert response.status_code == 200


def test_decision_register_filters_say_all_and_statuses_are_badges(client_for, ptf, group):
    from .factories import DecisionFactory

    DecisionFactory(meeting__body=group, status="done")
    html = client_for(ptf).get(reverse("coordination:decision_register")).content.decode()
    assert "---------" not in html
    assert ">Tous<" in html
    assert 'class="badge badge-success"' in html


def test_a_member_is_added_with_its_join_date_and_the_date_is_shown(client_for, lead, group, beta):
    client = client_for(lead)
    form = client.get(group.get_absolute_url()).content.decode()
    assert 'name="joined_on"' in form
    assert 'value="2026-03-11"' in form  # today by default
    client.post(
        reverse("coordination:member_add", args=[group.pk]),
        {"organization": beta.pk, "joined_on": "2025-09-01"},
    )
    assert group.memberships.get(organization=beta).joined_on == dt.date(2025, 9, 1)
    html = client.get(group.get_absolute_url()).content.decode()
    assert "Membre depuis" in html
    assert "01/09/2025" in html


def test_the_secretariat_changes_a_members_join_date(client_for, secretariat, group, alpha):
    membership = group.memberships.get(organization=alpha)
    url = reverse("coordination:member_edit", args=[group.pk, membership.pk])
    client = client_for(secretariat)
    assert 'value="2020-01-01"' in client.get(url).content.decode()
    response = client.post(url, {"joined_on": "2024-05-02"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.joined_on == dt.date(2024, 5, 2)
    response = client.post(url, {"joined_on": "pas une date"})
    assert response.status_code == 400
    membership.refresh_from_db()
    assert membership.joined_on == dt.date(2024, 5, 2)


def test_the_month_calendar_says_when_the_month_has_no_meeting(client_for, ptf, group):
    MeetingFactory(body=group, starts_at=in_days(7), title="Revue")
    client = client_for(ptf)
    url = reverse("coordination:calendar_month")
    html = client.get(url, {"year": 2026, "month": 3}).content.decode()
    assert "Aucune réunion ce mois-ci." not in html
    assert "<h1>Mars 2026</h1>" in html
    assert "Revue" in html
    assert (
        "Aucune réunion ce mois-ci." in client.get(url, {"year": 2026, "month": 5}).content.decode()
    )


def test_meeting_statuses_are_badges_like_decision_statuses(client_for, lead, group):
    planned = MeetingFactory(body=group, starts_at=in_days(3), title="Revue")
    MeetingFactory(body=group, starts_at=in_days(5), title="Atelier", status="cancelled")
    held = MeetingFactory(
        body=group, starts_at=in_days(-3), status="held", minutes="Texte", minutes_status="draft"
    )
    client = client_for(lead)
    html = client.get(reverse("coordination:calendar_list")).content.decode()
    assert '<span class="badge badge-info">Prévue</span>' in html
    assert '<span class="badge badge-danger">Annulée</span>' in html
    html = client.get(held.get_absolute_url()).content.decode()
    assert '<span class="badge badge-success">Tenue</span>' in html
    assert '<span class="badge badge-warning">Brouillon</span>' in html
    html = client.get(group.get_absolute_url()).content.decode()
    assert re.search(rf'{planned.title}</a>\s*<span class="badge badge-info">Prévue', html)


def test_decision_statuses_on_the_meeting_page_are_badges(client_for, lead, group, alpha):
    meeting = MeetingFactory(body=group, starts_at=in_days(-3), status="held")
    DecisionFactory(meeting=meeting, responsible_organization=alpha, status="done")
    html = client_for(lead).get(meeting.get_absolute_url()).content.decode()
    assert '<span class="badge badge-success">Réalisée</span>' in html
