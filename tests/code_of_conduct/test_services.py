import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django_celery_beat.models import PeriodicTask

from code_of_conduct import services
from code_of_conduct.models import (
    Answer,
    Assessment,
    Campaign,
    FrameworkVersion,
    Indicator,
    Principle,
    Reminder,
)
from code_of_conduct.tasks import send_deadline_reminders_task
from seg_portal.accounts.models import Organization
from seg_portal.accounts.roles import Role
from tests.code_of_conduct.factories import answer, indicator, make_campaign
from tests.factories import OrganizationFactory, UserFactory

Status = Assessment.Status


@pytest.fixture(autouse=True)
def _in_english():
    """The messages are asserted in English (the msgids); the views' tests check the French."""
    with translation.override("en"):
        yield


def fill(assessment, framework, *, scale=3, yes=1):
    services.save_answer(
        assessment=assessment, indicator=indicator(framework, "1.1.1"), value=scale, comment=""
    )
    services.save_answer(
        assessment=assessment, indicator=indicator(framework, "1.1.2"), value=yes, comment=""
    )


# --- Framework ---------------------------------------------------------------------------------


def test_default_framework_covers_the_seven_principles_in_both_languages(db):
    framework = services.create_default_framework(label="2026")
    principles = list(framework.principles.all())
    assert [p.code for p in principles] == ["1", "2", "3", "4", "5", "6", "7"]
    assert all(p.title_fr and p.title_en for p in principles)
    keys = set(
        Indicator.objects.filter(commitment__principle__framework=framework)
        .exclude(source_key="")
        .values_list("source_key", flat=True)
    )
    assert keys == {
        "aid.annual_predictability",
        "aid.forward_visibility",
        "aid.reporting_timeliness",
        "coordination.attendance_rate",
        "coordination.decision_follow_up_rate",
    }


def test_new_version_copies_the_whole_tree_and_leaves_the_original_alone(framework):
    copy = services.copy_framework(framework=framework, label="v2")
    assert copy.based_on == framework
    assert Indicator.objects.filter(commitment__principle__framework=copy).count() == 3
    copied = indicator(copy, "1.1.1")
    copied.text_en = "Changed"
    services.save_indicator(indicator=copied)
    assert indicator(framework, "1.1.1").text_en == "Aligned programmes"


def test_framework_is_frozen_once_a_campaign_using_it_has_answers(framework, assessment):
    principle = Principle.objects.get(framework=framework, code="1")
    principle.title_en = "Still editable"
    services.save_principle(principle=principle)
    answer(assessment, indicator(framework, "1.1.1"), value=2)
    principle.title_en = "Too late"
    with pytest.raises(ValidationError, match="can no longer change"):
        services.save_principle(principle=principle)
    with pytest.raises(ValidationError):
        services.delete_indicator(indicator=indicator(framework, "1.1.2"))
    assert FrameworkVersion.objects.get(pk=framework.pk).is_frozen


def test_computed_indicator_requires_a_source_in_the_database(framework):
    item = indicator(framework, "1.1.1")
    with pytest.raises(IntegrityError), transaction.atomic():
        Indicator.objects.filter(pk=item.pk).update(source_key="aid.forward_visibility")


# --- Campaigns ---------------------------------------------------------------------------------


def test_opening_a_campaign_creates_one_assessment_per_active_ptf(framework, alpha, beta, seg):
    OrganizationFactory(acronym="GONE", is_active=False)
    OrganizationFactory(acronym="UNDP", kind=Organization.Kind.UN_AGENCY)
    OrganizationFactory(acronym="MEF", kind=Organization.Kind.GOVERNMENT)
    campaign = services.open_campaign(
        year=2026,
        framework=framework,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
        deadline=datetime.date(2026, 12, 15),
    )
    acronyms = set(campaign.assessments.values_list("organization__acronym", flat=True))
    assert acronyms == {"ALPHA", "BETA", "UNDP"}
    assert set(campaign.assessments.values_list("status", flat=True)) == {Status.NOT_STARTED}


def test_a_second_campaign_for_the_same_year_is_refused(campaign, framework):
    with pytest.raises(ValidationError, match="already exists"):
        services.open_campaign(
            year=campaign.year,
            framework=framework,
            period_start=campaign.period_start,
            period_end=campaign.period_end,
            deadline=campaign.deadline,
        )


def test_the_database_keeps_one_assessment_per_ptf_per_campaign(assessment, alpha):
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.create(campaign=assessment.campaign, organization=alpha)


