"""The coordination kinds: the monthly digest and a meeting's minutes, as real PDFs."""

import datetime as dt
import io
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from pypdf import PdfReader

from coordination.models import (
    AgendaItem,
    Attendance,
    ChecklistAnswer,
    ChecklistQuestion,
    Meeting,
    MinutesStatus,
)
from seg_portal.accounts.roles import Visibility
from seg_portal.reports import services
from seg_portal.reports.models import Report
from tests.coordination.factories import BodyFactory, DecisionFactory, MeetingFactory

pytestmark = pytest.mark.django_db

BAMAKO = dt.UTC  # Africa/Bamako is UTC+0 all year


def at(day: str, hour: int = 9) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=BAMAKO)


def pdf_text(report: Report) -> str:
    with report.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    # Lines wrap where the layout decides: compare the words, not the line breaks.
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def render(kind: str, language: str, **request) -> Report:
    report = services.request_report(kind=kind, language=language, by=None, **request)
    services.render_report(report_id=report.pk)
    report.refresh_from_db()
    return report


@pytest.fixture
def october(alpha, beta):
    """October 2026: three meetings held by two open bodies, one by the confidential one."""
    with time_machine.travel("2026-11-10 10:00 +0000"):
        health = BodyFactory(name="Groupe Santé")
        water = BodyFactory(name="Groupe Eau et assainissement")
        secret = BodyFactory(name="Groupe des Ambassadeurs", is_confidential=True)
        held = Meeting.Status.HELD
        first = MeetingFactory(body=health, starts_at=at("2026-10-06"), status=held, women_count=4)
        MeetingFactory(body=health, starts_at=at("2026-10-20"), status=held, men_count=5)
        MeetingFactory(body=water, starts_at=at("2026-10-13"), status=held)
        hidden = MeetingFactory(body=secret, starts_at=at("2026-10-14"), status=held)
        MeetingFactory(body=health, starts_at=at("2026-09-29"), status=held)  # not October
        DecisionFactory(
            meeting=first,
            text="Valider la feuille de route santé",
            responsible_organization=alpha,
            due_date=dt.date(2026, 10, 28),
        )
        DecisionFactory(
            meeting=hidden,
            text="Sujet réservé aux ambassadeurs",
            responsible_organization=beta,
            due_date=dt.date(2026, 10, 20),
        )
    return first


@pytest.mark.parametrize(
    ("language", "words", "due"),
    [
        (
            "fr",
            ["Synthèse mensuelle de la coordination", "octobre 2026", "Réunions tenues"],
            "28 octobre 2026",
        ),
        ("en", ["Monthly coordination digest", "October 2026", "Meetings held"], "Oct. 28, 2026"),
    ],
)
def test_digest_pdf_shows_the_month_figures_in_each_language(october, language, words, due):
    report = render("coordination_digest", language, period="2026-10")

    assert report.status == Report.Status.READY, report.error_message
    text = pdf_text(report)
    for word in words:
        assert word in text
    assert "Groupe Santé 2" in text
    assert "Groupe Eau et assainissement 1" in text
    assert "Valider la feuille de route santé" in text
    assert due in text  # taken and, on 31 October, overdue
    assert "4 / 5" in text  # women / men present
    assert "Groupe des Ambassadeurs" not in text
    assert "Sujet réservé" not in text


def test_digest_counts_three_meetings_and_one_overdue_decision(october):
    from coordination.reports import build_digest_context

    context = build_digest_context(Report(kind="coordination_digest", period="2026-10"))

    assert len(context["meetings"]) == 3
    assert [d.text for d in context["overdue"]] == ["Valider la feuille de route santé"]
    assert context["upcoming"] == []


def test_digest_of_an_empty_month_says_so(db):
    report = render("coordination_digest", "en", period="2026-03")

    assert report.status == Report.Status.READY, report.error_message
    assert "No meeting was held this month." in pdf_text(report)


def test_digest_default_audience_is_partners(db):
    report = services.request_report(
        kind="coordination_digest", period="2026-10", language="fr", by=None
    )
    assert report.audience == Visibility.PARTNERS


def test_digest_without_period_takes_the_last_complete_month(db):
    with time_machine.travel("2026-11-15 10:00 +0000"):
        report = services.request_report(kind="coordination_digest", language="fr", by=None)
    assert report.period == "2026-10"


# --- Minutes -------------------------------------------------------------------------------------


@pytest.fixture
def minutes(alpha, beta):
    body = BodyFactory(name="Groupe Éducation")
    meeting = MeetingFactory(
        body=body,
        title="Réunion de rentrée",
        starts_at=at("2026-10-08", 10),
        status=Meeting.Status.HELD,
        place="Hôtel de l'Amitié, Bamako",
        women_count=6,
        men_count=9,
        minutes="## Ouverture\n\nLe **chef de file** ouvre la séance.<script>alert(1)</script>",
        minutes_status=MinutesStatus.PUBLISHED,
        minutes_visibility=Visibility.PARTNERS,
    )
    Attendance.objects.create(meeting=meeting, organization=alpha)
    Attendance.objects.create(meeting=meeting, organization=beta)
    AgendaItem.objects.create(meeting=meeting, position=1, title="Bilan de la rentrée scolaire")
    question = ChecklistQuestion.objects.create(
        text="Les risques pour les élèves sont-ils pris en compte ?"
    )
    ChecklistAnswer.objects.create(
        meeting=meeting,
        question=question,
        question_text=question.text,
        answer=ChecklistAnswer.Answer.YES,
        comment="Voir annexe",
    )
    DecisionFactory(
        meeting=meeting,
        text="Partager le plan de contingence",
        responsible_organization=alpha,
        due_date=dt.date(2026, 12, 3),
    )
    return meeting


