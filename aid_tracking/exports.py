"""Reads for exports (STYLE.md §3): published activities with every part the IATI writer and the
spreadsheets need, in a bounded number of queries, streamed in chunks."""

from django.db.models import Prefetch, QuerySet

from aid_tracking.models import (
    Activity,
    ActivityLocation,
    ActivityPolicyMarker,
    ActivitySector,
    Budget,
    ParticipatingOrg,
    PlannedDisbursement,
    Transaction,
)
from seg_portal.accounts.roles import Visibility

EXPORT_CHUNK = 200


def with_parts(queryset: QuerySet) -> QuerySet:
    """The activities with every part prefetched (a fixed number of queries per chunk)."""
    return queryset.select_related(
        "reporting_organization",
        "activity_status",
        "activity_scope",
        "aid_type",
        "finance_type",
        "flow_type",
        "tied_status",
        "collaboration_type",
        "gender_marker",
        "conflict_sensitivity_marker",
    ).prefetch_related(
        Prefetch("sectors", ActivitySector.objects.select_related("sector")),
        Prefetch("locations", ActivityLocation.objects.select_related("region")),
        Prefetch("policy_markers", ActivityPolicyMarker.objects.select_related("significance")),
        Prefetch("participating_orgs", ParticipatingOrg.objects.select_related("role", "org_type")),
        Prefetch(
            "transactions",
            Transaction.objects.select_related(
                "transaction_type",
                "provider_org_type",
                "receiver_org_type",
                "aid_type",
                "finance_type",
                "flow_type",
                "tied_status",
            ),
        ),
        Prefetch(
            "planned_disbursements",
            PlannedDisbursement.objects.select_related("disbursement_type"),
        ),
        Prefetch("budgets", Budget.objects.select_related("budget_type", "status")),
    )


def public_activities(*, organization=None) -> QuerySet:
    """What open data may show: published activities whose visibility is public."""
    queryset = Activity.objects.published().filter(visibility=Visibility.PUBLIC)
    if organization is not None:
        queryset = queryset.filter(reporting_organization=organization)
    return queryset.order_by("iati_identifier")


def iati_export_activities(queryset: QuerySet):
    """Published activities of ``queryset`` with their parts, streamed in chunks."""
    return with_parts(queryset.published().order_by("iati_identifier")).iterator(
        chunk_size=EXPORT_CHUNK
    )


# --- CSV and XLSX of a filtered list ----------------------------------------------------------

# The import's columns (``resources.ActivityResource``), so that an export can be edited and sent
# back; ``publication_status`` is only read (the import ignores it).
ACTIVITY_COLUMNS = (
    "iati_identifier",
    "reporting_organization",
    "title_fr",
    "title_en",
    "description_fr",
    "description_en",
    "activity_status",
    "planned_start",
    "actual_start",
    "planned_end",
    "actual_end",
    "aid_type",
    "finance_type",
    "flow_type",
    "tied_status",
    "default_currency",
    "is_humanitarian",
    "is_on_budget",
    "sectors",
    "regions",
    "publication_status",
)
TRANSACTION_COLUMNS = (
    "activity",
    "reporting_organization",
    "ref",
    "transaction_type",
    "transaction_date",
    "value",
    "currency",
    "value_date",
    "description",
    "provider_org_name",
    "receiver_org_name",
)


def _code(item) -> str:
    return item.code if item is not None else ""


def _shares(parts, code) -> str:
    """``14030:70; 14031:30``, as the import reads it."""
    return "; ".join(f"{code(part)}:{format(part.percentage.normalize(), 'f')}" for part in parts)


def activity_rows(queryset: QuerySet):
    """One row per activity (typed values: dates, Decimals, booleans), chunked."""
    queryset = queryset.select_related(
        "reporting_organization",
        "activity_status",
        "aid_type",
        "finance_type",
        "flow_type",
        "tied_status",
    ).prefetch_related(
        Prefetch(
            "sectors",
            ActivitySector.objects.filter(vocabulary=ActivitySector.DAC_5_DIGIT).only(
                "activity_id", "code", "percentage"
            ),
        ),
        Prefetch(
            "locations",
            ActivityLocation.objects.select_related("region").only(
                "activity_id", "percentage", "region__code"
            ),
        ),
    )
    for activity in queryset.iterator(chunk_size=EXPORT_CHUNK):
        organization = activity.reporting_organization
        yield (
            activity.iati_identifier,
            organization.iati_identifier or organization.acronym,
            activity.title_fr,
            activity.title_en,
            activity.description_fr,
            activity.description_en,
            _code(activity.activity_status),
            activity.planned_start,
            activity.actual_start,
            activity.planned_end,
            activity.actual_end,
            _code(activity.aid_type),
            _code(activity.finance_type),
            _code(activity.flow_type),
            _code(activity.tied_status),
            activity.default_currency_id,
            activity.is_humanitarian,
            activity.is_on_budget,
            _shares(activity.sectors.all(), lambda part: part.code),
            _shares(activity.locations.all(), lambda part: part.region.code),
            activity.publication_status,
        )


def transaction_rows(activities: QuerySet):
    """The transactions of the activities, one row each (typed values), chunked."""
    queryset = (
        Transaction.objects.filter(activity__in=activities.values("pk"))
        .select_related("activity__reporting_organization", "transaction_type")
        .order_by("activity__iati_identifier", "transaction_date", "pk")
    )
    for transaction in queryset.iterator(chunk_size=2000):
        organization = transaction.activity.reporting_organization
        yield (
            transaction.activity.iati_identifier,
            organization.iati_identifier or organization.acronym,
            transaction.ref,
            transaction.transaction_type.code,
            transaction.transaction_date,
            transaction.value,
            transaction.currency_id,
            transaction.value_date,
            transaction.description,
            transaction.provider_org_name,
            transaction.receiver_org_name,
        )
