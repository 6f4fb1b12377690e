"""The read predicate and its queryset twin agree for every role, status and audience."""

import itertools

import pytest
from django.contrib.auth.models import AnonymousUser

from seg_portal.accounts.roles import Visibility
from seg_portal.reports import permissions
from seg_portal.reports.models import Report
from tests.reports.factories import ReportFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("cast", ["anonymous", "viewer", "ptf", "other_ptf", "lead", "secretariat"])
def test_can_read_report_agrees_with_visible_to(cast, request):
    user = AnonymousUser() if cast == "anonymous" else request.getfixturevalue(cast)
    reports = [
        ReportFactory(status=status, audience=audience)
        for status, audience in itertools.product(Report.Status.values, Visibility.values)
    ]

    visible = set(Report.objects.visible_to(user).values_list("pk", flat=True))

    for report in reports:
        assert permissions.can_read_report(user, report) == (report.pk in visible), (
            report.status,
            report.audience,
        )
    assert (
        len(visible)
        == {
            "anonymous": 1,
            "viewer": 2,
            "ptf": 3,
            "other_ptf": 3,
            "lead": 3,
            "secretariat": len(reports),
        }[cast]
    )


def test_an_inactive_user_reads_only_public_reports(ptf):
    ptf.is_active = False
    ptf.save()
    ReportFactory(status=Report.Status.PUBLISHED, audience=Visibility.INTERNAL)
    public = ReportFactory(status=Report.Status.PUBLISHED, audience=Visibility.PUBLIC)

    assert list(Report.objects.visible_to(ptf)) == [public]
    assert not permissions.can_manage_reports(ptf)
