"""Shared set-up of the import benchmarks: a fresh, migrated SQLite database in /tmp."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def django_on_fresh_database(name: str) -> None:
    """SQLite in /tmp, or the PostgreSQL database named by BENCH_DATABASE_URL (emptied first)."""
    url = os.environ.get("BENCH_DATABASE_URL", "")
    if url:
        os.environ["DATABASE_URL"] = url
    else:
        database = Path(f"/tmp/seg_bench_{name}.sqlite3")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        os.environ["SQLITE_PATH"] = str(database)
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seg_portal.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    # As a server runs: DEBUG's cursor would log and quote every query (and keep the last 9000).
    settings.DEBUG = False

    if url:
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    from aid_tracking.reference.codelists import load_reference_data

    load_reference_data()  # a flushed database keeps its migrations but loses their data


def organisation(acronym: str = "ALPHA", iati_identifier: str = "XM-ALPHA"):
    from seg_portal.accounts.models import Organization

    organization, _created = Organization.objects.get_or_create(
        acronym=acronym,
        defaults={
            "name": f"{acronym} Cooperation",
            "kind": "bilateral",
            "iati_identifier": iati_identifier,
        },
    )
    return organization
