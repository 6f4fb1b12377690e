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