# --- Assessment workflow -----------------------------------------------------------------------


def test_first_answer_turns_not_started_into_draft(assessment, framework):
    services.save_answer(
        assessment=assessment, indicator=indicator(framework, "1.1.1"), value=2, comment="ok"
    )
    assessment.refresh_from_db()
    assert assessment.status == Status.DRAFT
    assert Answer.objects.get(assessment=assessment).comment == "ok"


@pytest.mark.parametrize(
    ("code", "value"),
    [("1.1.1", 5), ("1.1.2", 2), ("2.1.1", 1)],
    ids=["scale", "yes_no", "computed"],
)
def test_out_of_range_answers_are_refused(assessment, framework, code, value):
    with pytest.raises(ValidationError):
        services.save_answer(
            assessment=assessment, indicator=indicator(framework, code), value=value, comment=""
        )
    assert not Answer.objects.exists()


def test_an_indicator_of_another_framework_is_refused(assessment):
    from tests.code_of_conduct.factories import make_framework

    other = make_framework("Other")
    with pytest.raises(ValidationError, match="Unknown indicator"):
        services.save_answer(
            assessment=assessment, indicator=indicator(other, "1.1.1"), value=1, comment=""
        )


def test_submit_names_each_missing_indicator(assessment, framework, ptf):
    services.save_answer(
        assessment=assessment, indicator=indicator(framework, "1.1.1"), value=3, comment=""
    )
    with pytest.raises(ValidationError) as error:
        services.submit_assessment(assessment=assessment, by=ptf)
    assert error.value.messages == ["Indicator 1.1.2 is not answered: On-budget aid"]
    assessment.refresh_from_db()
    assert assessment.status == Status.DRAFT


def test_submit_records_the_computed_values_with_their_provenance(assessment, framework, ptf):
    fill(assessment, framework)
    services.submit_assessment(assessment=assessment, by=ptf)
    assessment.refresh_from_db()
    assert assessment.status == Status.SUBMITTED
    assert assessment.submitted_by == ptf
    computed_answer = Answer.objects.get(assessment=assessment, indicator__code="2.1.1")
    assert computed_answer.computed_value == Decimal("0.7500")
    assert computed_answer.provenance == ["3 of 4 test records of ALPHA in 2026"]


def test_a_submitted_assessment_can_no_longer_be_edited(assessment, framework, ptf):
    fill(assessment, framework)
    services.submit_assessment(assessment=assessment, by=ptf)
    with pytest.raises(ValidationError, match="can no longer be changed"):
        services.save_answer(
            assessment=assessment, indicator=indicator(framework, "1.1.1"), value=0, comment=""
        )
    with pytest.raises(ValidationError):
        services.submit_assessment(assessment=assessment, by=ptf)


def test_return_needs_a_comment_then_the_ptf_corrects_and_resubmits(assessment, framework, ptf):
    fill(assessment, framework, scale=1)
    services.submit_assessment(assessment=assessment, by=ptf)
    with pytest.raises(ValidationError, match="must be corrected"):
        services.return_assessment(assessment=assessment, comment="  ")
    services.return_assessment(assessment=assessment, comment="Joindre les preuves.")
    assessment.refresh_from_db()
    assert assessment.status == Status.RETURNED
    assert assessment.return_comment == "Joindre les preuves."
    services.save_answer(
        assessment=assessment, indicator=indicator(framework, "1.1.1"), value=3, comment="fixed"
    )
    services.submit_assessment(assessment=assessment, by=ptf)
    services.validate_assessment(assessment=assessment)
    assessment.refresh_from_db()
    assert assessment.status == Status.VALIDATED
    assert assessment.validated_at is not None


@pytest.mark.parametrize("status", [Status.NOT_STARTED, Status.DRAFT, Status.RETURNED])
def test_only_a_submitted_assessment_can_be_returned_or_validated(assessment, status):
    Assessment.objects.filter(pk=assessment.pk).update(status=status)
    with pytest.raises(ValidationError, match="Only a submitted"):
        services.validate_assessment(assessment=assessment)
    with pytest.raises(ValidationError, match="Only a submitted"):
        services.return_assessment(assessment=assessment, comment="x")


