"""The Triple C yearly scorecard, as a real PDF built for its audience."""

import io
from decimal import Decimal

import pytest
import time_machine
from pypdf import PdfReader

from code_of_conduct.models import Assessment, Campaign
from code_of_conduct.selectors import scorecard_for_audience
from seg_portal.accounts.roles import Visibility
from seg_portal.reports import services
from seg_portal.reports.models import Report
from tests.code_of_conduct.factories import (
    answer,
    indicator,
    make_assessment,
    make_campaign,
    make_framework,
)

pytestmark = pytest.mark.django_db


def pdf_text(report: Report) -> str:
    with report.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def render(language: str, period: str = "2026", **request) -> Report:
    report = services.request_report(
        kind="triple_c_scorecard", period=period, language=language, by=None, **request
    )
    services.render_report(report_id=report.pk)
    report.refresh_from_db()
    return report


@pytest.fixture
def campaign(alpha, beta):
    """2026: Alpha validated (scale 3, yes → Alignment 3.50), Beta only submitted.
    2025: Alpha validated (scale 1, no → Alignment 0.50), published to partners."""
    framework = make_framework()
    earlier = make_campaign(framework, year=2025, is_published=True, visibility=Visibility.PARTNERS)
    old = make_assessment(earlier, alpha, status=Assessment.Status.VALIDATED)
    answer(old, indicator(framework, "1.1.1"), value=1)
    answer(old, indicator(framework, "1.1.2"), value=0)
    campaign = make_campaign(
        framework, year=2026, is_published=True, visibility=Visibility.PARTNERS
    )
    validated = make_assessment(campaign, alpha, status=Assessment.Status.VALIDATED)
    answer(validated, indicator(framework, "1.1.1"), value=3)
    answer(validated, indicator(framework, "1.1.2"), value=1)
    make_assessment(campaign, beta, status=Assessment.Status.SUBMITTED)
    return campaign


@pytest.mark.parametrize(
    ("language", "words", "score"),
    [
        (
            "fr",
            ["Tableau de bord annuel Triple C", "Alignement", "PTF A", "Carte de chaleur"],
            "3,50",
        ),
        ("en", ["Triple C yearly scorecard", "Alignment", "PTF A", "Heat map"], "3.50"),
    ],
)
def test_scorecard_pdf_shows_the_scores_in_each_language(campaign, language, words, score):
    report = render(language)

    assert report.status == Report.Status.READY, report.error_message
    text = pdf_text(report)
    for word in words:
        assert word in text
    assert f"1. {words[1]} {score}" in text  # the principle's score
    assert "Alpha" not in text  # anonymised: the publication does not name the PTF
    assert "2025" in text  # the trend's first year
    assert "2026" in text


def test_scorecard_names_the_partners_when_the_publication_names_them(campaign):
    Campaign.objects.filter(pk=campaign.pk).update(name_partners=True)

    text = pdf_text(render("en"))

    assert "Alpha Cooperation" in text or "ALPHA" in text
    assert "PTF A" not in text.replace("PTF A, PTF B", "")


def test_scorecard_for_audience_ignores_the_names_of_an_unpublished_campaign(campaign):
    Campaign.objects.filter(pk=campaign.pk).update(is_published=False, name_partners=True)
    campaign.refresh_from_db()

    card = scorecard_for_audience(campaign=campaign)

    assert not card.named
    assert [row.label for row in card.rows] == ["PTF A"]
    assert card.principles[0].score.score == Decimal("3.50")
    assert card.pending == 1


def test_a_year_without_validated_campaign_says_so(db):
    report = render("en", period="2024")

    assert report.status == Report.Status.READY, report.error_message
    assert "No validated campaign for 2024" in pdf_text(report)


def test_a_campaign_with_no_validated_assessment_says_so(alpha):
    campaign = make_campaign(make_framework(), year=2023)
    make_assessment(campaign, alpha, status=Assessment.Status.SUBMITTED)

    text = pdf_text(render("fr", period="2023"))

    assert "Aucune campagne validée pour 2023" in text


def test_unpublished_campaign_report_stays_internal(campaign, secretariat):
    Campaign.objects.filter(pk=campaign.pk).update(is_published=False)

    report = render("fr")

    assert report.audience == Visibility.INTERNAL
    with pytest.raises(services.ReportError, match="public plus large"):
        services.publish_report(report=report, audience=Visibility.PARTNERS, by=secretariat)


def test_scorecard_cannot_be_published_wider_than_the_campaign(campaign, secretariat):
    report = render("fr")

    with pytest.raises(services.ReportError, match="public plus large"):
        services.publish_report(report=report, audience=Visibility.PUBLIC, by=secretariat)
    services.publish_report(report=report, audience=Visibility.PARTNERS, by=secretariat)


def test_scorecard_without_period_takes_the_last_complete_year(db):
    with time_machine.travel("2027-03-02 10:00 +0000"):
        report = services.request_report(kind="triple_c_scorecard", language="fr", by=None)

    assert report.period == "2026"


def test_generate_reports_lists_the_scorecard(db):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("generate_reports", "--list", stdout=out)

    assert "triple_c_scorecard\tyear\tTriple C yearly scorecard" in out.getvalue().splitlines()
