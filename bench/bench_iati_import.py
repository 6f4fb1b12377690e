"""IATI import speed and memory against a bare lxml iterparse pass over the same file.

    .venv/bin/python bench/bench_iati_import.py [--updates] [ACTIVITIES ...]
    BENCH_DATABASE_URL=postgres://…/DB .venv/bin/python bench/bench_iati_import.py

For each size (default 850 and 3400 activities: about 3 MB and 12 MB): generates an IATI 2.03
file of Mali activities (10 transactions, 2 forward plans, 2 regions, 2 sectors each), then
measures MB/s (best of ``BENCH_REPEAT`` passes, default 3: the machine is shared) and peak
Python memory (tracemalloc, one more pass) of (a) a bare ``iterparse`` that clears each
activity, (b) the portal's reader alone and (c) the full import (dry run: everything is written,
then rolled back) and (d) its database writes alone: the rows the import wrote, prepared
beforehand, written again the same way (chunks, history rows), which bounds what a faster
reader or faster checks could gain. With ``--updates``, also (e) the same file imported again
over its own activities (every activity updated, its parts replaced).

Each run has its own input file and SQLite database (vendor and pid in their names), so runs on
SQLite and PostgreSQL side by side do not overwrite each other's files.
"""

import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from _setup import django_on_fresh_database, organisation

ARGUMENTS = [value for value in sys.argv[1:] if not value.startswith("--")]
SIZES = [int(value) for value in ARGUMENTS] or [850, 3400]
UPDATES = "--updates" in sys.argv
REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))


