"""Demo data for reports: the Government and civil-society viewers subscribe to every kind.

No report is rendered here (that is the worker's job): `generate_reports --due` makes them.
"""

from seg_portal.accounts.models import Organization, User
from seg_portal.reports.models import ReportSubscription
from seg_portal.reports.registry import all_kinds

SUBSCRIBERS = ["gov@seg.example", "cso@seg.example", "ptf@seg.example"]


def seed(*, organizations: dict[str, Organization], users: dict[str, User]) -> None:
    for email in SUBSCRIBERS:
        user = users.get(email)
        if user is None:
            continue
        for kind in all_kinds():
            ReportSubscription.objects.get_or_create(user=user, kind=kind.slug)
