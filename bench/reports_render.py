"""Render time and peak memory per page of a report kind, at realistic and at 10x data.

Run by hand (not part of the suite):

    .venv/bin/python bench/reports_render.py [--repeat 3]

It uses a throw-away SQLite file (unless DATABASE_URL is set, in which case the data it creates is
rolled back), registers the engine's test kind "Directory of members" (tests/reports/kinds.py: one
table row per organisation and a chart), renders it with real WeasyPrint through the same
function the engine uses, and prints a table. Time is measured without tracemalloc (which slows
Python down); peak Python memory is measured in a separate run with tracemalloc. Then it times
the apps' own kinds (monthly coordination digest, minutes of a meeting, Triple C scorecard,
quarterly aid report and PTF profile) at realistic and 10x data; the aid portfolio comes from
bench/aid_generate.py.
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
    bench_kinds(options.repeat)


# --- The apps' own kinds -------------------------------------------------------------------------

# Per size: (bodies, meetings in the month, decisions per meeting, agenda items and attendances of
# the minutes, PTF with a validated Triple C assessment, campaigns).
KIND_SIZES = {"realistic": (12, 25, 2, 8, 3), "10x": (120, 250, 2, 80, 30)}
# Per size, the aid portfolio: (PTF, activities, transactions across 2019-2026).
AID_SIZES = {"realistic": (12, 100, 2_000), "10x": (120, 1_000, 20_000)}


def make_kind_data(bodies: int, meetings: int, decisions: int, items: int, ptf: int) -> str:
    """Coordination data in October 2026 and Triple C campaigns 2024-2026; returns the minutes'
    meeting id."""
    import datetime as dt

    from code_of_conduct.models import Assessment
    from coordination.models import (
        AgendaItem,
        Attendance,
        Body,
        Decision,
        Meeting,
        MinutesStatus,
    )
    from tests.code_of_conduct.factories import (
        answer,
        indicator,
        make_assessment,
        make_campaign,
        make_framework,
    )

    organizations = [
        Organization.objects.create(
            acronym=f"K{number:03d}", name=f"Bench partner {number:03d}", kind="bilateral"
        )
        for number in range(max(ptf * 10, items))
    ]
    made = [
        Body.objects.create(kind="thematic", name=f"Bench group {n:03d}") for n in range(bodies)
    ]
    first = None
    for number in range(meetings):
        day = dt.datetime(2026, 10, 1 + number % 28, 9, tzinfo=dt.UTC)
        meeting = Meeting.objects.create(
            body=made[number % bodies],
            title=f"Bench meeting {number}",
            starts_at=day,
            ends_at=day + dt.timedelta(hours=2),
            status=Meeting.Status.HELD,
            place="Bamako",
            women_count=number % 7,
            men_count=number % 11,
            minutes="\n\n".join(
                f"## Point {i}\n\nDiscussion **{i}** du groupe." for i in range(items)
            ),
            minutes_status=MinutesStatus.PUBLISHED,
            minutes_visibility="partners",
        )
        first = first or meeting
        for index in range(decisions):
            Decision.objects.create(
                meeting=meeting,
                text=f"Decision {number}.{index}: share the sector plan",
                responsible_organization=organizations[(number + index) % len(organizations)],
                due_date=dt.date(2026, 10, 1) + dt.timedelta(days=number % 45),
            )
    for index in range(items):
        AgendaItem.objects.create(meeting=first, position=index, title=f"Agenda item {index}")
        Attendance.objects.create(meeting=first, organization=organizations[index])
    framework = make_framework("Bench framework")
    for year in (2024, 2025, 2026):
        campaign = make_campaign(framework, year=year, is_published=True, visibility="partners")
        for number, organization in enumerate(organizations[: ptf * 10]):
            assessment = make_assessment(campaign, organization, status=Assessment.Status.VALIDATED)
            answer(assessment, indicator(framework, "1.1.1"), value=(number + year) % 5)
            answer(assessment, indicator(framework, "1.1.2"), value=number % 2)
    return str(first.pk)


def make_aid_data(ptfs: int, activities: int, transactions: int) -> str:
    """The benchmark aid portfolio; returns the id of the first PTF (the profile's subject)."""
    from bench.aid_generate import generate

    generate(ptfs=ptfs, activities=activities, transactions=transactions)
    return str(Organization.objects.get(acronym="PTF00").pk)


def bench_kinds(repeat: int) -> None:
    import aid_tracking.reports
    import code_of_conduct.reports
    import coordination.reports

    cases = [
        (coordination.reports.DIGEST, {"period": "2026-10"}),
        (coordination.reports.MINUTES, "minutes"),
        (code_of_conduct.reports.SCORECARD, {"period": "2026"}),
        (aid_tracking.reports.QUARTERLY, {"period": "2026-Q3"}),
        (aid_tracking.reports.PROFILE, "ptf"),
    ]
    rows = []
    for label, sizes in KIND_SIZES.items():
        with transaction.atomic():
            subjects = {
                "minutes": make_kind_data(*sizes),
                "ptf": make_aid_data(*AID_SIZES[label]),
            }
            for kind, key in cases:
                key = {"subject": subjects[key]} if isinstance(key, str) else key
                report = Report(kind=kind.slug, language="fr", audience="partners", **key)
                for language in ("fr", "en"):
                    report.language = language
                    timings = []
                    for _ in range(repeat):
                        started = time.perf_counter()
                        rendered = render_pdf(kind=kind, report=report, language=language)
                        timings.append(time.perf_counter() - started)
                    rows.append((label, kind.slug, language, rendered.page_count, min(timings)))
            transaction.set_rollback(True)
    header = f"{'data':<10} {'kind':<22} {'lang':<4} {'pages':>5} {'time s':>8} {'s/page':>8}"
    print("\n" + header)
    print("-" * len(header))
    for label, slug, language, pages, best in rows:
        print(f"{label:<10} {slug:<22} {language:<4} {pages:>5} {best:>8.3f} {best / pages:>8.3f}")


if __name__ == "__main__":
    main()
