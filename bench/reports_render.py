"""Render time and peak memory per page of a report kind, at realistic and at 10x data.

Run by hand (not part of the suite):

    .venv/bin/python bench/reports_render.py [--repeat 3]

It uses a throw-away SQLite file (unless DATABASE_URL is set, in which case the data it creates is
rolled back), registers the engine's test kind "Directory of members" (tests/reports/kinds.py: one
table row per organisation and a chart), renders it with real WeasyPrint through the same
function the engine uses, and prints a table. Time is measured without tracemalloc (which slows
Python down); peak Python memory is measured in a separate run with tracemalloc.
"""

import argparse
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seg_portal.settings")
if not os.environ.get("DATABASE_URL"):
    os.environ["SQLITE_PATH"] = str(Path(tempfile.mkdtemp()) / "bench.sqlite3")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from seg_portal.accounts.models import Organization, User  # noqa: E402
from seg_portal.reports import registry  # noqa: E402
from seg_portal.reports.models import Report  # noqa: E402
from seg_portal.reports.rendering import render_pdf  # noqa: E402
from tests.reports import kinds  # noqa: E402

SIZES = {"realistic": (30, 8), "10x": (300, 8)}  # organisations, members each
KINDS = list(Organization.Kind)
# The current month, so that every member created now is counted.
PERIOD = timezone.localdate().strftime("%Y-%m")


def make_data(organizations: int, members: int) -> None:
    Organization.objects.bulk_create(
        Organization(
            acronym=f"B{number:04d}",
            name=f"Benchmark organisation {number:04d}",
            kind=KINDS[number % len(KINDS)],
        )
        for number in range(organizations)
    )
    created = list(Organization.objects.filter(acronym__startswith="B"))
    User.objects.bulk_create(
        User(
            email=f"member{organization.pk}-{number}@bench.example",
            organization=organization,
            first_name="Member",
            last_name=str(number),
        )
        for organization in created
        for number in range(members)
    )


def render(language: str) -> tuple[float, int]:
    report = Report(kind=kinds.DIRECTORY.slug, period=PERIOD, language=language)
    started = time.perf_counter()
    rendered = render_pdf(kind=kinds.DIRECTORY, report=report, language=language)
    return time.perf_counter() - started, rendered.page_count


def peak_memory(language: str) -> int:
    report = Report(kind=kinds.DIRECTORY.slug, period=PERIOD, language=language)
    tracemalloc.start()
    render_pdf(kind=kinds.DIRECTORY, report=report, language=language)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()

    call_command("migrate", verbosity=0)
    registry.register(kinds.DIRECTORY)
    templates = [{**django.conf.settings.TEMPLATES[0]}]
    templates[0]["DIRS"] = [*templates[0]["DIRS"], kinds.TEMPLATES_DIR]
    rows = []
    with override_settings(TEMPLATES=templates):
        render("fr")  # warm up: fonts, templates, CSS parsing caches
        for label, (organizations, members) in SIZES.items():
            with transaction.atomic():
                make_data(organizations, members)
                for language in ("fr", "en"):
                    timings = []
                    for _ in range(options.repeat):
                        seconds, pages = render(language)
                        timings.append(seconds)
                    best = min(timings)
                    peak = peak_memory(language)
                    rows.append((label, organizations, language, pages, best, best / pages, peak))
                transaction.set_rollback(True)

    header = f"{'data':<10} {'rows':>5} {'lang':<4} {'pages':>5} {'time s':>8} {'s/page':>8} {'peak MiB':>9} {'MiB/page':>9}"  # noqa: E501
    print(header)
    print("-" * len(header))
    for label, organizations, language, pages, best, per_page, peak in rows:
        print(
            f"{label:<10} {organizations:>5} {language:<4} {pages:>5} {best:>8.3f} "
            f"{per_page:>8.3f} {peak / 2**20:>9.1f} {peak / 2**20 / pages:>9.2f}"
        )
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nbest of {options.repeat} runs; process peak RSS {maxrss:.0f} MiB (includes Django)")


if __name__ == "__main__":
    main()
