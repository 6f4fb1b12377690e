"""Idempotency, recovery, failure and publication of reports (real WeasyPrint, real tasks)."""

import datetime
import io
import threading

import pytest
import time_machine
from django.db import connection, connections
from django.utils import timezone, translation
from pypdf import PdfReader

from seg_portal.accounts.roles import Visibility
from seg_portal.reports import registry, services
from seg_portal.reports.models import Report, ReportSubscription
from seg_portal.reports.services import RENDER_TIMEOUT, ReportError
from tests.factories import UserFactory
from tests.reports.factories import ReportFactory

pytestmark = pytest.mark.django_db


def request(by=None, **kwargs) -> Report:
    arguments = {"kind": "test_directory", "period": "2026-10", "language": "fr", "by": by}
    return services.request_report(**(arguments | kwargs))


# --- Requesting and idempotency --------------------------------------------------------------


def test_request_queues_the_render_on_commit_and_it_renders(
    secretariat, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        report = request(by=secretariat)

    assert len(callbacks) == 1
    report.refresh_from_db()
    assert report.status == Report.Status.READY
    assert report.requested_by == secretariat
    assert report.audience == Visibility.PARTNERS  # the kind's default audience


def test_two_requests_give_one_report(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = request()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        second = request()

    assert first.pk == second.pk
    assert Report.objects.count() == 1
    assert callbacks == []  # a ready report is not rendered again


def test_each_language_is_its_own_report():
    french, english = request(language="fr"), request(language="en")

    assert french.pk != english.pk


def test_a_periodic_kind_without_period_takes_its_latest_complete_period():
    with time_machine.travel(datetime.datetime(2026, 11, 15, 10, tzinfo=datetime.UTC)):
        report = request(period="")

    assert report.period == "2026-10"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "no_such_kind"}, "Unknown report kind"),
        ({"period": "2026-13"}, "is not a period"),
        ({"period": "2026-Q3"}, "is not a period"),
        ({"subject": "3"}, "per period, not per subject"),
        ({"kind": "test_profile", "period": "2026-10"}, "per subject, not per period"),
        ({"kind": "test_profile", "period": ""}, "Choose the subject"),
        ({"kind": "test_profile", "period": "", "subject": "999999"}, "Unknown subject"),
        ({"language": "de"}, "Unknown language"),
    ],
)
def test_bad_requests_are_refused_with_a_reason(kwargs, message):
    with translation.override("en"), pytest.raises(ReportError, match=message):
        request(**kwargs)
    assert not Report.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_requests_give_one_report():
    barrier = threading.Barrier(2)
    results, errors = [], []

    def worker():
        try:
            barrier.wait()
            results.append(request().pk)
        except Exception as error:  # surfaced by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(set(results)) == 1
    assert Report.objects.count() == 1
    assert Report.objects.get().status == Report.Status.READY


# --- Rendering: claim, recovery, failure ------------------------------------------------------


def test_a_second_render_run_does_nothing():
    report = request()
    assert services.render_report(report_id=report.pk).status == Report.Status.READY

    assert services.render_report(report_id=report.pk) is None
    report.refresh_from_db()
    assert report.attempts == 1


def test_a_render_in_progress_is_not_taken_over():
    report = request()
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.RENDERING, started_at=timezone.now()
    )

    assert services.render_report(report_id=report.pk) is None
    report.refresh_from_db()
    assert report.status == Report.Status.RENDERING


def test_a_render_interrupted_midway_is_finished_by_the_next_run(
    django_capture_on_commit_callbacks,
):
    report = request()
    # A worker claimed it, then died: 'rendering' since longer than the timeout, no file.
    abandoned_at = timezone.now() - RENDER_TIMEOUT - datetime.timedelta(seconds=1)
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.RENDERING, started_at=abandoned_at, attempts=1
    )

    # The next run (here: the schedule requesting it again) finishes it.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = request()

    assert again.pk == report.pk
    assert len(callbacks) == 1
    report.refresh_from_db()
    assert report.status == Report.Status.READY
    assert report.attempts == 2
    assert report.started_at > abandoned_at
    assert report.file.storage.exists(report.file.name)


