"""Generate an aid portfolio for benchmarks: N PTFs x activities x transactions.

    SQLITE_PATH=/tmp/aid_bench.sqlite3 .venv/bin/python manage.py migrate
    SQLITE_PATH=/tmp/aid_bench.sqlite3 .venv/bin/python bench/aid_generate.py --transactions 10000

Each activity gets a DAC sector, a region, a CREDD axis, an implementer, forward plans for three
years and ``transactions / activities`` transactions (commitments and disbursements, in EUR, XOF
and USD across 2019-2026). Previous benchmark rows (identifiers starting BENCH-) are replaced.
"""

import argparse
import datetime
import os
import random
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seg_portal.settings")

import django

django.setup()

from django.db import transaction  # noqa: E402

from aid_tracking.models import (  # noqa: E402
    Activity,
    ActivityLocation,
    ActivitySector,
    CodelistItem,
    CreddAxis,
    ExchangeRate,
    ParticipatingOrg,
    PlannedDisbursement,
    Region,
    Sector,
    Transaction,
)
from seg_portal.accounts.models import Organization  # noqa: E402


def code(codelist: str, value: str) -> CodelistItem:
    return CodelistItem.objects.get(codelist=codelist, code=value)


@transaction.atomic
def generate(*, ptfs: int, activities: int, transactions: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    Activity.objects.filter(iati_identifier__startswith="BENCH-").delete()
    organizations = []
    for index in range(ptfs):
        organization, _created = Organization.objects.get_or_create(
            acronym=f"PTF{index:02d}",
            defaults={"name": f"Benchmark partner {index}", "kind": Organization.Kind.BILATERAL},
        )
        organizations.append(organization)
    for month in range(1, 13):
        for year in range(2019, 2027):
            ExchangeRate.objects.get_or_create(
                currency_id="USD",
                month=datetime.date(year, month, 1),
                defaults={"rate": Decimal("590.3613")},
            )
    sectors = list(Sector.objects.filter(code__in=["14030", "12220", "11220", "31120", "15110"]))
    regions = list(Region.objects.all())
    axes = list(CreddAxis.objects.all())
    status, aid_type = code("ActivityStatus", "2"), code("AidType", "C01")
    disbursement, commitment = code("TransactionType", "3"), code("TransactionType", "2")
    implementing, org_type = code("OrganisationRole", "4"), code("OrganisationType", "22")
    gender = [code("PolicySignificance", value) for value in ("0", "1", "2")]
    rows = Activity.objects.bulk_create(
        Activity(
            iati_identifier=f"BENCH-{index:06d}",
            reporting_organization=organizations[index % ptfs],
            title_fr=f"Activité de référence {index}",
            title_en=f"Benchmark activity {index}",
            description_fr="Activité générée pour les mesures.",
            activity_status=status,
            aid_type=aid_type,
            default_currency_id="EUR",
            planned_start=datetime.date(2019, 1, 1),
            planned_end=datetime.date(2028, 12, 31),
            is_on_budget=index % 3 == 0,
            is_humanitarian=index % 5 == 0,
            budget_execution_share=rng.choice([0, 50, 100]),
            gender_marker=rng.choice(gender),
            publication_status="published" if index % 10 else "draft",
        )
        for index in range(activities)
    )
    if not rows[0].pk:  # SQLite before 3.35 returns no ids
        rows = list(Activity.objects.filter(iati_identifier__startswith="BENCH-").order_by("pk"))
    ActivitySector.objects.bulk_create(
        ActivitySector(
            activity=a,
            sector=sectors[i % len(sectors)],
            code=sectors[i % len(sectors)].code,
            percentage=100,
        )
        for i, a in enumerate(rows)
    )
    ActivityLocation.objects.bulk_create(
        ActivityLocation(activity=a, region=regions[i % len(regions)], percentage=100)
        for i, a in enumerate(rows)
    )
    Activity.credd_axes.through.objects.bulk_create(
        Activity.credd_axes.through(activity_id=a.pk, creddaxis_id=axes[i % len(axes)].pk)
        for i, a in enumerate(rows)
    )
    ParticipatingOrg.objects.bulk_create(
        ParticipatingOrg(
            activity=a, role=implementing, org_type=org_type, name="ONG", is_national=i % 2 == 0
        )
        for i, a in enumerate(rows)
    )
    PlannedDisbursement.objects.bulk_create(
        PlannedDisbursement(
            activity=a,
            period_start=datetime.date(year, 1, 1),
            period_end=datetime.date(year, 12, 31),
            value=Decimal(rng.randrange(10_000, 500_000)),
            currency_id="EUR",
            value_date=datetime.date(year, 1, 1),
        )
        for a in rows
        for year in (2025, 2026, 2027)
    )
    currencies = ["EUR", "XOF", "USD"]
    batch = []
    for index in range(transactions):
        day = datetime.date(rng.randrange(2019, 2027), rng.randrange(1, 13), rng.randrange(1, 28))
        batch.append(
            Transaction(
                activity=rows[index % len(rows)],
                transaction_type=commitment if index % 4 == 0 else disbursement,
                transaction_date=day,
                value_date=day,
                value=Decimal(rng.randrange(1_000, 1_000_000)),
                currency_id=currencies[index % 3],
            )
        )
        if len(batch) == 5000:
            Transaction.objects.bulk_create(batch)
            batch = []
    Transaction.objects.bulk_create(batch)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ptfs", type=int, default=12)
    parser.add_argument("--activities", type=int, default=0, help="default: transactions / 20")
    parser.add_argument("--transactions", type=int, default=1000)
    args = parser.parse_args()
    activities = args.activities or max(args.ptfs, args.transactions // 20)
    generate(ptfs=args.ptfs, activities=activities, transactions=args.transactions)
    print(f"{args.ptfs} PTFs, {activities} activities, {args.transactions} transactions")


if __name__ == "__main__":
    main()
