"""Every change to aid activities and exchange rates (STYLE.md §2).

An activity and its parts (sectors, regions, participants, transactions, forward plans, budgets)
are written together, in one transaction: the parts are given as lists of dicts of field values;
a dict with an ``id`` updates that part of this activity, one without creates a part, and the
activity's parts not listed are deleted. Who may call these functions is decided by
``aid_tracking.permissions`` in the views (and the importers).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aid_tracking.models import (
    Activity,
    ActivityLocation,
    ActivitySector,
    Budget,
    Currency,
    ExchangeRate,
    ParticipatingOrg,
    PlannedDisbursement,
    Transaction,
)
from aid_tracking.money import PEGGED, first_of_month

# The fields of an Activity a service may write from a form or an import.
ACTIVITY_FIELDS = (
    "iati_identifier",
    "title_fr",
    "title_en",
    "description_fr",
    "description_en",
    "activity_status",
    "activity_scope",
    "planned_start",
    "actual_start",
    "planned_end",
    "actual_end",
    "aid_type",
    "finance_type",
    "flow_type",
    "tied_status",
    "collaboration_type",
    "default_currency",
    "is_on_budget",
    "budget_execution_share",
    "financial_reporting_share",
    "audit_share",
    "procurement_share",
    "is_humanitarian",
    "gender_marker",
    "conflict_sensitivity_marker",
    # Only the secretariat is offered this one (see permissions.can_set_activity_visibility).
    "visibility",
)

# What publishing requires, each named in the refusal (DESIGN: the minimum fields).
MISSING_TITLE = gettext_lazy("a title")
MISSING_DESCRIPTION = gettext_lazy("a description")
MISSING_START = gettext_lazy("a start date (planned or actual)")
MISSING_END = gettext_lazy("an end date (planned or actual)")
MISSING_SECTOR = gettext_lazy("a sector")
MISSING_REGION = gettext_lazy("a region")
MISSING_FINANCE = gettext_lazy("a transaction or a forward plan")


class PublicationRefused(ValidationError):
    """Publishing needs the minimum fields; ``missing`` names each one that is not there."""

    def __init__(self, missing: list[str]) -> None:
        self.missing = missing
        super().__init__(
            _("This activity cannot be published yet. It still needs: %(missing)s.")
            % {"missing": ", ".join(str(item) for item in missing)}
        )


def missing_for_publication(activity: Activity) -> list[str]:
    """The minimum fields this activity lacks to be published (empty when it may be)."""
    missing = []
    if not (activity.title_fr.strip() or activity.title_en.strip()):
        missing.append(str(MISSING_TITLE))
    if not (activity.description_fr.strip() or activity.description_en.strip()):
        missing.append(str(MISSING_DESCRIPTION))
    if not activity.start_date:
        missing.append(str(MISSING_START))
    if not activity.end_date:
        missing.append(str(MISSING_END))
    if not activity.sectors.exists():
        missing.append(str(MISSING_SECTOR))
    if not activity.locations.exists():
        missing.append(str(MISSING_REGION))
    if not (activity.transactions.exists() or activity.planned_disbursements.exists()):
        missing.append(str(MISSING_FINANCE))
    return missing


SECTORS_NOT_100 = gettext_lazy(
    "The sector percentages add up to %(total)s %%; they must add up to 100 %% "
    "(for each vocabulary)."
)
REGIONS_NOT_100 = gettext_lazy(
    "The region percentages add up to %(total)s %%; they must add up to 100 %%."
)


def percent(value: Decimal) -> str:
    """A percentage as a person writes it: 90, 99,5 (in the active language's format)."""
    return number_format(Decimal(format(Decimal(value).normalize(), "f")))


def check_percentages(rows: Iterable[dict], *, by_vocabulary: bool, message) -> None:
    """Percentages sum to 100 within each vocabulary (IATI); raise ValidationError otherwise."""
    sums: dict[str, Decimal] = defaultdict(Decimal)
    for row in rows:
        vocabulary = (row.get("vocabulary") or "1") if by_vocabulary else "1"
        sums[vocabulary] += Decimal(row["percentage"])
    for total in sums.values():
        if total != 100:
            raise ValidationError(message % {"total": percent(total)}, code="percentages")


def _check_activity(fields: dict) -> None:
    for start, end in (("planned_start", "planned_end"), ("actual_start", "actual_end")):
        if fields.get(start) and fields.get(end) and fields[end] < fields[start]:
            raise ValidationError(
                {end: _("The end date must not be before the start date.")}, code="dates"
            )


def _sync_parts(
    activity: Activity, model, rows: Sequence[dict] | None, by, scope: dict | None = None
) -> None:
    """Make the activity's parts of ``model`` (within ``scope``) exactly ``rows``; ``None``
    leaves them untouched."""
    if rows is None:
        return
    existing = {part.pk: part for part in model.objects.filter(activity=activity, **(scope or {}))}
    kept = set()
    for row in rows:
        values = {key: value for key, value in row.items() if key not in ("id", "activity")}
        part = existing.get(row.get("id")) if row.get("id") else None
        if part is None:
            part = model(activity=activity)
        else:
            kept.add(part.pk)
            if all(getattr(part, key) == value for key, value in values.items()):
                continue
        for key, value in values.items():
            setattr(part, key, value)
        part._history_user = by
        part.save()
    for pk, part in existing.items():
        if pk not in kept:
            part._history_user = by
            part.delete()


def _write(
    activity: Activity,
    *,
    by,
    credd_axes,
    sdg_goals,
    sectors,
    locations,
    participants,
    transactions,
    planned_disbursements,
    budgets,
    sector_vocabularies=None,
) -> Activity:
    if sectors is not None:
        check_percentages(sectors, by_vocabulary=True, message=SECTORS_NOT_100)
    if locations is not None:
        check_percentages(locations, by_vocabulary=False, message=REGIONS_NOT_100)
    activity._history_user = by
    activity.full_clean(exclude=["reporting_organization", "created_by"], validate_unique=True)
    activity.save()
    if credd_axes is not None:
        activity.credd_axes.set(credd_axes)
    if sdg_goals is not None:
        activity.sdg_goals.set(sdg_goals)
    if sectors is not None:
        for row in sectors:
            if row.get("sector") is not None and not row.get("code"):
                row["code"] = row["sector"].code
    _sync_parts(
        activity,
        ActivitySector,
        sectors,
        by,
        scope={"vocabulary__in": sector_vocabularies} if sector_vocabularies else None,
    )
    _sync_parts(activity, ActivityLocation, locations, by)
    _sync_parts(activity, ParticipatingOrg, participants, by)
    _sync_parts(activity, Transaction, transactions, by)
    _sync_parts(activity, PlannedDisbursement, planned_disbursements, by)
    _sync_parts(activity, Budget, budgets, by)
    if activity.is_published:
        missing = missing_for_publication(activity)
        if missing:
            # A published activity may not lose what made it publishable.
            raise PublicationRefused(missing)
    return activity


@transaction.atomic
def create_activity(
    *,
    organization,
    by,
    fields: dict,
    credd_axes: Iterable | None = None,
    sdg_goals: Iterable | None = None,
    sectors: Sequence[dict] | None = None,
    locations: Sequence[dict] | None = None,
    participants: Sequence[dict] | None = None,
    transactions: Sequence[dict] | None = None,
    planned_disbursements: Sequence[dict] | None = None,
    budgets: Sequence[dict] | None = None,
) -> Activity:
    """Create a draft activity of ``organization`` with its parts."""
    _check_activity(fields)
    activity = Activity(
        reporting_organization=organization,
        created_by=by,
        **{key: value for key, value in fields.items() if key in ACTIVITY_FIELDS},
    )
    return _write(
        activity,
        by=by,
        credd_axes=credd_axes,
        sdg_goals=sdg_goals,
        sectors=sectors,
        locations=locations,
        participants=participants,
        transactions=transactions,
        planned_disbursements=planned_disbursements,
        budgets=budgets,
    )


@transaction.atomic
def update_activity(
    *,
    activity: Activity,
    by,
    fields: dict,
    credd_axes: Iterable | None = None,
    sdg_goals: Iterable | None = None,
    sectors: Sequence[dict] | None = None,
    locations: Sequence[dict] | None = None,
    participants: Sequence[dict] | None = None,
    transactions: Sequence[dict] | None = None,
    planned_disbursements: Sequence[dict] | None = None,
    budgets: Sequence[dict] | None = None,
    sector_vocabularies: Sequence[str] | None = None,
) -> Activity:
    """Update an activity and replace the parts given (``None`` leaves a kind of part as is).

    ``sector_vocabularies`` limits the sectors replaced to those vocabularies (the form edits
    DAC 5-digit sectors only and must not delete sectors imported in other vocabularies).
    """
    _check_activity(fields)
    for key, value in fields.items():
        if key in ACTIVITY_FIELDS:
            setattr(activity, key, value)
    return _write(
        activity,
        by=by,
        credd_axes=credd_axes,
        sdg_goals=sdg_goals,
        sectors=sectors,
        locations=locations,
        participants=participants,
        transactions=transactions,
        planned_disbursements=planned_disbursements,
        budgets=budgets,
        sector_vocabularies=sector_vocabularies,
    )


@transaction.atomic
def publish_activity(*, activity: Activity, by) -> Activity:
    """Publish a draft that has the minimum fields; raise PublicationRefused naming the rest."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    missing = missing_for_publication(activity)
    if missing:
        raise PublicationRefused(missing)
    if not activity.is_published:
        activity.publication_status = Activity.PublicationStatus.PUBLISHED
        activity.published_at = timezone.now()
        activity._history_user = by
        activity.save(update_fields=["publication_status", "published_at", "updated_at"])
    return activity


@transaction.atomic
def unpublish_activity(*, activity: Activity, by) -> Activity:
    """Take an activity back to draft: only its organisation and the secretariat see it then."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if activity.is_published:
        activity.publication_status = Activity.PublicationStatus.DRAFT
        activity._history_user = by
        activity.save(update_fields=["publication_status", "updated_at"])
    return activity


@transaction.atomic
def delete_draft(*, activity: Activity, by) -> None:
    """Delete a draft with its parts; a published activity must be unpublished first."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if activity.is_published:
        raise ValidationError(_("A published activity cannot be deleted; unpublish it first."))
    activity._history_user = by
    activity.delete()


@transaction.atomic
def set_activity_visibility(*, activity: Activity, visibility: str, by) -> Activity:
    """The secretariat restricts (or opens) who may read a published activity."""
    activity.visibility = visibility
    activity._history_user = by
    activity.full_clean(exclude=["reporting_organization", "created_by"])
    activity.save(update_fields=["visibility", "updated_at"])
    return activity


@transaction.atomic
def save_exchange_rate(
    *,
    currency: Currency,
    month: datetime.date,
    rate: Decimal,
    by,
    exchange_rate: ExchangeRate | None = None,
) -> ExchangeRate:
    """Enter or correct the rate of a currency for a month (XOF per unit)."""
    if currency.code in PEGGED:
        raise ValidationError(
            {"currency": _("The XOF and the euro are pegged: their rate is built in.")}
        )
    if rate <= 0:
        raise ValidationError({"rate": _("A rate must be greater than zero.")})
    month = first_of_month(month)
    clash = ExchangeRate.objects.filter(currency=currency, month=month)
    if exchange_rate is not None:
        clash = clash.exclude(pk=exchange_rate.pk)
    if clash.exists():
        raise ValidationError(
            {"month": _("A rate for this currency and month already exists; edit it instead.")}
        )
    exchange_rate = exchange_rate or ExchangeRate()
    exchange_rate.currency = currency
    exchange_rate.month = month
    exchange_rate.rate = rate
    exchange_rate.updated_by = by
    exchange_rate._history_user = by
    exchange_rate.save()
    return exchange_rate
