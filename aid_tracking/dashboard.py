"""Selectors of the aid dashboard: totals by PTF, DAC sector category, region, CREDD axis and year.

Sums are made in the database, grouped by the key, the currency and the month of the value
date, with committed (IATI type 2) and disbursed (types 3 disbursement and 4 expenditure)
as conditional sums; each (key, currency, month) group is then converted once in Python. A page
runs the same handful of queries whatever the number of transactions.

Sector and region totals share an activity's amounts by their percentages (which sum to 100).
CREDD axes carry no percentage: an activity on two axes counts fully under each, so axis totals
may add up to more than the overall total (the page says so).

Only published activities visible to the reader count, plus the reader's own organisation's
drafts (``indicators.counted_activities``): another organisation's drafts are never counted.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    Case,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import ExtractYear, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aid_tracking.indicators import counted_activities
from aid_tracking.models import MONEY, CreddAxis, Region, SectorCategory, Transaction
from aid_tracking.money import Rates, Total, describe_missing, total_of
from aid_tracking.selectors import COMMITMENT, SPENDING, Breakdown
from seg_portal.accounts.models import Organization


@dataclass
class Dashboard:
    currency: str
    year: int | None
    organization: Organization | None
    activity_count: int = 0
    committed: Total | None = None
    disbursed: Total | None = None
    by_organization: list[Breakdown] = field(default_factory=list)
    by_sector: list[Breakdown] = field(default_factory=list)
    by_region: list[Breakdown] = field(default_factory=list)
    by_axis: list[Breakdown] = field(default_factory=list)
    by_year: list[Breakdown] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)
    years: list[int] = field(default_factory=list)

    @property
    def missing_rates(self) -> str:
        missing = set()
        for rows in (self.by_organization, self.by_year):
            for row in rows:
                missing |= row.committed.missing | row.disbursed.missing
        return describe_missing(missing)


def _grouped(transactions, key=None, *, weight=None, keys=None) -> list[dict]:
    """Committed and disbursed sums by (key, currency, month of value date), in one query."""
    value = F("value")
    if weight is not None:
        value = ExpressionWrapper(F("value") * F(weight) / 100, output_field=DecimalField(**MONEY))
    keys = keys or {"key": key}
    return list(
        transactions.values("currency_id", month=TruncMonth("value_date"), **keys)
        .annotate(
            committed=Sum(value, filter=Q(transaction_type__code=COMMITMENT)),
            disbursed=Sum(value, filter=Q(transaction_type__code__in=SPENDING)),
        )
        .order_by()
    )


def _breakdowns(rows: list[dict], labels: dict, currency: str, rates: Rates) -> list[Breakdown]:
    parts: dict = defaultdict(lambda: {"committed": [], "disbursed": []})
    for row in rows:
        if row["key"] is None:
            continue
        for kind in ("committed", "disbursed"):
            if row[kind] is not None:
                parts[row["key"]][kind].append((row["currency_id"], row["month"], row[kind]))
    result = [
        Breakdown(
            label=str(labels.get(key, key)),
            committed=total_of(amounts["committed"], currency, rates),
            disbursed=total_of(amounts["disbursed"], currency, rates),
        )
        for key, amounts in parts.items()
    ]
    return result


def available_years(*, user) -> list[int]:
    transactions = Transaction.objects.filter(activity__in=counted_activities(user))
    years = transactions.annotate(year=ExtractYear("transaction_date")).values_list(
        "year", flat=True
    )
    return sorted(set(years.order_by().distinct()), reverse=True)


def dashboard(*, user, currency: str, year: int | None = None, organization=None) -> Dashboard:
    """The dashboard's totals for this reader, optionally for one year and one PTF."""
    activities = counted_activities(user)
    if organization is not None:
        activities = activities.filter(reporting_organization=organization)
    board = Dashboard(currency=currency, year=year, organization=organization)
    board.activity_count = activities.count()
    all_years = Transaction.objects.filter(
        activity__in=activities, transaction_type__code__in=(COMMITMENT, *SPENDING)
    )
    transactions = all_years if year is None else all_years.filter(transaction_date__year=year)
    rates = Rates.load()

    # One query serves the by-year chart (every year) and the by-partner one (the chosen year).
    combined = _grouped(
        all_years,
        keys={
            "year_key": ExtractYear("transaction_date"),
            "org_key": F("activity__reporting_organization_id"),
        },
    )
    by_year = [{**row, "key": row["year_key"]} for row in combined]
    board.by_year = sorted(_breakdowns(by_year, {}, currency, rates), key=lambda row: row.label)
    board.years = sorted((int(row.label) for row in board.by_year), reverse=True)

    by_org = [
        {**row, "key": row["org_key"]}
        for row in combined
        if year is None or row["year_key"] == year
    ]
    org_labels = {
        org.pk: org.acronym or org.name
        for org in Organization.objects.filter(pk__in={row["key"] for row in by_org})
    }
    board.by_organization = _sorted(_breakdowns(by_org, org_labels, currency, rates))

    by_sector = _grouped(
        transactions.filter(activity__sectors__vocabulary="1"),
        F("activity__sectors__sector__category_id"),
        weight="activity__sectors__percentage",
    )
    sector_labels = {
        category.pk: str(category)
        for category in SectorCategory.objects.filter(pk__in={row["key"] for row in by_sector})
    }
    board.by_sector = _sorted(_breakdowns(by_sector, sector_labels, currency, rates))

    by_region = _grouped(
        transactions, F("activity__locations__region_id"), weight="activity__locations__percentage"
    )
    region_labels = {
        region.pk: region.name
        for region in Region.objects.filter(pk__in={row["key"] for row in by_region})
    }
    board.by_region = _sorted(_breakdowns(by_region, region_labels, currency, rates))

    by_axis = _grouped(transactions, F("activity__credd_axes__id"))
    axis_labels = {
        axis.pk: str(axis)
        for axis in CreddAxis.objects.filter(pk__in={row["key"] for row in by_axis})
    }
    board.by_axis = sorted(
        _breakdowns(by_axis, axis_labels, currency, rates), key=lambda row: row.label
    )

    totals = _breakdowns([{**row, "key": "all"} for row in by_org], {}, currency, rates) or [
        Breakdown("all", Total(currency), Total(currency))
    ]
    board.committed, board.disbursed = totals[0].committed, totals[0].disbursed
    return board


