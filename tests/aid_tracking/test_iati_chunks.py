"""IATI import by chunks: chunk boundaries, history rows by the importing user, bounded report."""

import io

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from aid_tracking.imports import CREATED, SKIPPED, UPDATED, ImportReport, import_iati
from aid_tracking.management.commands.import_iati import report_lines
from aid_tracking.models import (
    Activity,
    ActivityLocation,
    ActivitySector,
    CreddAxis,
    PlannedDisbursement,
    Transaction,
)
from aid_tracking.selectors import activity_history
from tests.aid_tracking.factories import complete_activity
from tests.aid_tracking.io_factories import in_english  # noqa: F401 - fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def activity_xml(identifier: str, *, country="ML", region="ML-1", title="Projet") -> str:
    return f"""
 <iati-activity default-currency="EUR" xml:lang="fr">
  <iati-identifier>{identifier}</iati-identifier>
  <reporting-org ref="XM-ALPHA" type="10"><narrative>Org</narrative></reporting-org>
  <title><narrative>{title} {identifier}</narrative></title>
  <description type="1"><narrative>Appui.</narrative></description>
  <activity-status code="2"/>
  <activity-date type="1" iso-date="2024-01-01"/>
  <activity-date type="3" iso-date="2026-12-31"/>
  <recipient-country code="{country}" percentage="100"/>
  <location ref="{region}"/>
  <sector vocabulary="1" code="14030" percentage="100"/>
  <planned-disbursement type="1">
   <period-start iso-date="2026-01-01"/><period-end iso-date="2026-12-31"/>
   <value currency="EUR" value-date="2026-01-01">1000</value>
  </planned-disbursement>
  <transaction ref="T1">
   <transaction-type code="3"/><transaction-date iso-date="2025-01-15"/>
   <value value-date="2025-01-15">500</value>
  </transaction>
 </iati-activity>"""


def iati_file(*activities: str) -> io.BytesIO:
    body = "".join(activities)
    return io.BytesIO(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03">{body}\n'
        "</iati-activities>\n".encode()
    )


def seven_activities() -> io.BytesIO:
    """Chunks of 3: [N1 N2 N3] [N4 EXISTING BETA-OWNED] [NIGER DUPLICATE-OF-N1 N5]."""
    return iati_file(
        activity_xml("XM-ALPHA-N1"),
        activity_xml("XM-ALPHA-N2"),
        activity_xml("XM-ALPHA-N3"),
        activity_xml("XM-ALPHA-N4"),
        activity_xml("XM-ALPHA-OLD", title="Nouveau titre"),
        activity_xml("XM-ALPHA-BETA"),
        activity_xml("XM-ALPHA-NE", country="NE", region="NE-1"),
        activity_xml("XM-ALPHA-N1"),
        activity_xml("XM-ALPHA-N5"),
    )


@pytest.fixture
def existing(reference_data, alpha, beta):
    old = complete_activity(alpha, iati_identifier="XM-ALPHA-OLD", title_fr="Ancien titre")
    old.credd_axes.set(CreddAxis.objects.all()[:1])
    beta_owned = complete_activity(beta, iati_identifier="XM-ALPHA-BETA", title_fr="De Beta")
    return old, beta_owned


def test_chunk_boundaries_keep_every_outcome_in_file_order(existing, ptf):
    old, beta_owned = existing
    old_parts = set(old.transactions.values_list("pk", flat=True))
    beta_transactions = list(beta_owned.transactions.values_list("pk", "value"))
    progress = []

    report = import_iati(
        source=seven_activities(), user=ptf, chunk_size=3, progress=progress.append
    )

    assert report.ok
    assert [(item.iati_identifier, item.outcome) for item in report.activities] == [
        ("XM-ALPHA-N1", CREATED),
        ("XM-ALPHA-N2", CREATED),
        ("XM-ALPHA-N3", CREATED),
        ("XM-ALPHA-N4", CREATED),
        ("XM-ALPHA-OLD", UPDATED),
        ("XM-ALPHA-BETA", SKIPPED),
        ("XM-ALPHA-NE", SKIPPED),
        ("XM-ALPHA-N1", SKIPPED),
        ("XM-ALPHA-N5", CREATED),
    ]
    assert (report.created, report.updated, report.skipped) == (5, 1, 3)
    assert progress == [3, 6, 9]
    assert "another organisation" in report.activities[5].reasons[0]
    assert "not for Mali" in report.activities[6].reasons[0]
    assert "earlier in the file" in report.activities[7].reasons[0]

    old.refresh_from_db()
    assert old.title_fr == "Nouveau titre XM-ALPHA-OLD"
    assert old.is_published
    assert list(old.credd_axes.all()) == list(CreddAxis.objects.all()[:1])  # not the import's
    transactions = list(old.transactions.values_list("ref", "value"))
    assert transactions == [("T1", 500)]
    assert not old_parts & set(old.transactions.values_list("pk", flat=True))
    assert old.sectors.get().sector.code == "14030"
    assert old.locations.get().region.code == "ML-1"
    assert list(beta_owned.transactions.values_list("pk", "value")) == beta_transactions
    assert Activity.objects.get(iati_identifier="XM-ALPHA-BETA").title_fr == "De Beta"
    assert not Activity.objects.filter(iati_identifier="XM-ALPHA-NE").exists()
    for identifier in ("XM-ALPHA-N1", "XM-ALPHA-N4", "XM-ALPHA-N5"):
        activity = Activity.objects.get(iati_identifier=identifier)
        assert activity.reporting_organization.acronym == "ALPHA"
        assert activity.created_by == ptf
        assert activity.transactions.count() == 1
        assert activity.planned_disbursements.count() == 1


