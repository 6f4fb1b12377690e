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
