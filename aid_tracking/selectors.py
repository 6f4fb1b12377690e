"""Every read of aid activities, already filtered by what the reader may see (STYLE.md §3).

Amounts are summed in the database by currency and month of their value date (a few rows per
activity whatever the number of transactions), then converted in Python with the rates loaded
once (``aid_tracking.money``); a page therefore runs a bounded number of queries.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Max, Prefetch, Q, Sum
from django.db.models.functions import ExtractYear, TruncMonth
from django.shortcuts import get_object_or_404
from django.utils import timezone

from aid_tracking.filters import ActivityFilter
from aid_tracking.models import (
    Activity,
    ActivityLocation,
    ActivitySector,
    Budget,
    ExchangeRate,
    ParticipatingOrg,
    PlannedDisbursement,
    Region,
    Transaction,
)
from aid_tracking.money import Rates, Total, describe_missing, total_of
from seg_portal.accounts.models import Organization

# IATI TransactionType codes the pages show.
COMMITMENT = "2"
DISBURSEMENT = "3"
EXPENDITURE = "4"
SPENDING = (DISBURSEMENT, EXPENDITURE)


def get_activity(*, user, pk: int) -> Activity:
    """The activity if it exists and the user may see it; Http404 otherwise."""
    queryset = Activity.objects.visible_to(user).select_related(
        "reporting_organization",
        "activity_status",
        "activity_scope",
        "aid_type",
        "finance_type",
        "flow_type",
        "tied_status",
        "collaboration_type",
        "default_currency",
        "gender_marker",
        "conflict_sensitivity_marker",
    )
    return get_object_or_404(queryset, pk=pk)


def get_activity_detail(*, user, pk: int) -> Activity:
    """The activity with every part prefetched, for the detail page."""
    activity = get_activity(user=user, pk=pk)
    activity = (
        Activity.objects.filter(pk=activity.pk)
        .select_related(
            "reporting_organization",
            "activity_status",
            "activity_scope",
            "aid_type",
            "finance_type",
            "flow_type",
            "tied_status",
            "collaboration_type",
            "default_currency",
            "gender_marker",
            "conflict_sensitivity_marker",
        )
        .prefetch_related(
            "credd_axes",
            "sdg_goals",
            Prefetch("sectors", ActivitySector.objects.select_related("sector__category")),
            Prefetch("locations", ActivityLocation.objects.select_related("region")),
            Prefetch(
                "participating_orgs",
                ParticipatingOrg.objects.select_related("role", "org_type", "organization"),
            ),
            Prefetch(
                "transactions",
                Transaction.objects.select_related(
                    "transaction_type", "provider_org_type", "receiver_org_type"
                ),
            ),
            Prefetch(
                "planned_disbursements",
                PlannedDisbursement.objects.select_related("disbursement_type"),
            ),
            "budgets__budget_type",
            "budgets__status",
        )
        .get()
    )
    return activity


def activity_filter(*, user, data) -> ActivityFilter:
    """The activity list's filter, bound to the reader's query, over what they may see."""
    queryset = (
        Activity.objects.visible_to(user)
        .select_related("reporting_organization", "activity_status", "aid_type")
        .order_by("-updated_at", "-pk")
    )
    return ActivityFilter(data, queryset=queryset, user=user)


@dataclass
class Amounts:
    """What an activity committed, disbursed (disbursements + expenditure) and plans, converted."""

    committed: Total
    disbursed: Total
    planned: Total


def _sums_by_activity(activity_ids: Iterable[int]) -> dict:
    """{activity id: {kind: [(currency, month, value)]}} in two grouped queries."""
    rows: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    transactions = (
        Transaction.objects.filter(
            activity_id__in=activity_ids,
            transaction_type__code__in=(COMMITMENT, *SPENDING),
        )
        .values(
            "activity_id", "transaction_type__code", "currency_id", month=TruncMonth("value_date")
        )
        .annotate(total=Sum("value"))
        .order_by()
    )
    for row in transactions:
        kind = "committed" if row["transaction_type__code"] == COMMITMENT else "disbursed"
        rows[row["activity_id"]][kind].append((row["currency_id"], row["month"], row["total"]))
    plans = (
        PlannedDisbursement.objects.filter(activity_id__in=activity_ids)
        .values("activity_id", "currency_id", month=TruncMonth("value_date"))
        .annotate(total=Sum("value"))
        .order_by()
    )
    for row in plans:
        rows[row["activity_id"]]["planned"].append((row["currency_id"], row["month"], row["total"]))
    return rows


def amounts_for(activities: Iterable[Activity], *, currency: str) -> dict[int, Amounts]:
    """Committed, disbursed and planned totals of each activity in ``currency`` (3 queries)."""
    ids = [activity.pk for activity in activities]
    if not ids:
        return {}
    sums = _sums_by_activity(ids)
    rates = Rates.load()
    return {
        pk: Amounts(
            committed=total_of(sums[pk]["committed"], currency, rates),
            disbursed=total_of(sums[pk]["disbursed"], currency, rates),
            planned=total_of(sums[pk]["planned"], currency, rates),
        )
        for pk in ids
    }


@dataclass
class Breakdown:
    """Totals by a key (a year, a sector, a region), committed and disbursed."""

    label: str
    committed: Total
    disbursed: Total


@dataclass
class Portfolio:
    organization: Organization
    currency: str
    activity_count: int = 0
    published_count: int = 0
    committed: Total | None = None
    disbursed: Total | None = None
    by_year: list[Breakdown] = field(default_factory=list)
    by_sector: list[Breakdown] = field(default_factory=list)
    by_region: list[Breakdown] = field(default_factory=list)

    @property
    def missing_rates(self) -> str:
        missing = set()
        for total in (self.committed, self.disbursed):
            if total:
                missing |= total.missing
        return describe_missing(missing)


def get_organization(*, pk: int) -> Organization:
    """An organisation's profile is public (it shows only what each reader may see)."""
    return get_object_or_404(Organization.objects.filter(is_active=True), pk=pk)


