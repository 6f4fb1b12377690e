"""The aid axis's report kinds: the quarterly aid report and the one-page profile of a PTF.

A report is a document for an audience, not for a person: it counts the *published* activities
whose visibility reaches its audience (``partners``: those published to partners or to the
public; ``public``: public ones only; ``internal``: every published one). Drafts never appear,
not even the secretariat's view of them. The PDF is built for the audience on its cover; publishing
it to another audience renders it again for that one (``reports.services.publish_report``).

Amounts are shown in CFA francs (XOF), converted at read time by ``aid_tracking.money``; amounts
whose exchange rate is missing are left out and listed on the page.
"""

import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from seg_portal.accounts.models import Organization
from seg_portal.accounts.roles import Visibility
from seg_portal.charts import bar_chart
from seg_portal.reports.registry import AUDIENCE_ORDER, Periodicity, ReportKind, register
from seg_portal.reports.registry import parse_period as parse
from seg_portal.reports.services import ReportError

from . import indicators
from .dashboard import period_totals
from .models import Activity
from .money import EUR_XOF, describe_missing
from .selectors import portfolio_of

CURRENCY = "XOF"
# The GPEDC indicators the reports show, in this order.
GPEDC = ("5a", "5b", "6", "9b")


def reportable_activities(audience: str):
    """Published activities whose visibility reaches ``audience`` (never a draft)."""
    wider_or_same = AUDIENCE_ORDER[AUDIENCE_ORDER.index(audience) :]
    return Activity.objects.published().filter(visibility__in=wider_or_same)


def _indicator_rows(activities, *, year: int, organizations) -> list[dict]:
    """The GPEDC indicators of each organisation, from ``indicators.overview_of``."""
    rows = indicators.overview_of(
        activities, year=year, currency=CURRENCY, organizations=organizations
    )
    return [
        {
            "organization": row.organization,
            "results": [next(r for r in row.results if r.code == code) for code in GPEDC],
        }
        for row in rows
    ]


def _definitions() -> list:
    return [indicators.definition(code) for code in GPEDC]


# --- Quarterly aid report ----------------------------------------------------------------------


def _active_count(activities, *, start: datetime.date, end: datetime.date) -> int:
    """Activities running in the period: started by its end, not ended before its start (an
    unknown date does not exclude an activity)."""
    started = (
        Q(actual_start__lte=end)
        | Q(actual_start__isnull=True, planned_start__lte=end)
        | Q(actual_start__isnull=True, planned_start__isnull=True)
    )
    not_ended = (
        Q(actual_end__gte=start)
        | Q(actual_end__isnull=True, planned_end__gte=start)
        | Q(actual_end__isnull=True, planned_end__isnull=True)
    )
    return activities.filter(started & not_ended).count()


def _chart(totals) -> str:
    rows = [row for row in totals.by_organization if row.disbursed.value][:12]
    if not rows:
        return ""
    return bar_chart(
        [(row.label, float(row.disbursed.value)) for row in rows],
        title=gettext("Disbursed in the quarter by partner (XOF)"),
        unit=CURRENCY,
    )


def build_quarterly_context(report) -> dict:
    period = parse(Periodicity.QUARTER, report.period)
    activities = reportable_activities(report.audience)
    totals = period_totals(activities, currency=CURRENCY, start=period.start, end=period.end)
    organizations = Organization.objects.filter(
        pk__in=activities.values("reporting_organization")
    ).order_by("acronym", "name")
    indicator_rows = _indicator_rows(activities, year=period.end.year, organizations=organizations)
    return {
        "period": period,
        "year": period.end.year,
        "year_in_progress": period.end.month != 12,
        "currency": CURRENCY,
        "eur_xof": EUR_XOF,
        "totals": totals,
        "active_count": _active_count(activities, start=period.start, end=period.end),
        "chart": _chart(totals),
        "indicator_rows": indicator_rows,
        "definitions": _definitions(),
        "indicator_missing_rates": _indicator_missing(indicator_rows),
    }


def _indicator_missing(rows: list[dict]) -> str:
    missing = set()
    for row in rows:
        for result in row["results"]:
            missing |= result.provenance.missing_rates
    return describe_missing(missing)


QUARTERLY = register(
    ReportKind(
        slug="aid_quarterly",
        label=_("Quarterly aid report"),
        periodicity=Periodicity.QUARTER,
        template_name="aid_tracking/pdf/quarterly.html",
        build_context=build_quarterly_context,
        default_audience=Visibility.PARTNERS,
        description=_(
            "Commitments and disbursements of the quarter and of the year to date by partner, "
            "DAC sector, region and CREDD axis, in CFA francs, and the GPEDC predictability "
            "indicators of each partner for the year."
        ),
    )
)


# --- One-page profile of a PTF -----------------------------------------------------------------

TOP = 5


def _ptf_organizations():
    return Organization.objects.filter(is_active=True, kind__in=Organization.PTF_KINDS)


def profile_subjects() -> list[tuple[str, str]]:
    """Every active PTF, by acronym."""
    return [
        (str(organization.pk), f"{organization.name} ({organization.acronym})")
        for organization in _ptf_organizations().order_by("acronym", "name")
    ]


def _ptf(subject: str) -> Organization:
    organization = _ptf_organizations().filter(pk=int(subject) if subject.isdigit() else None)
    organization = organization.first()
    if organization is None:
        raise ReportError(gettext("A profile can only be made for an active PTF."))
    return organization


def _top(rows) -> list:
    return sorted(rows, key=lambda row: (-row.committed.value, -row.disbursed.value, row.label))[
        :TOP
    ]


def build_profile_context(report) -> dict:
    organization = _ptf(report.subject)
    activities = reportable_activities(report.audience)
    portfolio = portfolio_of(activities, organization=organization, currency=CURRENCY)
    year = indicators.as_of(timezone.localdate())
    indicator_rows = _indicator_rows(activities, year=year, organizations=[organization])
    results = indicator_rows[0]["results"]
    provenance = results[0].provenance
    forward_years = provenance.forward_years
    return {
        "organization": organization,
        "currency": CURRENCY,
        "eur_xof": EUR_XOF,
        "portfolio": portfolio,
        "forward_years": forward_years,
        "forward_total": sum((amount for _year, amount in forward_years), start=0),
        "top_sectors": _top(portfolio.by_sector),
        "top_regions": _top(portfolio.by_region),
        "year": year,
        "indicators": list(zip(_definitions(), results, strict=True)),
        "missing_rates": describe_missing(
            portfolio.committed.missing | portfolio.disbursed.missing | provenance.missing_rates
        ),
    }


PROFILE = register(
    ReportKind(
        slug="ptf_profile",
        label=_("PTF profile"),
        periodicity=Periodicity.SUBJECT,
        template_name="aid_tracking/pdf/profile.html",
        build_context=build_profile_context,
        default_audience=Visibility.PARTNERS,
        description=_(
            "One page on one partner: its published portfolio (committed, disbursed, forward "
            "plans), its main sectors and regions and its GPEDC indicators for the last complete "
            "year."
        ),
        subjects=profile_subjects,
    )
)
