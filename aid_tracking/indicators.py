"""GPEDC and aid-quality indicators per PTF and year: pure computations and their provenance.

Every function returns an ``IndicatorResult``: ``value`` (a fraction between 0 and 1, or None
when there is no data to compute it from) and ``provenance``, the per-activity figures it used,
so that a page can show how the value was reached.

Rules (documented on the indicator pages as well):

- **Disbursed (D)** in year t: the activity's transactions of IATI type 3 (disbursement) and
  4 (expenditure) dated in t. Expenditure is counted because a PTF that implements directly
  (no disbursement to a partner) reports its spending as expenditure: leaving it out would show
  such a PTF as disbursing nothing.
- **Scheduled (S)** for year t: the forward plans (IATI planned disbursements) whose period
  starts in t.
- 5a annual predictability = min(D, S) / S; the over-disbursed share = (D - S) / D when D > S.
- 5b medium-term predictability = (number of years among t+1, t+2, t+3 with a forward plan of a
  positive amount) / 3.
- 6 on budget = S of activities flagged "on budget" / S.
- 9b use of country systems = mean of the four shares (budget execution, financial reporting,
  audit, procurement), each the mean of the activities' percentages weighted by D.
- Humanitarian, gender (marker 1 significant or 2 principal) and localisation shares are shares of
  D. Localisation: an activity's D counts for the share of its implementing organisations
  (IATI role 4) flagged as local or national actors (2 of 3 implementers national → 2/3 of D).

Amounts are summed in the database by activity, currency and month of value date, then converted
per (currency, month) group with ``aid_tracking.money``; amounts whose rate is missing are left
out and listed in ``provenance.missing_rates``.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear, TruncMonth
from django.utils.translation import gettext_lazy as _

from aid_tracking.models import Activity, ParticipatingOrg, PlannedDisbursement, Transaction
from aid_tracking.money import DEFAULT_DISPLAY_CURRENCY, Rates, describe_missing, total_of

DISBURSEMENT_TYPES = ("3", "4")
IMPLEMENTING_ROLE = "4"
GENDER_TARGETED = ("1", "2")
ZERO = Decimal(0)
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class IndicatorDefinition:
    code: str
    name: str
    formula: str


INDICATORS = [
    IndicatorDefinition(
        "5a",
        _("Annual predictability (5a)"),
        _(
            "The share of the aid scheduled for the year that was disbursed in the year: "
            "disbursements and expenditure of the year, up to the amount scheduled, divided by "
            "the forward plans whose period starts in the year. When more was disbursed than "
            "scheduled, the excess is shown as the over-disbursed share of what was disbursed."
        ),
    ),
    IndicatorDefinition(
        "5b",
        _("Medium-term predictability (5b)"),
        _(
            "How many of the next three years (year + 1, + 2 and + 3) have forward plans, "
            "divided by three: 100 % when the partner has told the Government what it plans to "
            "disburse in each of the three coming years."
        ),
    ),
    IndicatorDefinition(
        "6",
        _("Aid on budget (6)"),
        _(
            "The share of the aid scheduled for the year (forward plans starting in the year) "
            "whose activity is recorded in Mali's national budget."
        ),
    ),
    IndicatorDefinition(
        "9b",
        _("Use of country systems (9b)"),
        _(
            "The mean of four shares: use of national budget execution, financial reporting, "
            "auditing and procurement. Each share is the mean of the activities' percentages "
            "weighted by what they disbursed in the year."
        ),
    ),
    IndicatorDefinition(
        "humanitarian",
        _("Humanitarian share"),
        _("The share of the year's disbursements that went to humanitarian activities."),
    ),
    IndicatorDefinition(
        "gender",
        _("Gender equality share"),
        _(
            "The share of the year's disbursements that went to activities whose gender "
            "equality marker is significant or principal."
        ),
    ),
    IndicatorDefinition(
        "localisation",
        _("Localisation share (Grand Bargain)"),
        _(
            "The share of the year's disbursements reaching local and national implementers: "
            "each activity counts for the share of its implementing organisations that are "
            "Malian actors."
        ),
    ),
]
INDICATOR_CODES = [definition.code for definition in INDICATORS]


def definition(code: str) -> IndicatorDefinition | None:
    return next((item for item in INDICATORS if item.code == code), None)


@dataclass
class ActivityFigures:
    """What one activity contributes to the indicators of a year, in the display currency."""

    pk: int
    title: str
    iati_identifier: str
    organization_id: int
    is_on_budget: bool
    is_humanitarian: bool
    gender_targeted: bool
    national_share: Decimal | None  # national implementers / implementers; None: none named
    systems: dict[str, Decimal]
    disbursed: Decimal = ZERO
    scheduled: Decimal = ZERO
    planned_years: dict[int, Decimal] = field(default_factory=dict)


@dataclass
class Provenance:
    year: int
    currency: str
    activities: list[ActivityFigures]
    missing_rates: set = field(default_factory=set)

    @property
    def disbursed(self) -> Decimal:
        return sum((a.disbursed for a in self.activities), ZERO)

    @property
    def scheduled(self) -> Decimal:
        return sum((a.scheduled for a in self.activities), ZERO)

    def planned_in(self, year: int) -> Decimal:
        return sum((a.planned_years.get(year, ZERO) for a in self.activities), ZERO)

    @property
    def forward_years(self) -> list[tuple[int, Decimal]]:
        return [(self.year + step, self.planned_in(self.year + step)) for step in (1, 2, 3)]

    @property
    def missing_rates_text(self) -> str:
        return describe_missing(self.missing_rates)


@dataclass
class IndicatorResult:
    code: str
    value: Decimal | None
    provenance: Provenance
    over_disbursed: Decimal | None = None  # 5a only

    @property
    def percent(self) -> Decimal | None:
        return None if self.value is None else (self.value * HUNDRED).quantize(Decimal("0.1"))

    @property
    def over_disbursed_percent(self) -> Decimal | None:
        if self.over_disbursed is None:
            return None
        return (self.over_disbursed * HUNDRED).quantize(Decimal("0.1"))


SYSTEMS = (
    ("budget_execution", "budget_execution_share"),
    ("financial_reporting", "financial_reporting_share"),
    ("audit", "audit_share"),
    ("procurement", "procurement_share"),
)


def counted_activities(user=None) -> QuerySet:
    """The activities indicators and totals count: published ones visible to the reader, plus the
    reader's own organisation's drafts. Without a user (Triple C, reports): published and public
    or not, since indicators are aggregates of published data."""
    published = Q(publication_status=Activity.PublicationStatus.PUBLISHED)
    if user is None:
        return Activity.objects.filter(published)
    queryset = Activity.objects.visible_to(user)
    if user.is_authenticated and user.organization_id:
        return queryset.filter(published | Q(reporting_organization_id=user.organization_id))
    return queryset.filter(published)


def collect_figures(
    activities: QuerySet, *, year: int, currency: str, rates: Rates | None = None
) -> tuple[dict[int, ActivityFigures], set]:
    """Per-activity figures of the year for these activities, in four grouped queries."""
    rates = rates or Rates.load()
    figures: dict[int, ActivityFigures] = {}
    rows = activities.values(
        "pk",
        "title_fr",
        "title_en",
        "iati_identifier",
        "reporting_organization_id",
        "is_on_budget",
        "is_humanitarian",
        "gender_marker__code",
        *(column for _name, column in SYSTEMS),
    ).order_by()
    for row in rows:
        figures[row["pk"]] = ActivityFigures(
            pk=row["pk"],
            title=row["title_fr"] or row["title_en"] or row["iati_identifier"],
            iati_identifier=row["iati_identifier"],
            organization_id=row["reporting_organization_id"],
            is_on_budget=row["is_on_budget"],
            is_humanitarian=row["is_humanitarian"],
            gender_targeted=row["gender_marker__code"] in GENDER_TARGETED,
            national_share=None,
            systems={name: row[column] for name, column in SYSTEMS},
        )
    if not figures:
        return figures, set()
    missing: set = set()
    ids = activities.values("pk")

    spent = defaultdict(list)
    for row in (
        Transaction.objects.filter(
            activity_id__in=ids,
            transaction_type__code__in=DISBURSEMENT_TYPES,
            transaction_date__year=year,
        )
        .values("activity_id", "currency_id", month=TruncMonth("value_date"))
        .annotate(total=Sum("value"))
        .order_by()
    ):
        spent[row["activity_id"]].append((row["currency_id"], row["month"], row["total"]))
    planned = defaultdict(lambda: defaultdict(list))
    for row in (
        PlannedDisbursement.objects.filter(
            activity_id__in=ids, period_start__year__gte=year, period_start__year__lte=year + 3
        )
        .values(
            "activity_id",
            "currency_id",
            year=ExtractYear("period_start"),
            month=TruncMonth("value_date"),
        )
        .annotate(total=Sum("value"))
        .order_by()
    ):
        planned[row["activity_id"]][row["year"]].append(
            (row["currency_id"], row["month"], row["total"])
        )
    for row in (
        ParticipatingOrg.objects.filter(activity_id__in=ids, role__code=IMPLEMENTING_ROLE)
        .values("activity_id")
        .annotate(total=Count("pk"), national=Count("pk", filter=Q(is_national=True)))
        .order_by()
    ):
        figures[row["activity_id"]].national_share = Decimal(row["national"]) / row["total"]

    for pk, item in figures.items():
        total = total_of(spent.get(pk, []), currency, rates)
        item.disbursed, missing = total.value, missing | total.missing
        for plan_year, amounts in planned.get(pk, {}).items():
            total = total_of(amounts, currency, rates)
            item.planned_years[plan_year] = total.value
            missing |= total.missing
        item.scheduled = item.planned_years.get(year, ZERO)
    return figures, missing


def _ratio(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    return None if not denominator else numerator / denominator


def compute(code: str, provenance: Provenance) -> IndicatorResult:
    """One indicator from figures already collected (no query)."""
    items = provenance.activities
    disbursed, scheduled = provenance.disbursed, provenance.scheduled
    result = IndicatorResult(code=code, value=None, provenance=provenance)
    if code == "5a":
        result.value = _ratio(min(disbursed, scheduled), scheduled)
        if scheduled and disbursed > scheduled:
            result.over_disbursed = (disbursed - scheduled) / disbursed
    elif code == "5b":
        if items:
            years = sum(1 for _year, amount in provenance.forward_years if amount > 0)
            result.value = Decimal(years) / 3
    elif code == "6":
        on_budget = sum((a.scheduled for a in items if a.is_on_budget), ZERO)
        result.value = _ratio(on_budget, scheduled)
    elif code == "9b":
        if disbursed:
            shares = [
                sum((a.disbursed * a.systems[name] / HUNDRED for a in items), ZERO) / disbursed
                for name, _column in SYSTEMS
            ]
            result.value = sum(shares, ZERO) / len(shares)
    elif code == "humanitarian":
        result.value = _ratio(
            sum((a.disbursed for a in items if a.is_humanitarian), ZERO), disbursed
        )
    elif code == "gender":
        result.value = _ratio(
            sum((a.disbursed for a in items if a.gender_targeted), ZERO), disbursed
        )
    elif code == "localisation":
        local = sum((a.disbursed * (a.national_share or ZERO) for a in items), ZERO)
        result.value = _ratio(local, disbursed)
    else:
        raise ValueError(code)
    return result


def provenance_for(
    *, organization, year: int, currency: str = DEFAULT_DISPLAY_CURRENCY, user=None
) -> Provenance:
    activities = counted_activities(user).filter(reporting_organization=organization)
    figures, missing = collect_figures(activities, year=year, currency=currency)
    return Provenance(
        year=year,
        currency=currency,
        activities=sorted(figures.values(), key=lambda a: a.title),
        missing_rates=missing,
    )


def indicator(
    code: str, *, organization, year: int, currency: str = DEFAULT_DISPLAY_CURRENCY, user=None
) -> IndicatorResult:
    provenance = provenance_for(organization=organization, year=year, currency=currency, user=user)
    return compute(code, provenance)


def annual_predictability(
    *, organization, year: int, currency: str = DEFAULT_DISPLAY_CURRENCY, user=None
) -> IndicatorResult:
    """GPEDC 5a of the organisation's published activities (for the Triple C axis)."""
    return indicator("5a", organization=organization, year=year, currency=currency, user=user)