def test_a_failing_render_records_its_error_and_can_be_retried(
    report_kinds, secretariat, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = request(kind="test_failing", period="2025")
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    assert "RuntimeError: the data source is unavailable" in report.error_message
    assert report.finished_at is not None
    assert not report.file

    # Asking again does not retry by itself...
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        request(kind="test_failing", period="2025")
    assert callbacks == []

    # ...the secretariat retries once the cause is fixed.
    report_kinds.Switch.broken = False
    with django_capture_on_commit_callbacks(execute=True):
        services.retry_report(report=report, by=secretariat)
    report.refresh_from_db()
    assert report.status == Report.Status.READY
    assert report.error_message == ""
    assert report.attempts == 2


def test_a_failed_report_is_requeued_when_the_request_asks(
    report_kinds, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = request(kind="test_failing", period="2025")
    report_kinds.Switch.broken = False

    with django_capture_on_commit_callbacks(execute=True):
        request(kind="test_failing", period="2025", retry_failed=True)

    report.refresh_from_db()
    assert report.status == Report.Status.READY


def test_only_a_failed_report_can_be_retried(secretariat):
    report = ReportFactory(status=Report.Status.READY)

    with pytest.raises(ReportError):
        services.retry_report(report=report, by=secretariat)


@pytest.fixture
def overtaken_kind(report_kinds):
    registry.register(report_kinds.OVERTAKEN)
    yield report_kinds.OVERTAKEN
    registry.unregister(report_kinds.OVERTAKEN.slug)


def test_a_run_overtaken_after_the_timeout_does_not_overwrite_its_successor(
    report_kinds, overtaken_kind
):
    report = request(kind="test_overtaken", period="2026")
    successor_started = timezone.now() + datetime.timedelta(minutes=30)
    report_kinds.Overtaken.successor_started = successor_started

    # While this run renders, it overruns; another run claims the report (build_context of the
    # test kind plays that other run).
    assert services.render_report(report_id=report.pk).status == Report.Status.RENDERING

    report.refresh_from_db()
    assert report.started_at == successor_started
    assert not report.file


# --- Scheduling ------------------------------------------------------------------------------


def test_generate_due_reports_requests_every_periodic_kind_in_both_languages():
    with time_machine.travel(datetime.datetime(2026, 11, 15, 10, tzinfo=datetime.UTC)):
        reports = services.generate_due_reports()
        again = services.generate_due_reports()

    keys = {(report.kind, report.period, report.language) for report in reports}
    assert keys == {
        ("test_directory", "2026-10", "fr"),
        ("test_directory", "2026-10", "en"),
        ("test_failing", "2025", "fr"),
        ("test_failing", "2025", "en"),
        ("test_hostile", "2026-Q3", "fr"),
        ("test_hostile", "2026-Q3", "en"),
    }
    assert [report.pk for report in again] == [report.pk for report in reports]
    assert Report.objects.count() == 6  # per-subject kinds are made on demand only


def test_the_default_schedule_is_created_once_and_never_overwritten():
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    from seg_portal.reports.schedules import GENERATE_DUE_REPORTS, ensure_default_schedule

    task, created = ensure_default_schedule(PeriodicTask, CrontabSchedule)
    assert created
    assert task.task == GENERATE_DUE_REPORTS
    assert (task.crontab.hour, task.crontab.minute) == ("6", "0")

    # The secretariat moves it to 07:30 in the admin; a deploy leaves that alone.
    task.crontab = CrontabSchedule.objects.create(minute="30", hour="7", timezone="Africa/Bamako")
    task.enabled = False
    task.save()
    again, created = ensure_default_schedule(PeriodicTask, CrontabSchedule)

    assert not created
    again.refresh_from_db()
    assert (again.crontab.hour, again.crontab.minute, again.enabled) == ("7", "30", False)
    assert PeriodicTask.objects.filter(task=GENERATE_DUE_REPORTS).count() == 1


def test_the_scheduled_task_renders_the_due_reports(django_capture_on_commit_callbacks):
    from seg_portal.reports.tasks import generate_due_reports_task

    with (
        time_machine.travel(datetime.datetime(2026, 11, 15, 10, tzinfo=datetime.UTC)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        ids = generate_due_reports_task.delay().get()

    assert len(ids) == 6
    statuses = dict(Report.objects.filter(kind="test_directory").values_list("language", "status"))
    assert statuses == {"fr": Report.Status.READY, "en": Report.Status.READY}


# --- Publication -----------------------------------------------------------------------------


@pytest.fixture
def subscribers(secretariat, ptf, other_ptf, viewer):
    english_viewer = UserFactory(
        email="viewer-en@test.example", organization=viewer.organization, role="viewer"
    )
    english_viewer.language = "en"
    english_viewer.save()
    unsubscribed = UserFactory(email="quiet@test.example", role="ptf")
    for user in (secretariat, ptf, other_ptf, viewer, english_viewer):
        ReportSubscription.objects.create(user=user, kind="test_directory")
    ReportSubscription.objects.create(user=unsubscribed, kind="test_profile")
    return {"viewer_en": english_viewer, "unsubscribed": unsubscribed}


def test_publishing_to_partners_emails_subscribers_in_their_language(
    secretariat, ptf, viewer, subscribers, mailoutbox, django_capture_on_commit_callbacks
):
    report = ReportFactory(period="2026-10", status=Report.Status.READY)

    with django_capture_on_commit_callbacks(execute=True):
        services.publish_report(report=report, audience=Visibility.PARTNERS, by=secretariat)

    report.refresh_from_db()
    assert report.status == Report.Status.PUBLISHED
    assert report.published_by == secretariat
    recipients = {message.to[0]: message for message in mailoutbox}
    assert "quiet@test.example" not in recipients
    assert set(recipients) == {
        secretariat.email,
        ptf.email,
        "outsider@test.example",
        viewer.email,
        "viewer-en@test.example",
    }
    french = recipients[viewer.email]
    assert french.subject == "[SEG] Nouveau rapport publié : Directory of members, octobre 2026"
    assert "Le secrétariat a publié le rapport" in french.body
    assert f"https://seg.example.org/reports/{report.pk}/" in french.body
    english = recipients["viewer-en@test.example"]
    assert english.subject == "[SEG] New report published: Directory of members, October 2026"


def test_publishing_internally_does_not_email_viewers(
    secretariat, viewer, subscribers, mailoutbox, django_capture_on_commit_callbacks
):
    report = ReportFactory(status=Report.Status.READY)

    with django_capture_on_commit_callbacks(execute=True):
        services.publish_report(report=report, audience=Visibility.INTERNAL, by=secretariat)

    recipients = {message.to[0] for message in mailoutbox}
    assert viewer.email not in recipients
    assert "viewer-en@test.example" not in recipients
    assert secretariat.email in recipients


def test_a_subscriber_hears_of_the_version_in_their_own_language_only(
    secretariat, viewer, subscribers, mailoutbox, django_capture_on_commit_callbacks
):
    french = ReportFactory(period="2026-10", language="fr", status=Report.Status.READY)
    ReportFactory(period="2026-10", language="en", status=Report.Status.READY)

    with django_capture_on_commit_callbacks(execute=True):
        services.publish_report(report=french, audience=Visibility.PARTNERS, by=secretariat)

    recipients = {message.to[0] for message in mailoutbox}
    assert viewer.email in recipients
    assert "viewer-en@test.example" not in recipients  # the English version will tell them


def test_only_a_rendered_report_can_be_published(secretariat):
    for status in (Report.Status.QUEUED, Report.Status.RENDERING, Report.Status.FAILED):
        report = ReportFactory(status=status)
        with pytest.raises(ReportError):
            services.publish_report(report=report, audience=Visibility.PUBLIC, by=secretariat)
        report.refresh_from_db()
        assert report.status == status


def test_withdrawing_hides_a_report_and_it_can_be_published_again(
    secretariat, mailoutbox, django_capture_on_commit_callbacks
):
    report = ReportFactory(status=Report.Status.PUBLISHED, audience=Visibility.PUBLIC)

    services.withdraw_report(report=report, by=secretariat)
    assert report.status == Report.Status.WITHDRAWN
    assert not Report.objects.visible_to(UserFactory(role="viewer")).exists()
    with pytest.raises(ReportError):
        services.withdraw_report(report=report, by=secretariat)

    with django_capture_on_commit_callbacks(execute=True):
        services.publish_report(report=report, audience=Visibility.PARTNERS, by=secretariat)
    report.refresh_from_db()
    assert report.status == Report.Status.PUBLISHED
    assert report.audience == Visibility.PARTNERS


def test_subscriptions_are_set_to_exactly_the_chosen_kinds(ptf):
    services.set_subscriptions(user=ptf, kinds=["test_directory", "test_profile", "unknown"])
    services.set_subscriptions(user=ptf, kinds=["test_profile"])

    assert list(ptf.report_subscriptions.values_list("kind", flat=True)) == ["test_profile"]


# --- Publishing to another audience than the one the file was built for ----------------------


def cover_text(report: Report) -> str:
    with report.file.open("rb") as handle:
        first_page = PdfReader(io.BytesIO(handle.read())).pages[0]
    return " ".join(first_page.extract_text().split())


def rendered_for_partners() -> Report:
    report = request(period="2026-09", audience=Visibility.PARTNERS)
    services.render_report(report_id=report.pk)
    report.refresh_from_db()
    assert report.status == Report.Status.READY
    return report


def test_publishing_to_another_audience_renders_the_report_again_before_anyone_sees_it(
    secretariat, viewer, subscribers, mailoutbox, django_capture_on_commit_callbacks
):
    report = rendered_for_partners()
    assert "Partenaires" in cover_text(report)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.publish_report(report=report, audience=Visibility.PUBLIC, by=secretariat)

    report.refresh_from_db()
    assert (report.status, report.audience) == (Report.Status.QUEUED, Visibility.PUBLIC)
    assert report.publish_when_ready
    assert not Report.objects.visible_to(viewer).exists()  # the old file reaches nobody
    assert mailoutbox == []

    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()  # the worker renders it

    report.refresh_from_db()
    assert (report.status, report.published_by) == (Report.Status.PUBLISHED, secretariat)
    assert not report.publish_when_ready
    assert "Public" in cover_text(report)
    assert "Partenaires" not in cover_text(report)
    assert list(Report.objects.visible_to(viewer)) == [report]
    assert viewer.email in {message.to[0] for message in mailoutbox}


def test_publishing_to_the_audience_it_was_built_for_publishes_at_once(secretariat):
    report = rendered_for_partners()
    sha256 = report.sha256

    services.publish_report(report=report, audience=Visibility.PARTNERS, by=secretariat)

    report.refresh_from_db()
    assert report.status == Report.Status.PUBLISHED
    assert report.sha256 == sha256  # the same file


def test_a_render_for_a_new_audience_that_fails_publishes_nothing(
    secretariat, viewer, django_capture_on_commit_callbacks
):
    report = ReportFactory(kind="test_failing", period="2026", audience=Visibility.INTERNAL)

    with django_capture_on_commit_callbacks(execute=True):
        services.publish_report(report=report, audience=Visibility.PUBLIC, by=secretariat)

    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    assert "the data source is unavailable" in report.error_message
    assert not report.publish_when_ready
    assert not Report.objects.visible_to(viewer).exists()
