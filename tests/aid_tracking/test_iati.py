"""IATI XML import: the official example, Mali filtering, per-activity report, hostile files."""

import io
import os
import subprocess
import sys
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from aid_tracking.imports import CREATED, SKIPPED, UPDATED, import_iati
from aid_tracking.models import Activity, ActivityLocation, PlannedDisbursement, Transaction
from tests.aid_tracking.factories import ActivityFactory
from tests.aid_tracking.io_factories import in_english, path  # noqa: F401 - fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def nothing_written() -> bool:
    return not (
        Activity.objects.exists()
        or Transaction.objects.exists()
        or PlannedDisbursement.objects.exists()
    )


def test_annotated_example_for_mali_is_imported_for_the_chosen_organisation(reference_data, alpha):
    report = import_iati(source=path("activity-standard-example-mali.xml"), organization=alpha)

    assert report.ok
    assert report.created == 1
    activity = Activity.objects.get(iati_identifier="AA-AAA-123456789-ABC123")
    assert activity.reporting_organization == alpha
    assert activity.title_en == "Activity title"
    assert activity.title_fr == "Titre de l'activité"
    assert activity.default_currency_id == "USD"
    assert activity.activity_status.code == "2"
    assert activity.aid_type.code == "A01"
    assert activity.is_humanitarian is True
    assert str(activity.planned_start) == "2012-04-15"
    assert list(activity.locations.values_list("region__code", "percentage")) == [
        ("ML-BKO", Decimal(100))
    ]
    assert activity.transactions.get().value == Decimal(1000)
    assert activity.planned_disbursements.count() == 2
    assert activity.budgets.count() == 1
    assert activity.participating_orgs.count() == 3
    # Vocabulary 2 (DAC 3-digit) and 99 sectors are kept as reported.
    assert set(activity.sectors.values_list("vocabulary", "code")) == {
        ("2", "111"),
        ("2", "112"),
        ("99", "A1"),
    }
    assert report.activities[0].notes  # what the portal did not keep is said


def test_annotated_example_is_skipped_because_it_is_not_for_mali(reference_data, alpha):
    report = import_iati(source=path("activity-standard-example-annotated.xml"), organization=alpha)

    assert report.ok
    assert report.skipped == 1
    assert "not for Mali" in report.activities[0].reasons[0]
    assert nothing_written()


def test_import_reports_created_updated_and_skipped_and_maps_codes(reference_data, alpha):
    report = import_iati(source=path("alpha-two-activities.xml"))

    outcomes = {item.iati_identifier: item.outcome for item in report.activities}
    assert outcomes == {
        "XM-ALPHA-0001": CREATED,
        "XM-ALPHA-0002": CREATED,
        "XM-ALPHA-0003": SKIPPED,
    }
    first = Activity.objects.get(iati_identifier="XM-ALPHA-0001")
    assert first.reporting_organization == alpha
    assert first.is_published
    assert first.gender_marker.code == "1"
    assert first.tied_status is None  # unknown code ZZ: reported, not fatal
    notes = " ".join(report.activities[0].notes)
    assert "ZZ" in notes
    assert "99999" in notes
    assert sorted(
        ActivityLocation.objects.filter(activity=first).values_list("percentage", flat=True)
    ) == [
        Decimal(50),
        Decimal(50),
    ]
    commitment = first.transactions.get(ref="T1")
    assert commitment.currency_id == "EUR"  # the activity's default currency
    assert commitment.value == Decimal(1000000)
    second = Activity.objects.get(iati_identifier="XM-ALPHA-0002")
    assert second.locations.get().region.code == "ML-5"
    assert second.transactions.get().currency_id == "USD"

    again = import_iati(source=path("alpha-two-activities.xml"))
    assert [item.outcome for item in again.activities] == [UPDATED, UPDATED, SKIPPED]
    assert Activity.objects.count() == 2
    assert Transaction.objects.count() == 3


def test_dry_run_reports_and_writes_nothing(reference_data, alpha):
    report = import_iati(source=path("alpha-two-activities.xml"), dry_run=True)

    assert report.created == 2
    assert nothing_written()


def test_ptf_imports_only_its_own_organisation_activities(reference_data, ptf, other_ptf):
    refused = import_iati(source=path("alpha-two-activities.xml"), user=other_ptf)
    assert refused.created == 0
    assert "not your organisation" in refused.activities[0].reasons[0]
    assert nothing_written()

    accepted = import_iati(source=path("alpha-two-activities.xml"), user=ptf)
    assert accepted.created == 2