def forward_visibility(
    *, organization, year: int, currency: str = DEFAULT_DISPLAY_CURRENCY, user=None
) -> IndicatorResult:
    """GPEDC 5b of the organisation's published activities (for the Triple C axis)."""
    return indicator("5b", organization=organization, year=year, currency=currency, user=user)


@dataclass
class OverviewRow:
    organization: object
    results: list[IndicatorResult]


def overview(*, user, year: int, currency: str, organizations: Iterable) -> list[OverviewRow]:
    """Every indicator for every given organisation, from one collection of figures."""
    activities = counted_activities(user)
    return overview_of(activities, year=year, currency=currency, organizations=organizations)


def overview_of(
    activities: QuerySet, *, year: int, currency: str, organizations: Iterable
) -> list[OverviewRow]:
    """Every indicator for every given organisation over these activities (a report chooses the
    activities of its audience rather than a reader's)."""
    organizations = list(organizations)
    activities = activities.filter(reporting_organization__in=organizations)
    figures, missing = collect_figures(activities, year=year, currency=currency)
    by_org = defaultdict(list)
    for item in figures.values():
        by_org[item.organization_id].append(item)
    rows = []
    for organization in organizations:
        provenance = Provenance(
            year=year,
            currency=currency,
            activities=sorted(by_org.get(organization.pk, []), key=lambda a: a.title),
            missing_rates=missing,
        )
        rows.append(
            OverviewRow(
                organization=organization,
                results=[compute(code, provenance) for code in INDICATOR_CODES],
            )
        )
    return rows


def as_of(day: datetime.date) -> int:
    """The last complete year on ``day``: indicators default to it."""
    return day.year - 1