def organization_portfolio(*, user, organization: Organization, currency: str) -> Portfolio:
    """The organisation's visible activities summed by year, DAC sector category and region.

    Sector and region totals share each activity's amounts by their percentages.
    """
    activities = Activity.objects.visible_to(user).filter(reporting_organization=organization)
    return portfolio_of(activities, organization=organization, currency=currency)


def portfolio_of(activities, *, organization: Organization, currency: str) -> Portfolio:
    """``organization_portfolio`` over given activities (a report's, chosen for its audience)."""
    activities = activities.filter(reporting_organization=organization)
    counts = activities.aggregate(
        total=Count("pk"), published=Count("pk", filter=Q(publication_status="published"))
    )
    portfolio = Portfolio(
        organization=organization,
        currency=currency,
        activity_count=counts["total"],
        published_count=counts["published"],
    )
    rows = list(
        Transaction.objects.filter(
            activity__in=activities, transaction_type__code__in=(COMMITMENT, *SPENDING)
        )
        .values(
            "activity_id",
            "transaction_type__code",
            "currency_id",
            year=ExtractYear("transaction_date"),
            month=TruncMonth("value_date"),
        )
        .annotate(total=Sum("value"))
        .order_by()
    )
    rates = Rates.load()
    sector_shares = defaultdict(list)
    for part in ActivitySector.objects.filter(
        activity__in=activities, vocabulary=ActivitySector.DAC_5_DIGIT
    ).select_related("sector__category"):
        sector_shares[part.activity_id].append((str(part.sector.category), part.percentage))
    region_shares = defaultdict(list)
    for part in ActivityLocation.objects.filter(activity__in=activities).select_related("region"):
        region_shares[part.activity_id].append((str(part.region), part.percentage))

    def kind(row) -> str:
        return "committed" if row["transaction_type__code"] == COMMITMENT else "disbursed"

    def breakdown(key_rows: dict) -> list[Breakdown]:
        return [
            Breakdown(
                label=str(label),
                committed=total_of(parts["committed"], currency, rates),
                disbursed=total_of(parts["disbursed"], currency, rates),
            )
            for label, parts in sorted(key_rows.items())
        ]

    overall = defaultdict(list)
    by_year = defaultdict(lambda: defaultdict(list))
    by_sector = defaultdict(lambda: defaultdict(list))
    by_region = defaultdict(lambda: defaultdict(list))
    for row in rows:
        amount = (row["currency_id"], row["month"], row["total"])
        overall[kind(row)].append(amount)
        by_year[row["year"]][kind(row)].append(amount)
        for label, percentage in sector_shares.get(row["activity_id"], []):
            by_sector[label][kind(row)].append(
                (row["currency_id"], row["month"], row["total"] * percentage / 100)
            )
        for label, percentage in region_shares.get(row["activity_id"], []):
            by_region[label][kind(row)].append(
                (row["currency_id"], row["month"], row["total"] * percentage / 100)
            )
    portfolio.committed = total_of(overall["committed"], currency, rates)
    portfolio.disbursed = total_of(overall["disbursed"], currency, rates)
    portfolio.by_year = breakdown(by_year)
    portfolio.by_sector = breakdown(by_sector)
    portfolio.by_region = breakdown(by_region)
    return portfolio