@pytest.mark.parametrize(
    ("language", "words", "due"),
    [
        ("fr", ["Compte rendu de réunion", "6 femmes, 9 hommes", "Oui"], "3 décembre 2026"),
        ("en", ["Minutes of a meeting", "6 women, 9 men", "Yes"], "Dec. 3, 2026"),
    ],
)
def test_minutes_pdf_shows_the_meeting_in_each_language(minutes, language, words, due):
    report = render("coordination_minutes", language, subject=str(minutes.pk))

    assert report.status == Report.Status.READY, report.error_message
    text = pdf_text(report)
    for word in words:
        assert word in text
    for fact in [
        "Groupe Éducation",
        "Hôtel de l'Amitié, Bamako",
        "Bilan de la rentrée scolaire",
        "Le chef de file ouvre la séance.",
        "Partager le plan de contingence",
        "Alpha Cooperation",
        "Les risques pour les élèves sont-ils pris en compte ?",
        due,
    ]:
        assert fact in text
    assert "alert(1)" not in text


def test_minutes_refuse_a_meeting_whose_minutes_are_not_published(minutes):
    minutes.minutes_status = MinutesStatus.APPROVED
    minutes.save()

    with pytest.raises(services.ReportError, match="Objet inconnu"):
        services.request_report(
            kind="coordination_minutes", subject=str(minutes.pk), language="fr", by=None
        )


def test_minutes_refuse_a_meeting_of_a_confidential_body(minutes):
    minutes.body.is_confidential = True
    minutes.body.save()

    with pytest.raises(services.ReportError, match="Objet inconnu"):
        services.request_report(
            kind="coordination_minutes", subject=str(minutes.pk), language="fr", by=None
        )


def test_minutes_unpublished_after_the_request_fail_to_render_with_a_clear_error(minutes):
    report = services.request_report(
        kind="coordination_minutes", subject=str(minutes.pk), language="en", by=None
    )
    Meeting.objects.filter(pk=minutes.pk).update(minutes_status=MinutesStatus.DRAFT)
    Report.objects.filter(pk=report.pk).update(status=Report.Status.QUEUED)

    services.render_report(report_id=report.pk)
    report.refresh_from_db()

    assert report.status == Report.Status.FAILED
    assert "whose minutes are published" in report.error_message


def test_minutes_report_takes_the_minutes_audience_when_the_default_is_wider(minutes):
    minutes.minutes_visibility = Visibility.INTERNAL
    minutes.save()

    report = services.request_report(
        kind="coordination_minutes", subject=str(minutes.pk), language="fr", by=None
    )

    assert report.audience == Visibility.INTERNAL


def test_minutes_report_refuses_a_requested_audience_wider_than_the_minutes(minutes):
    with pytest.raises(services.ReportError, match="public plus large"):
        services.request_report(
            kind="coordination_minutes",
            subject=str(minutes.pk),
            language="fr",
            by=None,
            audience=Visibility.PUBLIC,
        )


def test_minutes_report_cannot_be_published_wider_than_the_minutes(minutes, secretariat):
    report = render("coordination_minutes", "fr", subject=str(minutes.pk))

    with pytest.raises(services.ReportError, match="public plus large"):
        services.publish_report(report=report, audience=Visibility.PUBLIC, by=secretariat)
    services.publish_report(report=report, audience=Visibility.PARTNERS, by=secretariat)

    report.refresh_from_db()
    assert (report.status, report.audience) == (Report.Status.PUBLISHED, Visibility.PARTNERS)


def test_minutes_narrowed_after_rendering_block_a_wider_publication(minutes, secretariat):
    report = render("coordination_minutes", "fr", subject=str(minutes.pk))
    minutes.minutes_visibility = Visibility.INTERNAL
    minutes.save()

    with pytest.raises(services.ReportError, match="public plus large"):
        services.publish_report(report=report, audience=Visibility.PARTNERS, by=secretariat)


def test_generate_reports_lists_the_coordination_kinds(db):
    out = StringIO()
    call_command("generate_reports", "--list", stdout=out)
    lines = out.getvalue().splitlines()

    assert "coordination_digest\tmonth\tMonthly coordination digest" in lines
    assert "coordination_minutes\tsubject\tMinutes of a meeting" in lines


def test_publishing_minutes_wider_than_their_visibility_in_the_page_shows_an_error(
    minutes, secretariat, client_for
):
    from django.urls import reverse

    report = render("coordination_minutes", "fr", subject=str(minutes.pk))

    response = client_for(secretariat).post(
        reverse("reports:publish", args=[report.pk]), {"audience": "public"}, follow=True
    )

    assert response.status_code == 200
    assert "public plus large" in response.content.decode()
    report.refresh_from_db()
    assert report.status == Report.Status.READY