def test_chunked_dry_run_gives_the_same_report_and_writes_nothing(existing, ptf):
    before = (Activity.objects.count(), Transaction.objects.count())

    dry = import_iati(source=seven_activities(), user=ptf, chunk_size=3, dry_run=True)

    assert (Activity.objects.count(), Transaction.objects.count()) == before
    assert Activity.objects.get(iati_identifier="XM-ALPHA-OLD").title_fr == "Ancien titre"
    real = import_iati(source=seven_activities(), user=ptf, chunk_size=3)
    assert {**dry.as_dict(), "dry_run": False} == real.as_dict()


def test_truncated_file_after_a_written_chunk_writes_nothing(existing, ptf):
    content = seven_activities().getvalue()
    cut = content[: content.index(b"XM-ALPHA-N5")]
    before = Activity.objects.count()

    report = import_iati(source=io.BytesIO(cut), user=ptf, chunk_size=3)

    assert "not well-formed XML" in report.error
    assert (report.created, report.updated, report.activities) == (0, 0, [])
    assert Activity.objects.count() == before
    assert not Activity.objects.filter(iati_identifier="XM-ALPHA-N1").exists()


def test_import_writes_history_rows_by_the_importing_user(existing, ptf):
    old, _beta_owned = existing
    old_transaction = old.transactions.get()

    import_iati(source=seven_activities(), user=ptf, chunk_size=3)

    created = Activity.objects.get(iati_identifier="XM-ALPHA-N4")
    record = created.history.get()
    assert (record.history_type, record.history_user) == ("+", ptf)
    assert record.title_fr == "Projet XM-ALPHA-N4"
    for model in (ActivitySector, ActivityLocation, Transaction, PlannedDisbursement):
        part = model.objects.get(activity=created)
        assert [(row.history_type, row.history_user) for row in part.history.all()] == [("+", ptf)]
    latest = old.history.first()
    assert (latest.history_type, latest.history_user) == ("~", ptf)
    assert latest.title_fr == "Nouveau titre XM-ALPHA-OLD"
    deleted = Transaction.history.get(id=old_transaction.pk, history_type="-")
    assert deleted.history_user == ptf
    assert deleted.value == old_transaction.value

    changes = [change for change in activity_history(activity=old) if change.who == ptf]
    activity_change = next(change for change in changes if change.what == "Activity")
    fields = {name for name, _before, _after in activity_change.fields}
    assert "title (French)" in fields
    assert "CREDD axes" not in fields  # the import left them alone, and so does the history
    assert {change.action for change in changes} == {"~", "-", "+"}


def test_report_lists_a_bounded_number_of_activities_and_counts_them_all(existing, ptf):
    report = import_iati(source=seven_activities(), user=ptf, chunk_size=3, report_lines=4)

    assert len(report.activities) == 4
    assert report.omitted == 5
    assert (report.created, report.updated, report.skipped, report.total) == (5, 1, 3, 9)
    again = ImportReport.from_dict(report.as_dict())
    assert (again.created, again.updated, again.skipped, again.omitted) == (5, 1, 3, 5)


def test_report_of_a_job_recorded_before_the_counts_still_counts(reference_data):
    data = {
        "dry_run": True,
        "activities": [
            {"iati_identifier": "A", "title": "", "line": 1, "outcome": CREATED},
            {"iati_identifier": "B", "title": "", "line": 2, "outcome": SKIPPED},
        ],
        "notes": [],
        "error": "",
    }

    report = ImportReport.from_dict(data)

    assert (report.created, report.updated, report.skipped) == (1, 0, 1)


def test_activities_not_listed_are_said_on_the_page_and_by_the_command(existing, ptf):
    report = import_iati(source=seven_activities(), user=ptf, chunk_size=3, report_lines=4)

    page = render_to_string("aid_tracking/_import_report.html", {"report": report})
    assert "5 created, 1 updated, 3 skipped." in " ".join(page.split())
    assert "5 more activities are counted above but not listed." in " ".join(page.split())
    assert page.count("<tr>") == 1 + 4
    lines = report_lines(report)
    assert lines[-1] == "5 more activities are counted in the summary but not listed."


def test_queries_per_chunk_do_not_grow_with_the_number_of_activities(existing, ptf):
    def queries(count: int) -> int:
        source = iati_file(
            activity_xml("XM-ALPHA-OLD"), *(activity_xml(f"XM-ALPHA-Q{n}") for n in range(count))
        )
        with CaptureQueriesContext(connection) as captured:
            report = import_iati(source=source, user=ptf, dry_run=True)
        assert (report.created, report.updated) == (count, 1)
        return len(captured)

    assert queries(2) == queries(12)