def _sorted(rows: list[Breakdown]) -> list[Breakdown]:
    return sorted(rows, key=lambda row: (-row.disbursed.value, -row.committed.value, row.label))


# --- Totals of a period and of its year to date (the quarterly report) ------------------------


@dataclass
class PeriodRow:
    """Committed and disbursed in a period and from 1 January to the period's end."""

    label: str
    committed: Total
    disbursed: Total
    committed_to_date: Total
    disbursed_to_date: Total

    @property
    def totals(self) -> list[Total]:
        return [self.committed, self.disbursed, self.committed_to_date, self.disbursed_to_date]


@dataclass
class PeriodTotals:
    currency: str
    start: datetime.date
    end: datetime.date
    total: PeriodRow
    by_organization: list[PeriodRow] = field(default_factory=list)
    by_sector: list[PeriodRow] = field(default_factory=list)
    by_region: list[PeriodRow] = field(default_factory=list)
    by_axis: list[PeriodRow] = field(default_factory=list)

    @property
    def reporting_organizations(self) -> int:
        """Partners with a commitment or a disbursement dated in the period."""
        return sum(1 for row in self.by_organization if row.committed.value or row.disbursed.value)

    @property
    def missing_rates(self) -> str:
        missing = set()
        for row in self.by_organization:
            for total in row.totals:
                missing |= total.missing
        return describe_missing(missing)


def _period_rows(rows: list[dict], labels: dict, currency: str, rates: Rates) -> list[PeriodRow]:
    """Rows grouped by (key, in_period, currency, month) → one PeriodRow per key."""
    in_period = _breakdowns([row for row in rows if row["in_period"]], labels, currency, rates)
    to_date = _breakdowns(rows, labels, currency, rates)
    by_label = {row.label: row for row in in_period}
    zero = Breakdown("", Total(currency), Total(currency))
    return [
        PeriodRow(
            label=row.label,
            committed=by_label.get(row.label, zero).committed,
            disbursed=by_label.get(row.label, zero).disbursed,
            committed_to_date=row.committed,
            disbursed_to_date=row.disbursed,
        )
        for row in to_date
    ]


def _by_period(row: PeriodRow) -> tuple:
    return (-row.disbursed.value, -row.committed.value, -row.disbursed_to_date.value, row.label)


