"""Quarterly reporting reminders: the rule, the contents, the language and idempotency."""

import datetime

import pytest
import time_machine
from django.apps import apps as django_apps
from django_celery_beat.models import PeriodicTask

from aid_tracking import reminders
from aid_tracking.models import ReportingReminder
from aid_tracking.tasks import send_reporting_reminders_task
from seg_portal.accounts.roles import Role
from tests.aid_tracking.dash_factories import complete_activity
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# 1 April 2025 at 09:00 in Bamako (UTC+0): 14 days before the deadline of 15 April.
IN_WINDOW = datetime.datetime(2025, 4, 1, 9, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("today", "due"),
    [
        (datetime.date(2025, 3, 30), None),  # 16 days before 15 April: too early
        (datetime.date(2025, 3, 31), datetime.date(2025, 4, 15)),  # 15 days before
        (datetime.date(2025, 4, 15), datetime.date(2025, 4, 15)),  # the deadline itself
        (datetime.date(2025, 4, 16), None),  # next deadline 15 July is 90 days away
        (datetime.date(2025, 12, 31), datetime.date(2026, 1, 15)),  # across the year end
    ],
)
def test_reminder_is_due_in_the_fifteen_days_before_each_quarterly_deadline(today, due):
    assert reminders.reminder_due(today) == due


@pytest.fixture
def portfolio(reference_data, alpha, beta):
    with time_machine.travel(datetime.datetime(2024, 6, 1, tzinfo=datetime.UTC), tick=False):
        stale = complete_activity(alpha, title_fr="Eau potable à Mopti", title_en="Water in Mopti")
    beta_activity = complete_activity(beta, title_fr="Routes de Beta", title_en="Beta roads")
    return {"stale": stale, "beta": beta_activity}


def test_ptf_staff_get_one_email_listing_their_own_activities(
    portfolio, ptf, other_ptf, viewer, secretariat, mailoutbox, django_capture_on_commit_callbacks
):
    with (
        time_machine.travel(IN_WINDOW, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        sent = send_reporting_reminders_task.apply().get()
    assert sent == 2  # Alpha's and Beta's staff; neither the viewer nor the secretariat
    by_recipient = {message.to[0]: message for message in mailoutbox}
    assert set(by_recipient) == {ptf.email, other_ptf.email}
    alpha_mail = by_recipient[ptf.email]
    assert "15 avril 2025" in alpha_mail.subject
    assert "Eau potable à Mopti" in alpha_mail.body
    assert "Routes de Beta" not in alpha_mail.body  # another PTF's activity is not listed
    assert "une transaction" in alpha_mail.body  # what is missing, in French
    assert "Pas de mise à jour depuis le 1 juin 2024" in alpha_mail.body  # stale
    assert f"/data-quality/{ptf.organization_id}/" in alpha_mail.body


def test_reminder_is_written_in_each_recipients_language(portfolio, ptf, mailoutbox):
    ptf.language = "en"
    ptf.save(update_fields=["language"])
    with time_machine.travel(IN_WINDOW, tick=False):
        reminders.send_reporting_reminders(today=datetime.date(2025, 4, 1))
    [message] = [m for m in mailoutbox if m.to == [ptf.email]]
    assert message.subject == "Aid data to update by April 15, 2025"
    assert "- Water in Mopti (completeness 60 %)" in message.body
    assert "No forward plan for: 2026" in message.body
    assert "Not updated since June 1, 2024" in message.body
    missing = "Missing: an implementing organisation, a transaction, a gender equality marker"
    assert missing in message.body


def test_the_same_reminder_is_never_sent_twice(portfolio, ptf, mailoutbox):
    with time_machine.travel(IN_WINDOW, tick=False):
        assert reminders.send_reporting_reminders(today=datetime.date(2025, 4, 1)) == 1
        assert reminders.send_reporting_reminders(today=datetime.date(2025, 4, 1)) == 0
        assert reminders.send_reporting_reminders(today=datetime.date(2025, 4, 10)) == 0
    assert len(mailoutbox) == 1
    assert ReportingReminder.objects.get().deadline == datetime.date(2025, 4, 15)


def test_next_quarter_sends_a_new_reminder(portfolio, ptf, mailoutbox):
    reminders.send_reporting_reminders(today=datetime.date(2025, 4, 1))
    reminders.send_reporting_reminders(today=datetime.date(2025, 7, 5))
    assert len(mailoutbox) == 2
    assert set(ReportingReminder.objects.values_list("deadline", flat=True)) == {
        datetime.date(2025, 4, 15),
        datetime.date(2025, 7, 15),
    }


def test_nothing_is_sent_outside_the_window(portfolio, ptf, mailoutbox):
    assert reminders.send_reporting_reminders(today=datetime.date(2025, 5, 1)) == 0
    assert mailoutbox == []


def test_inactive_and_unattached_staff_are_not_reminded(reference_data, alpha, mailoutbox):
    UserFactory(email="gone@test.example", organization=alpha, role=Role.PTF, is_active=False)
    UserFactory(email="nobody@test.example", organization=None, role=Role.PTF)
    assert reminders.send_reporting_reminders(today=datetime.date(2025, 4, 1)) == 0


def test_complete_portfolio_gets_a_short_reminder(reference_data, ptf, mailoutbox):
    reminders.send_reporting_reminders(today=datetime.date(2025, 4, 1))
    [message] = mailoutbox
    assert "Toutes les activités sont complètes" in message.body


def test_beat_schedule_is_seeded_once_and_never_overwritten():
    from importlib import import_module

    migration = import_module("aid_tracking.migrations.0006_seed_reminder_schedule")
    migration.seed_reminder_schedule(django_apps, None)
    task = PeriodicTask.objects.get(name=migration.TASK_NAME)
    assert task.task == "aid_tracking.tasks.send_reporting_reminders_task"
    assert task.crontab.hour == "8"
    task.enabled = False  # the secretariat switched it off in the admin
    task.save()
    migration.seed_reminder_schedule(django_apps, None)
    assert PeriodicTask.objects.filter(name=migration.TASK_NAME).count() == 1
    assert not PeriodicTask.objects.get(name=migration.TASK_NAME).enabled