def generate(path: Path, activities: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03">\n')
        for number in range(activities):
            out.write(
                f'<iati-activity default-currency="EUR" xml:lang="fr">'
                f"<iati-identifier>XM-ALPHA-B{number:06d}</iati-identifier>"
                '<reporting-org ref="XM-ALPHA" type="10">'
                "<narrative>Alpha</narrative></reporting-org>"
                f"<title><narrative>Projet {number}</narrative>"
                f'<narrative xml:lang="en">Project {number}</narrative></title>'
                '<description type="1">'
                "<narrative>Appui aux communes du Mali.</narrative></description>"
                '<participating-org ref="XM-ALPHA" role="1" type="10"><narrative>Alpha</narrative>'
                "</participating-org>"
                '<activity-status code="2"/><activity-date type="1" iso-date="2024-01-01"/>'
                '<activity-date type="3" iso-date="2027-12-31"/>'
                '<recipient-country code="ML" percentage="100"/>'
                '<location ref="ML-1"/><location ref="ML-BKO"/>'
                '<sector vocabulary="1" code="14030" percentage="60"/>'
                '<sector vocabulary="1" code="12220" percentage="40"/>'
                '<default-flow-type code="10"/><default-finance-type code="110"/>'
                '<default-aid-type code="C01" vocabulary="1"/>'
            )
            for year in (2026, 2027):
                out.write(
                    f'<planned-disbursement type="1"><period-start iso-date="{year}-01-01"/>'
                    f'<period-end iso-date="{year}-12-31"/>'
                    f'<value currency="EUR" value-date="{year}-01-01">250000</value>'
                    "</planned-disbursement>"
                )
            for month in range(1, 11):
                out.write(
                    f'<transaction ref="T{month}"><transaction-type code="3"/>'
                    f'<transaction-date iso-date="2025-{month:02d}-15"/>'
                    f'<value currency="EUR" value-date="2025-{month:02d}-15">'
                    f"{1000 * month}.50</value>"
                    '<receiver-org type="22">'
                    "<narrative>Association malienne</narrative></receiver-org>"
                    "</transaction>"
                )
            out.write("</iati-activity>\n")
        out.write("</iati-activities>\n")


def bare_pass(path: Path) -> int:
    from lxml import etree

    count = 0
    for _event, element in etree.iterparse(
        str(path),
        events=("end",),
        tag="iati-activity",
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
    ):
        count += 1
        element.clear(keep_tail=False)
        while element.getprevious() is not None:
            del element.getparent()[0]
    return count


def measure(function, path: Path) -> tuple[float, int]:
    """Best time of REPEAT passes (the machine is shared), then the peak of one traced pass."""
    elapsed = float("inf")
    for _pass in range(REPEAT):
        began = time.perf_counter()
        function(path)
        elapsed = min(elapsed, time.perf_counter() - began)
    tracemalloc.start()
    function(path)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return elapsed, peak


def main() -> None:
    name = f"iati_{os.getpid()}"
    django_on_fresh_database(name)
    from django.db import connection, transaction

    from aid_tracking.iati import read_activities
    from aid_tracking.imports import ImportReport, _Importer, import_iati
    from aid_tracking.models import Region

    organisation()
    regions = list(Region.objects.values_list("code", flat=True))

    recorded: dict[Path, list] = {}

    def planned_chunks(path: Path) -> list:
        if path not in recorded:
            chunks = recorded[path] = []
            write = _Importer._write
            _Importer._write = lambda importer, planned: chunks.append(planned)
            try:
                import_iati(source=path, dry_run=True)
            finally:
                _Importer._write = write
        return recorded[path]

    def reader(path: Path) -> None:
        for _activity in read_activities(path, region_codes=regions):
            pass

    def full_import(path: Path) -> None:
        report = import_iati(source=path, dry_run=True)
        assert report.ok, report.error
        assert report.created > 0

    def re_import(path: Path) -> None:
        report = import_iati(source=path, dry_run=True)
        assert report.ok, report.error
        assert report.updated > 0
        assert not report.created

    def writes_only(path: Path) -> None:
        # Each chunk's rows as the import planned them (recorded once per file), written again.
        chunks = planned_chunks(path)
        with transaction.atomic():
            importer = _Importer(
                user=None, organization=None, report=ImportReport(dry_run=True), report_lines=0
            )
            for planned in chunks:
                importer._write(planned)
            transaction.set_rollback(True)

    steps = [
        ("bare iterparse", bare_pass),
        ("reader", reader),
        ("import", full_import),
        ("writes only", writes_only),
    ]
    print(f"database: {connection.vendor}")
    for activities in SIZES:
        handle, name_of_file = tempfile.mkstemp(
            prefix=f"seg_bench_iati_{connection.vendor}_{os.getpid()}_{activities}_", suffix=".xml"
        )
        os.close(handle)
        path = Path(name_of_file)
        try:
            generate(path, activities)
            megabytes = path.stat().st_size / 1024 / 1024
            print(f"--- {activities} activities, {megabytes:.1f} MB")
            planned_chunks(path)  # recorded before any timing
            results = {}
            for step, function in steps:
                results[step] = report_step(step, function, path, megabytes)
            if UPDATES:
                assert import_iati(source=path).created == activities
                results["re-import"] = report_step("re-import", re_import, path, megabytes)
            bare = results["bare iterparse"]
            print(
                f"import = {results['import'] / bare:.1%} of the bare pass; "
                f"reader = {results['reader'] / bare:.1%}; "
                f"writes only = {results['writes only'] / bare:.1%}"
                + (f"; re-import = {results['re-import'] / bare:.1%}" if UPDATES else "")
            )
            recorded.clear()
            if UPDATES:
                from aid_tracking.models import Activity

                Activity.objects.all().delete()
        finally:
            path.unlink(missing_ok=True)
    if connection.vendor == "sqlite":
        connection.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"/tmp/seg_bench_{name}.sqlite3{suffix}").unlink(missing_ok=True)


def report_step(step: str, function, path: Path, megabytes: float) -> float:
    elapsed, peak = measure(function, path)
    print(f"{step:15} {megabytes / elapsed:7.2f} MB/s  peak {peak / 1024 / 1024:6.1f} MB")
    return megabytes / elapsed


if __name__ == "__main__":
    main()
