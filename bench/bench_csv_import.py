"""CSV import of transactions: our resource against django-import-export's default
configuration (a plain ModelResource with ForeignKeyWidgets), on the same generated file.

    .venv/bin/python bench/bench_csv_import.py [ROWS]

Prints rows/s of each (wall clock; beside it the CPU time of this process, steadier on a shared
machine and the whole work on SQLite), the speed-up, ours again on the same file and on the file
with changed amounts (the upsert), and checks that both report the same faulty rows on a copy of
the file with errors.
"""

import csv
import datetime
import io
import sys
import time

from _setup import django_on_fresh_database, organisation

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
ACTIVITIES = 200
HEADER = [
    "activity",
    "transaction_type",
    "transaction_date",
    "value",
    "currency",
    "value_date",
    "description",
]


def make_csv(rows: int, *, faulty_every: int = 0) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    start = datetime.date(2020, 1, 1)
    for number in range(rows):
        # One row per activity and day: transactions are upserted on activity, type, date and
        # currency, so a file of distinct transactions must not repeat that key.
        day = (start + datetime.timedelta(days=number // ACTIVITIES)).isoformat()
        kind = "3" if number % 3 else "2"
        if faulty_every and number % faulty_every == faulty_every - 1:
            kind = "99"  # not a TransactionType code
        writer.writerow(
            [
                f"XM-ALPHA-{number % ACTIVITIES:04d}",
                kind,
                day,
                f"{1000 + number}.50",
                "EUR",
                day,
                f"Tranche {number}",
            ]
        )
    return buffer.getvalue().encode()


def main() -> None:
    django_on_fresh_database("csv")
    import tablib
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from import_export import fields, resources, widgets

    from aid_tracking.imports import import_table
    from aid_tracking.models import Activity, CodelistItem, Currency, Transaction

    alpha = organisation()
    Activity.objects.bulk_create(
        Activity(
            iati_identifier=f"XM-ALPHA-{n:04d}",
            reporting_organization=alpha,
            default_currency_id="EUR",
        )
        for n in range(ACTIVITIES)
    )

    class TransactionTypeWidget(widgets.ForeignKeyWidget):
        """The documented way to look a code up in one codelist (``get_queryset``)."""

        def get_queryset(self, value, row, *args, **kwargs):
            return CodelistItem.objects.filter(codelist="TransactionType")

    class DefaultTransactionResource(resources.ModelResource):
        """django-import-export as documented, without tuning (row by row, default options)."""

        activity = fields.Field(
            "activity", "activity", widgets.ForeignKeyWidget(Activity, "iati_identifier")
        )
        transaction_type = fields.Field(
            "transaction_type", "transaction_type", TransactionTypeWidget(CodelistItem, "code")
        )
        currency = fields.Field("currency", "currency", widgets.ForeignKeyWidget(Currency, "code"))

        class Meta:
            model = Transaction
            fields = ["id", *HEADER]

    def run_default(content: bytes):
        dataset = tablib.Dataset().load(content.decode(), format="csv")
        result = DefaultTransactionResource().import_data(
            dataset, dry_run=False, use_transactions=True, rollback_on_validation_errors=True
        )
        lines = sorted(
            {number + 1 for number, _errors in result.row_errors()}
            | {row.number + 1 for row in result.invalid_rows}
        )
        return lines

    def run_ours(content: bytes):
        upload = SimpleUploadedFile("t.csv", content)
        report = import_table(kind="transactions", upload=upload, user=None, dry_run=False)
        return sorted({error.line for error in report.errors}), report

    clean = make_csv(ROWS)
    results, cpu_results = {}, {}
    for name, runner in (("default", run_default), ("ours", run_ours)):
        runner(make_csv(20))  # warm up (imports, catalogues, first queries), as a server would be
        Transaction.objects.all().delete()
        began, began_cpu = time.perf_counter(), time.process_time()
        runner(clean)
        elapsed, cpu = time.perf_counter() - began, time.process_time() - began_cpu
        written = Transaction.objects.count()
        Transaction.objects.all().delete()
        queries = []
        with connection.execute_wrapper(
            lambda execute, sql, *args, log=queries: log.append(1) or execute(sql, *args)
        ):
            runner(clean)  # counted apart from the timing
        results[name], cpu_results[name] = ROWS / elapsed, ROWS / cpu
        print(
            f"{name:8} {ROWS} rows in {elapsed:6.2f} s = {ROWS / elapsed:8.0f} rows/s "
            f"(this process's CPU: {cpu:6.2f} s), {len(queries)} queries, {written} written"
        )
    print(
        f"speed-up: {results['ours'] / results['default']:.1f}x wall clock, "
        f"{cpu_results['ours'] / cpu_results['default']:.1f}x this process's CPU"
    )

    # The rows are in the portal now: the same file again (nothing to rewrite), then with every
    # amount changed (every row updated, with its history).
    changed = clean.replace(b".50,EUR", b".75,EUR")
    for label, content in (("same file again", clean), ("amounts changed", changed)):
        began = time.perf_counter()
        _lines, report = run_ours(content)
        elapsed = time.perf_counter() - began
        print(
            f"ours, {label}: {ROWS / elapsed:8.0f} rows/s ({report.new} new, {report.updated} "
            f"updated, {report.unchanged} unchanged, {Transaction.objects.count()} in the table)"
        )

    faulty = make_csv(min(ROWS, 2000), faulty_every=250)
    Transaction.objects.all().delete()
    default_lines = run_default(faulty)
    our_lines, _report = run_ours(faulty)
    print(f"faulty rows (default): {default_lines}")
    print(f"faulty rows (ours):    {our_lines}")
    print(
        "same per-row errors:",
        default_lines == our_lines,
        "- written after errors:",
        Transaction.objects.count(),
    )


if __name__ == "__main__":
    main()
