"""Quarterly reporting reminders to PTF staff (the write behind ``tasks.send_reporting_reminders``).

The rule: PTF report their aid data each quarter, by the **15th of the month after the quarter
ends** (15 January, 15 April, 15 July, 15 October). From **15 days before** a deadline up to the
deadline itself, every active PTF staff member gets one e-mail listing their organisation's
activities whose data are incomplete (data-quality checklist, forward plans included) or stale
(not updated for 90 days). The beat task runs daily; the (user, deadline) unique record makes
sure nobody receives the same reminder twice, whatever the number of runs or workers.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from aid_tracking.dashboard import activity_quality
from aid_tracking.models import Activity, ReportingReminder
from seg_portal.accounts.roles import Role

DEADLINE_DAY = 15
DAYS_BEFORE = 15


def next_deadline(today: datetime.date) -> datetime.date:
    """The first quarterly deadline on or after ``today``."""
    for year in (today.year, today.year + 1):
        for month in (1, 4, 7, 10):
            deadline = datetime.date(year, month, DEADLINE_DAY)
            if deadline >= today:
                return deadline
    raise AssertionError("unreachable")


def reminder_due(today: datetime.date) -> datetime.date | None:
    """The deadline to remind of today, or None outside the 15 days before a deadline."""
    deadline = next_deadline(today)
    return deadline if (deadline - today).days <= DAYS_BEFORE else None


def send_reporting_reminders(*, today: datetime.date) -> int:
    """E-mail every PTF staff member not yet reminded of the coming deadline; returns how many."""
    deadline = reminder_due(today)
    if deadline is None:
        return 0
    already = ReportingReminder.objects.filter(deadline=deadline).values("user_id")
    recipients = (
        get_user_model()
        .objects.filter(is_active=True, role=Role.PTF, organization__isnull=False)
        .exclude(pk__in=already)
        .select_related("organization")
        .order_by("organization_id", "pk")
    )
    attention: dict[int, list] = {}
    sent = 0
    for user in recipients:
        if user.organization_id not in attention:
            items = activity_quality(
                activities=Activity.objects.filter(
                    reporting_organization_id=user.organization_id
                ).order_by("title_fr", "pk"),
                today=today,
            )
            attention[user.organization_id] = [
                item for item in items if item.missing or item.missing_plan_years or item.is_stale
            ]
        if _send_once(user=user, deadline=deadline, items=attention[user.organization_id]):
            sent += 1
    return sent


def _send_once(*, user, deadline: datetime.date, items: list) -> bool:
    try:
        with transaction.atomic():
            # The row is written first: a concurrent run waits on it and then fails the unique
            # constraint; a failed send rolls it back so the next run tries again.
            ReportingReminder.objects.create(user=user, deadline=deadline)
            with translation.override(user.language):
                context = {
                    "user": user,
                    "organization": user.organization,
                    "deadline": deadline,
                    "items": items,
                    "quality_url": settings.PORTAL_BASE_URL
                    + reverse(
                        "aid_tracking:data_quality_organization", args=[user.organization_id]
                    ),
                    "base_url": settings.PORTAL_BASE_URL,
                }
                subject = render_to_string(
                    "aid_tracking/emails/reporting_reminder_subject.txt", context
                )
                body = render_to_string("aid_tracking/emails/reporting_reminder_body.txt", context)
            send_mail(" ".join(subject.split()), body, None, [user.email])
    except IntegrityError:
        return False
    return True
