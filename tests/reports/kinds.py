"""Small report kinds built from data that exists before the axes land: organisations and users.

The engine is tested with these (the axes register the real kinds after the merge); the benchmark
renders them too.
"""

import datetime
from decimal import Decimal
from pathlib import Path

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from seg_portal.accounts.models import Organization
from seg_portal.charts import bar_chart
from seg_portal.reports.registry import Periodicity, ReportKind

TEMPLATES_DIR = Path(__file__).parent / "templates"


def build_directory_context(report) -> dict:
    """Members of each organisation who had joined by the end of the period."""
    period = report.period_obj
    until = timezone.make_aware(
        datetime.datetime.combine(period.end + datetime.timedelta(days=1), datetime.time())
    )
    members = Q(users__is_active=True, users__date_joined__lt=until)
    organizations = list(
        Organization.objects.annotate(members=Count("users", filter=members)).order_by("acronym")
    )
    total = sum(organization.members for organization in organizations)
    rows = [
        {
            "organization": organization,
            "members": organization.members,
            "share": (Decimal(organization.members) * 100 / total) if total else Decimal(0),
        }
        for organization in organizations
    ]
    by_kind: dict[str, int] = {}
    for organization in organizations:
        label = str(organization.get_kind_display())
        by_kind[label] = by_kind.get(label, 0) + organization.members
    chart = bar_chart(
        sorted(by_kind.items(), key=lambda item: -item[1]),
        title=_("Members by kind of organisation"),
    )
    return {
        "rows": rows,
        "total_members": total,
        "organization_count": len(organizations),
        "chart": chart,
    }


DIRECTORY = ReportKind(
    slug="test_directory",
    label="Directory of members",
    periodicity=Periodicity.MONTH,
    template_name="reports_test/directory.html",
    build_context=build_directory_context,
)


def _organization_subjects() -> list[tuple[str, str]]:
    return [(str(pk), name) for pk, name in Organization.objects.values_list("pk", "name")]


def build_profile_context(report) -> dict:
    organization = Organization.objects.get(pk=int(report.subject))
    return {"organization": organization, "members": organization.users.filter(is_active=True)}


PROFILE = ReportKind(
    slug="test_profile",
    label="Organisation profile",
    periodicity=Periodicity.SUBJECT,
    template_name="reports_test/profile.html",
    build_context=build_profile_context,
    subjects=_organization_subjects,
)


class Switch:
    """Makes the failing kind fail until a test repairs it."""

    broken = True


def build_failing_context(report) -> dict:
    if Switch.broken:
        raise RuntimeError("the data source is unavailable")
    return {"rows": [], "total_members": 0, "organization_count": 0, "chart": ""}


FAILING = ReportKind(
    slug="test_failing",
    label="Failing report",
    periodicity=Periodicity.YEAR,
    template_name="reports_test/directory.html",
    build_context=build_failing_context,
)

HOSTILE = ReportKind(
    slug="test_hostile",
    label="Report with hostile references",
    periodicity=Periodicity.QUARTER,
    template_name="reports_test/hostile.html",
    build_context=lambda report: {},
)


class Overtaken:
    successor_started = None


def build_overtaken_context(report) -> dict:
    from seg_portal.reports.models import Report

    # Another worker took the report over while this one was still rendering.
    Report.objects.filter(pk=report.pk).update(started_at=Overtaken.successor_started)
    return {"rows": [], "total_members": 0, "organization_count": 0, "chart": ""}


OVERTAKEN = ReportKind(
    slug="test_overtaken",
    label="Overtaken report",
    periodicity=Periodicity.YEAR,
    template_name="reports_test/directory.html",
    build_context=build_overtaken_context,
)

# OVERTAKEN is registered only by the test that needs it.
ALL = [DIRECTORY, PROFILE, FAILING, HOSTILE]