def test_import_never_overwrites_another_organisation_activity(reference_data, alpha, beta):
    ActivityFactory(iati_identifier="XM-ALPHA-0001", reporting_organization=beta, title_en="Beta")

    report = import_iati(source=path("alpha-two-activities.xml"))

    assert report.activities[0].outcome == SKIPPED
    assert "another organisation" in report.activities[0].reasons[0]
    assert Activity.objects.get(iati_identifier="XM-ALPHA-0001").title_en == "Beta"


def test_unknown_reporting_organisation_is_skipped_without_organisation_option(reference_data):
    report = import_iati(source=path("activity-standard-example-mali.xml"))

    assert report.skipped == 1
    assert "AA-AAA-123456789" in report.activities[0].reasons[0]


def test_worked_example_is_read_with_what_is_off_reported(reference_data, alpha):
    report = import_iati(source=path("worked-example.xml"), organization=alpha)

    assert report.ok
    assert any("1.x" in note for note in report.notes)
    activity = report.activities[0]
    assert activity.outcome == SKIPPED  # Haiti, not Mali
    notes = " ".join(activity.notes)
    assert "out of the IATI 2.03 order" in notes
    assert "“start” is not an IATI 2.03 code" in notes
    assert "budget-planned" in notes
    assert nothing_written()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("doctype-xxe.xml", "DOCTYPE"),
        ("billion-laughs.xml", "DOCTYPE"),
        ("not-iati.xml", "not an IATI activity file"),
        ("wrong-encoding.xml", "not well-formed XML"),
    ],
)
def test_hostile_or_wrong_files_are_refused_and_write_nothing(reference_data, alpha, name, message):
    report = import_iati(source=path(name), organization=alpha)

    assert message in report.error
    assert nothing_written()


def test_xxe_file_content_never_reaches_the_database(reference_data, alpha):
    report = import_iati(source=path("doctype-xxe.xml"), organization=alpha)

    assert report.error
    assert not Activity.objects.filter(title_en__contains="root").exists()


def test_truncated_file_writes_nothing_even_after_good_activities(reference_data, alpha):
    content = path("alpha-two-activities.xml").read_bytes()
    cut = content[: content.index(b"XM-ALPHA-0003")]

    report = import_iati(source=io.BytesIO(cut))

    assert "not well-formed XML" in report.error
    assert nothing_written()


def test_empty_and_non_xml_files_are_refused(reference_data):
    assert "empty" in import_iati(source=io.BytesIO(b"")).error
    assert import_iati(source=io.BytesIO(b"PK\x03\x04 binary")).error


def test_command_imports_and_prints_a_report(reference_data, alpha):
    out = io.StringIO()
    call_command("import_iati", str(path("alpha-two-activities.xml")), stdout=out)

    assert "2 created, 0 updated, 1 skipped." in out.getvalue()
    assert Activity.objects.count() == 2


def test_command_dry_run_writes_nothing(reference_data, alpha):
    out = io.StringIO()
    call_command("import_iati", str(path("alpha-two-activities.xml")), "--dry-run", stdout=out)

    assert "Dry run: nothing was written." in out.getvalue()
    assert nothing_written()


def test_command_with_organisation_option(reference_data, alpha):
    out = io.StringIO()
    call_command(
        "import_iati",
        str(path("activity-standard-example-mali.xml")),
        "--organization",
        "ALPHA",
        stdout=out,
    )

    assert Activity.objects.get().reporting_organization == alpha


@pytest.mark.parametrize("name", ["doctype-xxe.xml", "not-iati.xml", "missing.xml"])
def test_command_refuses_bad_file_with_a_message(reference_data, name):
    with pytest.raises(CommandError) as error:
        call_command("import_iati", str(path(name)))

    assert str(error.value)
    assert nothing_written()


def test_command_unknown_organisation(reference_data):
    with pytest.raises(CommandError, match="No organisation"):
        call_command("import_iati", str(path("alpha-two-activities.xml")), "--organization", "NOPE")


def test_command_exits_non_zero_with_the_message_and_no_traceback(tmp_path):
    """The real command line, on its own migrated SQLite file."""
    environment = {
        **os.environ,
        "SQLITE_PATH": str(tmp_path / "cli.sqlite3"),
        "DATABASE_URL": "",
    }
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], env=environment, check=True)
    bad = tmp_path / "bad.xml"
    bad.write_bytes(b"<?xml version='1.0'?><iati-activities><iati-activity>")

    result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", "import_iati", str(bad)],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )

    assert result.returncode == 1
    assert "n'est pas du XML bien formé" in result.stderr  # the portal's language: French
    assert "Traceback" not in result.stderr