# Fields whose changes the history page does not list (they change on every save).
UNTRACKED = ("updated_at", "created_at")


@dataclass
class Change:
    """One recorded change of the activity or of one of its parts."""

    when: datetime.datetime
    who: object
    action: str  # "+" created, "~" changed, "-" deleted (simple_history's history_type)
    what: str
    fields: list[tuple[str, str, str]]  # (field, before, after)


class _Names:
    """Readable names for the foreign-key values stored in history records (loaded lazily)."""

    def __init__(self) -> None:
        self._tables: dict = {}

    def name(self, model, value) -> str:
        if value in (None, ""):
            return ""
        if model not in self._tables:
            self._tables[model] = {obj.pk: str(obj) for obj in model.objects.all()}
        return self._tables[model].get(value, str(value))


def _display(field, value, names: _Names) -> str:
    if value is None or value == "":
        return "—"
    if field.many_to_many:
        # simple_history gives the through rows as dicts: {"activity": id, "<target>": id}.
        target = field.related_model
        items = [
            names.name(target, row_value)
            for row in value
            for key, row_value in row.items()
            if key != "activity"
        ]
        return ", ".join(sorted(items)) or "—"
    if field.is_relation:
        return names.name(field.related_model, value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "✓" if value else "✗"
    return str(value)


def _describe(record, names: _Names) -> str:
    """A short label of the part a history record is about, without touching relations."""
    model = record.instance_type
    label = str(model._meta.verbose_name).capitalize()
    if model is Activity:
        return label
    if model is ActivitySector:
        detail = f"{record.code} ({record.percentage} %)"
    elif model is ActivityLocation:
        detail = f"{names.name(Region, record.region_id)} ({record.percentage} %)"
    elif model is ParticipatingOrg:
        detail = record.name or record.ref
    elif model is Transaction:
        detail = f"{record.transaction_date} · {record.value} {record.currency_id}"
    else:
        detail = (
            f"{record.period_start} → {record.period_end} · {record.value} {record.currency_id}"
        )
    return f"{label}: {detail}"


def activity_history(*, activity: Activity) -> list[Change]:
    """Every recorded change of the activity and of its parts, newest first: who, when, what.

    One query per kind of part, plus one per kind of name shown (codes, sectors, regions…).
    """
    names = _Names()
    changes: list[Change] = []
    sources = [(Activity, {"id": activity.pk})] + [
        (model, {"activity_id": activity.pk})
        for model in (
            ActivitySector,
            ActivityLocation,
            ParticipatingOrg,
            Transaction,
            PlannedDisbursement,
            Budget,
        )
    ]
    for model, lookup in sources:
        records = (
            model.history.filter(**lookup)
            .select_related("history_user")
            .order_by("id", "history_date", "history_id")
        )
        previous = {}
        for record in records:
            fields = []
            before = previous.get(record.id)
            if record.history_type == "~" and before is not None:
                delta = record.diff_against(
                    before, excluded_fields=UNTRACKED, foreign_keys_are_objs=False
                )
                for change in delta.changes:
                    field = model._meta.get_field(change.field)
                    fields.append(
                        (
                            str(field.verbose_name),
                            _display(field, change.old, names),
                            _display(field, change.new, names),
                        )
                    )
            previous[record.id] = record
            if record.history_type == "~" and before is not None and not fields:
                continue  # saved without a change
            changes.append(
                Change(
                    when=record.history_date,
                    who=record.history_user,
                    action=record.history_type,
                    what=_describe(record, names),
                    fields=fields,
                )
            )
    changes.sort(key=lambda change: change.when, reverse=True)
    return changes


def list_exchange_rates(*, currency: str | None = None):
    rates = ExchangeRate.objects.select_related("currency", "updated_by").order_by(
        "-month", "currency"
    )
    if currency:
        rates = rates.filter(currency_id=currency)
    return rates


def get_exchange_rate(*, pk: int) -> ExchangeRate:
    return get_object_or_404(ExchangeRate, pk=pk)


def home_counts(*, user) -> dict:
    """What the aid axis shows on a person's home page (a few aggregate queries)."""
    result: dict = {}
    if user.is_authenticated and user.is_ptf and user.organization_id:
        mine = Activity.objects.filter(reporting_organization_id=user.organization_id)
        result["drafts"] = list(mine.filter(publication_status="draft").order_by("-updated_at")[:5])
        result["draft_count"] = mine.filter(publication_status="draft").count()
        next_year_start = datetime.date(timezone.localdate().year + 1, 1, 1)
        without_plans = (
            mine.filter(
                Q(planned_end__gte=next_year_start)
                | Q(actual_end__gte=next_year_start)
                | Q(planned_end__isnull=True, actual_end__isnull=True)
            )
            .annotate(last_plan=Max("planned_disbursements__period_end"))
            .filter(Q(last_plan__isnull=True) | Q(last_plan__lt=next_year_start))
            .order_by("-updated_at")
        )
        result["without_plans"] = list(without_plans[:5])
        result["without_plans_count"] = without_plans.count()
    if user.is_authenticated and user.is_secretariat:
        result["recent"] = list(
            Activity.objects.select_related("reporting_organization").order_by("-updated_at")[:8]
        )
    return result


def headline_totals(*, user, currency: str, year: int) -> dict:
    """Published figures any reader may see: activities, partners, the year's disbursements."""
    activities = Activity.objects.visible_to(user).published()
    counts = activities.aggregate(
        activities=Count("pk"), partners=Count("reporting_organization", distinct=True)
    )
    rows = (
        Transaction.objects.filter(
            activity__in=activities,
            transaction_type__code__in=SPENDING,
            transaction_date__year=year,
        )
        .values("currency_id", month=TruncMonth("value_date"))
        .annotate(total=Sum("value"))
        .order_by()
    )
    disbursed = total_of(
        ((row["currency_id"], row["month"], row["total"]) for row in rows), currency, Rates.load()
    )
    return {**counts, "disbursed": disbursed, "year": year, "currency": currency}


# --- Conflict sensitivity (context risk of the concertation axis) ------------------------------


def regions_of(*, user, organization: Organization) -> list[Region]:
    """The regions of the organisation's activities the user may see, by name (one query)."""
    return list(
        Region.objects.filter(
            activity_locations__activity__in=Activity.objects.visible_to(user).filter(
                reporting_organization=organization
            )
        )
        .distinct()
        .order_by("name_fr")
    )
