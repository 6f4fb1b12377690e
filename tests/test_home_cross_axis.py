"""Each demo role's home page shows what that person has to do now across the three axes, the most
urgent first, then the other sections in the axis order: Triple C, Concertation, Aid, Reports
(seeded with the demo data, as a person would find the portal)."""

import datetime as dt
import io
import re

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from seg_portal.accounts.models import User

# A Sunday in the demo's 2026 campaign, before its 15 December deadline.
NOW = dt.datetime(2026, 11, 29, 9, tzinfo=dt.UTC)

TWO_FACTOR = "Activer l'authentification à deux facteurs"
DECISIONS = "Décisions en cours de mon organisation"
SELF_ASSESSMENT = "Autoévaluation Triple C"
TO_REVIEW = "Autoévaluations Triple C à examiner"
MEETINGS = "Prochaines réunions"
DRAFT_ACTIVITIES = "Les activités en brouillon de votre organisation"
RECENT_ACTIVITIES = "Activités récemment mises à jour"
SCORECARDS = "Tableaux de bord Triple C publiés"
AID_FIGURES = "L'aide au Mali en chiffres"
QUALITY = "Votre score de qualité des données"
PARTNERS_QUALITY = "Qualité des données des partenaires"
NO_PLAN = "Activités sans prévision de décaissement pour l'an prochain"


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    with time_machine.travel(NOW, tick=False):
        call_command("seed_demo", stdout=io.StringIO())
        yield


def home(client, email: str) -> tuple[list[str], str]:
    client.force_login(User.objects.get(email=email))
    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse("home"))
    assert response.status_code == 200
    content = response.content.decode()
    main = content[content.index("<main") : content.index("</main>")]
    titles = [
        re.sub(r"\s+", " ", title).strip() for title in re.findall(r"<h2>(.*?)</h2>", main, re.S)
    ]
    return [title.replace("&#x27;", "'") for title in titles], main


def test_the_ptf_sees_its_decisions_then_its_draft_assessment_then_meetings_then_drafts(
    demo, client
):
    titles, main = home(client, "ptf@seg.example")
    assert titles == [TWO_FACTOR, DECISIONS, SELF_ASSESSMENT, MEETINGS, DRAFT_ACTIVITIES, QUALITY]
    assert "Mettre à jour la cartographie des appuis à la décentralisation." in main
    assert "DDC — 2026" in main
    assert "Brouillon" in main
    assert "Date limite : 15/12/2026" in main
    assert "Aide humanitaire et protection au Centre" in main
    # Every ongoing DDC activity has forward plans for next year in the demo data; the data
    # quality block counts those missing later years or fields.
    assert NO_PLAN not in titles
    assert "Voir la page de qualité des données" in main


def test_the_second_ptf_sees_its_overdue_decision_first_then_the_axes_in_order(demo, client):
    titles, main = home(client, "ptf2@seg.example")
    # Submitted: nothing left to do on it before the review, so it is no longer urgent and takes
    # the Triple C place, after the overdue decision and before the meetings.
    assert titles == [
        TWO_FACTOR,
        DECISIONS,
        SELF_ASSESSMENT,
        MEETINGS,
        DRAFT_ACTIVITIES,
        QUALITY,
    ]
    assert "Transmettre au MEF la note commune des PTF sur le budget 2027." in main
    assert "En retard" in main
    assert "Soumise" in main
    assert "Énergie solaire pour les zones rurales" in main


def test_the_lead_sees_its_returned_assessment_before_the_meetings(demo, client):
    titles, main = home(client, "lead@seg.example")
    assert titles == [TWO_FACTOR, SELF_ASSESSMENT, MEETINGS, QUALITY]
    assert "Renvoyée pour correction" in main


def test_the_secretariat_sees_assessments_to_review_before_meetings_and_activities(demo, client):
    titles, main = home(client, "secretariat@seg.example")
    assert titles[:4] == [TO_REVIEW, MEETINGS, RECENT_ACTIVITIES, PARTNERS_QUALITY]
    assert "PNUD — 2026" in main
    assert "UE — 2026" in main
    # Account administration comes last.
    assert titles[-1] == "Utilisateurs sans authentification à deux facteurs"
    assert DECISIONS not in titles


@pytest.mark.parametrize("email", ["gov@seg.example", "cso@seg.example"])
def test_readers_see_meetings_published_scorecards_and_aid_figures(demo, client, email):
    titles, main = home(client, email)
    assert titles == [TWO_FACTOR, SCORECARDS, MEETINGS, AID_FIGURES]
    assert "Campagne Triple C 2025" in main
    assert DRAFT_ACTIVITIES not in titles
    assert TO_REVIEW not in titles


def test_the_landing_page_shows_the_axes_in_order(demo, client):
    with time_machine.travel(NOW, tick=False):
        content = client.get(reverse("landing")).content.decode()
    main = content[content.index("<main") : content.index("</main>")]
    sections = re.findall(r'<section class="card home-section">\s*<h2>(.*?)</h2>', main, re.S)
    # The demo publishes no scorecard or report to the public: Concertation, then Aid.
    assert [title.replace("&#x27;", "'") for title in sections] == [
        "Prochaines réunions publiques",
        "Derniers comptes rendus publiés",
        AID_FIGURES,
    ]