def period_totals(
    activities, *, currency: str, start: datetime.date, end: datetime.date
) -> PeriodTotals:
    """Committed and disbursed between ``start`` and ``end`` and from 1 January of ``end``'s year
    to ``end``, in total and by PTF, DAC sector category, region and CREDD axis.

    ``activities`` are the ones counted (a report passes its audience's published activities).
    One grouped query per breakdown (the period and the year to date share it), one per set of
    labels, one for the rates: the same nine queries whatever the number of transactions.
    """
    transactions = Transaction.objects.filter(
        activity__in=activities,
        transaction_type__code__in=(COMMITMENT, *SPENDING),
        transaction_date__gte=datetime.date(end.year, 1, 1),
        transaction_date__lte=end,
    )
    in_period = Case(
        When(transaction_date__gte=start, then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )
    rates = Rates.load()

    def grouped(key, weight=None, queryset=transactions):
        keys = {"key": key, "in_period": in_period}
        return _grouped(queryset, weight=weight, keys=keys)

    by_org = grouped(F("activity__reporting_organization_id"))
    org_labels = {
        org.pk: org.acronym or org.name
        for org in Organization.objects.filter(pk__in={row["key"] for row in by_org})
    }
    by_sector = grouped(
        F("activity__sectors__sector__category_id"),
        weight="activity__sectors__percentage",
        queryset=transactions.filter(activity__sectors__vocabulary="1"),
    )
    sector_labels = {
        category.pk: str(category)
        for category in SectorCategory.objects.filter(pk__in={row["key"] for row in by_sector})
    }
    by_region = grouped(
        F("activity__locations__region_id"), weight="activity__locations__percentage"
    )
    region_labels = {
        region.pk: region.name
        for region in Region.objects.filter(pk__in={row["key"] for row in by_region})
    }
    by_axis = grouped(F("activity__credd_axes__id"))
    axis_labels = {
        axis.pk: str(axis)
        for axis in CreddAxis.objects.filter(pk__in={row["key"] for row in by_axis})
    }
    all_rows = [{**row, "key": "all"} for row in by_org]
    total = _period_rows(all_rows, {}, currency, rates) or [
        PeriodRow("all", *(Total(currency) for _n in range(4)))
    ]
    return PeriodTotals(
        currency=currency,
        start=start,
        end=end,
        total=total[0],
        by_organization=sorted(_period_rows(by_org, org_labels, currency, rates), key=_by_period),
        by_sector=sorted(_period_rows(by_sector, sector_labels, currency, rates), key=_by_period),
        by_region=sorted(_period_rows(by_region, region_labels, currency, rates), key=_by_period),
        by_axis=sorted(
            _period_rows(by_axis, axis_labels, currency, rates), key=lambda row: row.label
        ),
    )


def ptf_organizations():
    """The PTFs a reader may filter by (organisations are public)."""
    return Organization.objects.filter(is_active=True, kind__in=Organization.PTF_KINDS).order_by(
        "acronym", "name"
    )


# --- Data quality ---------------------------------------------------------------------------

# The completeness checklist: (key, label). Forward plans are asked for each of the next three
# years that the activity still runs (its end date, actual or planned, is in or after that year,
# or unknown); an activity that ends earlier is not asked for plans past its end.
CHECKLIST = [
    ("title", _("a title")),
    ("description", _("a description")),
    ("dates", _("start and end dates")),
    ("sector", _("a DAC sector")),
    ("region", _("a region of Mali")),
    ("implementer", _("an implementing organisation")),
    ("transaction", _("a transaction")),
    ("aid_type", _("an aid type")),
    ("gender_marker", _("a gender equality marker")),
]
STALE_AFTER_DAYS = 90


@dataclass
class ActivityQuality:
    activity: object
    missing: list[str]
    missing_plan_years: list[int]
    checks: int
    is_stale: bool

    @property
    def missing_text(self) -> str:
        """What is missing, in the active language (labels are lazy, rendered when shown)."""
        return ", ".join(str(label) for label in self.missing)

    @property
    def missing_plan_years_text(self) -> str:
        return ", ".join(str(year) for year in self.missing_plan_years)

    @property
    def score(self) -> int:
        """Percentage of the applicable checks met."""
        met = self.checks - len(self.missing) - len(self.missing_plan_years)
        return round(100 * met / self.checks) if self.checks else 100


def _has(model, **filters):
    return Exists(model.objects.filter(activity=OuterRef("pk"), **filters))


def activity_quality(*, activities, today: datetime.date) -> list[ActivityQuality]:
    """The completeness of each activity, in one query (EXISTS subqueries, no row fan-out)."""
    from aid_tracking.models import (
        ActivityLocation,
        ActivitySector,
        ParticipatingOrg,
        PlannedDisbursement,
    )

    plan_years = [today.year + step for step in (1, 2, 3)]
    queryset = activities.select_related("reporting_organization").annotate(
        has_sector=_has(ActivitySector),
        has_region=_has(ActivityLocation),
        has_implementer=_has(ParticipatingOrg, role__code="4"),
        has_transaction=_has(Transaction),
        **{
            f"plan_{year}": _has(PlannedDisbursement, period_start__year=year, value__gt=0)
            for year in plan_years
        },
    )
    stale_before = today - datetime.timedelta(days=STALE_AFTER_DAYS)
    labels = dict(CHECKLIST)
    result = []
    for activity in queryset:
        present = {
            "title": bool(activity.title_fr or activity.title_en),
            "description": bool(activity.description_fr or activity.description_en),
            "dates": bool(activity.start_date and activity.end_date),
            "sector": activity.has_sector,
            "region": activity.has_region,
            "implementer": activity.has_implementer,
            "transaction": activity.has_transaction,
            "aid_type": activity.aid_type_id is not None,
            "gender_marker": activity.gender_marker_id is not None,
        }
        end = activity.end_date
        asked = [year for year in plan_years if end is None or end.year >= year]
        result.append(
            ActivityQuality(
                activity=activity,
                missing=[labels[key] for key, ok in present.items() if not ok],
                missing_plan_years=[y for y in asked if not getattr(activity, f"plan_{y}")],
                checks=len(CHECKLIST) + len(asked),
                is_stale=timezone.localtime(activity.updated_at).date() < stale_before,
            )
        )
    return result


@dataclass
class QualitySummary:
    organization: Organization
    activity_count: int
    mean_score: int | None
    incomplete: int
    stale: int
    missing_plans: int


def quality_summary(*, today: datetime.date) -> list[QualitySummary]:
    """One line per PTF with activities (for the secretariat)."""
    from aid_tracking.models import Activity

    by_org = defaultdict(list)
    for item in activity_quality(activities=Activity.objects.all(), today=today):
        by_org[item.activity.reporting_organization].append(item)
    return [
        QualitySummary(
            organization=organization,
            activity_count=len(items),
            mean_score=round(sum(i.score for i in items) / len(items)),
            incomplete=sum(1 for i in items if i.missing),
            stale=sum(1 for i in items if i.is_stale),
            missing_plans=sum(1 for i in items if i.missing_plan_years),
        )
        for organization, items in sorted(by_org.items(), key=lambda pair: str(pair[0]))
    ]


def data_quality_home_sections(*, user, today: datetime.date) -> list:
    """The home block "your data quality score" for PTF staff and the secretariat (one query)."""
    from django.urls import reverse
    from django.utils.translation import gettext

    from aid_tracking.models import Activity
    from seg_portal.portal import HomeSection

    if not (user.is_authenticated and user.is_active):
        return []
    if user.is_ptf and user.organization_id:
        items = activity_quality(
            activities=Activity.objects.filter(reporting_organization_id=user.organization_id),
            today=today,
        )
        if not items:
            return []
        context = {
            "score": round(sum(item.score for item in items) / len(items)),
            "incomplete": sum(1 for item in items if item.missing or item.missing_plan_years),
            "stale": sum(1 for item in items if item.is_stale),
            "url": reverse("aid_tracking:data_quality_organization", args=[user.organization_id]),
        }
        title = gettext("Your data quality score")
    elif user.is_secretariat:
        summary = quality_summary(today=today)
        if not summary:
            return []
        context = {
            "partners": sorted(summary, key=lambda line: line.mean_score)[:3],
            "url": reverse("aid_tracking:data_quality"),
        }
        title = gettext("Data quality of the partners")
    else:
        return []
    return [
        HomeSection(
            title=title,
            template_name="aid_tracking/data_quality_home.html",
            context=context,
            order=32,
        )
    ]
