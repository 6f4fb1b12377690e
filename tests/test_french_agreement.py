"""French words that agree with what they qualify, where one English word serves several nouns:
"Published" is "Publiée" for an activity but "Publié" for minutes; "All" is "Toutes" for an
organisation or a body but "Tous" for a status or a kind (contexts in the catalogues)."""

import re

import pytest
from django.urls import reverse

from aid_tracking.models import Activity
from coordination.models import MinutesStatus

pytestmark = pytest.mark.django_db


def options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, name
    return [label.strip() for label in re.findall(r"<option[^>]*>([^<]*)</option>", select[1])]


def test_the_activity_list_filters_published_activities_in_the_feminine(client_for, ptf):
    html = client_for(ptf).get(reverse("aid_tracking:activity_list")).content.decode()
    assert options(html, "publication")[1:] == ["Brouillon", "Publiée"]


def test_published_minutes_stay_in_the_masculine():
    from django.utils import translation

    with translation.override("fr"):
        assert str(MinutesStatus.PUBLISHED.label) == "Publié"
        assert str(Activity.PublicationStatus.PUBLISHED.label) == "Publiée"


def test_the_decision_register_says_toutes_for_bodies_and_organisations(client_for, ptf):
    html = client_for(ptf).get(reverse("coordination:decision_register")).content.decode()
    assert options(html, "body")[0] == "Toutes"
    assert options(html, "organization")[0] == "Toutes"
    assert options(html, "status")[0] == "Tous"


def test_the_body_list_says_tous_for_kinds_and_toutes_for_organisations(client_for, ptf):
    html = client_for(ptf).get(reverse("coordination:body_list")).content.decode()
    assert options(html, "kind")[0] == "Tous"
    assert options(html, "lead_organization")[0] == "Toutes"


def label_of(html: str, field_id: str) -> str:
    label = re.search(rf'<label[^>]*for="{field_id}"[^>]*>(.*?)</label>', html, re.S)
    assert label, field_id
    return label[1].strip()


def test_a_checkbox_label_has_no_colon_but_other_labels_keep_theirs(client_for, ptf):
    # The box stands before its label: "En retard uniquement :" would read as if a value followed.
    html = client_for(ptf).get(reverse("coordination:decision_register")).content.decode()
    assert label_of(html, "id_overdue") == "En retard uniquement"
    assert label_of(html, "id_status") == "Statut\xa0:"


def test_checkbox_labels_lose_the_colon_in_every_form_that_renders_them():
    from django import forms
    from django.utils import translation

    class Anything(forms.Form):
        name = forms.CharField(label="Nom")
        agreed = forms.BooleanField(label="Accepté", required=False)

    with translation.override("fr"):
        html = str(Anything())
    assert label_of(html, "id_agreed") == "Accepté"
    assert label_of(html, "id_name") == "Nom\xa0:"


@pytest.mark.parametrize(
    ("model", "field", "french"),
    [
        ("aid_tracking.Activity", "created_at", "créée le"),
        ("aid_tracking.Activity", "updated_at", "modifiée le"),
        ("aid_tracking.Activity", "published_at", "publiée le"),
        ("aid_tracking.ExchangeRate", "updated_at", "modifié le"),
        ("aid_tracking.ExchangeRate", "updated_by", "mis à jour par"),
        ("aid_tracking.ReportingReminder", "sent_at", "envoyé le"),
        ("code_of_conduct.Reminder", "sent_at", "envoyé le"),
        ("code_of_conduct.Campaign", "created_at", "créée le"),
        ("code_of_conduct.FrameworkVersion", "created_at", "créée le"),
        ("code_of_conduct.Evidence", "created_at", "créé le"),
        ("code_of_conduct.Answer", "updated_at", "modifiée le"),
        ("accounts.Invitation", "created_at", "envoyée le"),
        ("reports.Report", "created_at", "créé le"),
        ("reports.Report", "published_at", "publié le"),
        ("coordination.Decision", "created_at", "créée le"),
        ("coordination.Body", "created_at", "créée le"),
        ("coordination.Invitation", "sent_at", "envoyée le"),
        ("coordination.MeetingDocument", "uploaded_at", "déposé le"),
        ("coordination.Meeting", "minutes_approved_at", "compte rendu approuvé le"),
        ("coordination.Meeting", "minutes_published_at", "compte rendu publié le"),
        ("coordination.Meeting", "reminder_sent_at", "rappel envoyé le"),
        ("coordination.Invitation", "cancellation_sent_at", "annulation envoyée le"),
        ("coordination.DecisionUpdate", "created_at", "créé le"),
        ("coordination.DigestLog", "sent_at", "envoyée le"),
        ("coordination.CalendarFeed", "created_at", "créé le"),
    ],
)
def test_dates_and_authors_agree_with_the_noun_they_qualify(model, field, french):
    from django.apps import apps
    from django.utils import translation

    with translation.override("fr"):
        assert str(apps.get_model(model)._meta.get_field(field).verbose_name) == french
