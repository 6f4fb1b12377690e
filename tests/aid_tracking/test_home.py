"""What the aid axis adds to the menu, the home page and the public landing page."""

import datetime

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from tests.aid_tracking.factories import PlannedDisbursementFactory


@pytest.fixture
def config():
    return apps.get_app_config("aid_tracking")


def labels(items) -> list[str]:
    return [item.label for item in items]


def test_menu_per_role(config, secretariat, ptf, viewer):
    public = ["Tableau de bord", "Activités", "Indicateurs de prévisibilité"]
    assert labels(config.nav_items(AnonymousUser())) == public
    assert labels(config.nav_items(viewer)) == public
    assert labels(config.nav_items(ptf)) == [
        *public,
        "Nouvelle activité",
        "Importer des données",
        "Qualité des données",
        "Notre portefeuille",
    ]
    assert labels(config.nav_items(secretariat)) == [
        *public,
        "Nouvelle activité",
        "Importer des données",
        "Qualité des données",
        "Taux de change",
    ]


@time_machine.travel(datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC))
def test_ptf_home_lists_its_drafts_and_activities_without_forward_plans(
    config, alpha_draft, alpha_published, ptf, other_ptf
):
    sections = {section.title: section for section in config.home_sections(ptf)}
    drafts = sections["Les activités en brouillon de votre organisation"]
    assert drafts.context["activities"] == [alpha_draft]
    # Both run to the end of 2026 and have no plan for 2026.
    without_plans = sections["Activités sans prévision de décaissement pour l'an prochain"]
    assert set(without_plans.context["activities"]) == {alpha_draft, alpha_published}
    assert config.home_sections(other_ptf) == []


@time_machine.travel(datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC))
def test_a_plan_for_next_year_clears_the_reminder(config, alpha_published, ptf):
    PlannedDisbursementFactory(
        activity=alpha_published,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
    )
    titles = [section.title for section in config.home_sections(ptf)]
    assert "Activités sans prévision de décaissement pour l'an prochain" not in titles


def test_secretariat_home_shows_recent_activities(config, alpha_draft, secretariat, client_for):
    sections = config.home_sections(secretariat)
    assert [section.title for section in sections] == [
        "Activités récemment mises à jour",
        "Qualité des données des partenaires",
    ]
    page = client_for(secretariat).get(reverse("home")).content.decode()
    assert alpha_draft.get_absolute_url() in page


@time_machine.travel(datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC))
def test_viewers_and_the_public_see_headline_totals_of_published_activities(
    config, alpha_draft, alpha_published, viewer, client
):
    (section,) = config.home_sections(viewer)
    # One published activity; its 100 000 EUR disbursement of March 2025 is 65 595 700 XOF.
    assert section.context["activities"] == 1
    assert section.context["partners"] == 1
    assert str(section.context["disbursed"].value) == "65595700.00"
    page = client.get(reverse("landing")).content.decode()
    assert "L&#x27;aide au Mali en chiffres" in page
    assert "65\xa0595\xa0700&nbsp;XOF" in page