def test_a_validated_assessment_is_final(assessment, framework, ptf):
    fill(assessment, framework)
    services.submit_assessment(assessment=assessment, by=ptf)
    services.validate_assessment(assessment=assessment)
    with pytest.raises(ValidationError):
        services.return_assessment(assessment=assessment, comment="x")
    with pytest.raises(ValidationError):
        services.save_answer(
            assessment=assessment, indicator=indicator(framework, "1.1.1"), value=0, comment=""
        )


def test_nothing_can_change_once_the_campaign_is_closed(assessment, framework):
    services.close_campaign(campaign=assessment.campaign)
    assessment.refresh_from_db()
    with pytest.raises(ValidationError):
        services.save_answer(
            assessment=assessment, indicator=indicator(framework, "1.1.1"), value=1, comment=""
        )


def test_secretariat_comments_only_submitted_answers(assessment, framework, ptf):
    fill(assessment, framework)
    first = Answer.objects.get(assessment=assessment, indicator__code="1.1.1")
    with pytest.raises(ValidationError):
        services.comment_answer(answer=first, comment="Too early")
    services.submit_assessment(assessment=assessment, by=ptf)
    services.comment_answer(answer=first, comment="Source?")
    assert Answer.objects.get(pk=first.pk).secretariat_comment == "Source?"


# --- Reminders ---------------------------------------------------------------------------------


def test_reminders_go_to_open_assessments_a_week_before_and_only_once(
    campaign, assessment, beta_assessment, ptf, other_ptf, mailoutbox, framework
):
    Assessment.objects.filter(pk=beta_assessment.pk).update(status=Status.SUBMITTED)
    UserFactory(organization=ptf.organization, role=Role.VIEWER, email="viewer@alpha.example")
    a_week_before = campaign.deadline - datetime.timedelta(days=7)
    with time_machine.travel(datetime.datetime.combine(a_week_before, datetime.time(9))):
        assert send_deadline_reminders_task.apply().get() == 1
        assert send_deadline_reminders_task.apply().get() == 0
    assert [message.to for message in mailoutbox] == [[ptf.email]]
    assert "2026" in mailoutbox[0].subject
    assert "7" in mailoutbox[0].body
    assert Reminder.objects.filter(assessment=assessment, days_before=7).count() == 1


def test_no_reminder_on_other_days_or_for_closed_campaigns(campaign, assessment, ptf, mailoutbox):
    services.send_deadline_reminders(today=campaign.deadline - datetime.timedelta(days=5))
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.CLOSED)
    services.send_deadline_reminders(today=campaign.deadline - datetime.timedelta(days=1))
    assert mailoutbox == []


def test_reminder_schedule_is_seeded_by_a_migration(db):
    import importlib

    migration = importlib.import_module("code_of_conduct.migrations.0002_reminder_schedule")
    from django.apps import apps as django_apps

    migration.seed_schedule(django_apps, None)
    migration.seed_schedule(django_apps, None)
    task = PeriodicTask.objects.get(name="Triple C: deadline reminders")
    assert task.task == "code_of_conduct.tasks.send_deadline_reminders_task"


def test_a_campaign_period_must_end_after_it_starts(framework):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_campaign(framework, period_end=datetime.date(2025, 1, 1))


def test_returning_queues_a_notification_sent_to_the_ptf_in_its_language(
    assessment, framework, ptf, other_ptf, mailoutbox, django_capture_on_commit_callbacks
):
    ptf.language = "en"
    ptf.save(update_fields=["language"])
    french_colleague = UserFactory(organization=ptf.organization, role=Role.PTF, language="fr")
    fill(assessment, framework)
    services.submit_assessment(assessment=assessment, by=ptf)
    with django_capture_on_commit_callbacks() as callbacks:
        services.return_assessment(assessment=assessment, comment="Joindre les preuves.")
    assert len(callbacks) == 1  # queued on commit, not before
    assert services.notify_assessment_returned(assessment_id=assessment.pk) == 2
    by_recipient = {message.to[0]: message for message in mailoutbox}
    assert set(by_recipient) == {ptf.email, french_colleague.email}
    assert "returned for correction" in by_recipient[ptf.email].subject
    assert "renvoyée pour correction" in by_recipient[french_colleague.email].subject
    assert "Joindre les preuves." in by_recipient[ptf.email].body


def test_no_return_notice_once_the_assessment_has_moved_on(assessment, framework, ptf, mailoutbox):
    fill(assessment, framework)
    services.submit_assessment(assessment=assessment, by=ptf)
    assert services.notify_assessment_returned(assessment_id=assessment.pk) == 0
    assert mailoutbox == []
