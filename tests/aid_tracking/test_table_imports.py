"""CSV and XLSX imports (django-import-export): all or nothing, per-row errors, permissions."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from aid_tracking.imports import import_table
from aid_tracking.models import (
    Activity,
    ActivitySector,
    PlannedDisbursement,
    Sector,
    Transaction,
)
from aid_tracking.resources import columns
from tests.aid_tracking.factories import (
    ActivityFactory,
    ActivityLocationFactory,
    ActivitySectorFactory,
    TransactionFactory,
)
from tests.aid_tracking.io_factories import csv_upload, in_english, xlsx_upload  # noqa: F401 - fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

ACTIVITY_HEADER = [
    "iati_identifier",
    "title_fr",
    "activity_status",
    "planned_start",
    "planned_end",
    "default_currency",
    "is_humanitarian",
]
TRANSACTION_HEADER = [
    "activity",
    "transaction_type",
    "transaction_date",
    "value",
    "currency",
    "description",
]


@pytest.fixture
def alpha_activity(reference_data, alpha):
    return ActivityFactory(iati_identifier="XM-ALPHA-1", reporting_organization=alpha)


def test_ptf_imports_activities_from_csv(reference_data, ptf):
    rows = [
        ACTIVITY_HEADER,
        ["XM-ALPHA-10", "Eau à Kayes", "2", "2025-01-01", "2026-12-31", "EUR", "oui"],
        ["XM-ALPHA-11", "Santé à Mopti", "1", "2025-06-01", "", "xof", "0"],
    ]

    report = import_table(kind="activities", upload=csv_upload(rows), user=ptf, dry_run=False)

    assert report.ok, report.errors
    assert report.new == 2
    water = Activity.objects.get(iati_identifier="XM-ALPHA-10")
    assert water.reporting_organization == ptf.organization
    assert water.is_humanitarian is True
    assert water.planned_end == datetime.date(2026, 12, 31)
    assert water.activity_status.code == "2"
    assert water.history.count() == 1
    assert Activity.objects.get(iati_identifier="XM-ALPHA-11").default_currency_id == "XOF"


def test_dry_run_writes_nothing(reference_data, ptf):
    rows = [ACTIVITY_HEADER, ["XM-ALPHA-10", "Eau", "2", "2025-01-01", "", "EUR", "0"]]

    report = import_table(kind="activities", upload=csv_upload(rows), user=ptf, dry_run=True)

    assert report.ok
    assert report.new == 1
    assert not Activity.objects.exists()


def test_every_faulty_row_is_listed_and_nothing_is_written(reference_data, ptf):
    rows = [
        ACTIVITY_HEADER,
        ["XM-ALPHA-10", "Bonne ligne", "2", "2025-01-01", "2026-12-31", "EUR", "0"],
        ["XM-ALPHA-11", "Statut inconnu", "42", "2025-01-01", "", "EUR", "0"],
        ["XM-ALPHA-12", "Dates", "2", "2025-01-01", "2024-01-01", "EUR", "0"],
        ["XM-ALPHA-13", "Devise", "2", "2025-13-01", "", "ZZZ", "0"],
    ]

    report = import_table(kind="activities", upload=csv_upload(rows), user=ptf, dry_run=False)

    found = {(error.line, error.column) for error in report.errors}
    assert found == {
        (3, "activity_status"),
        (4, "planned_end"),
        (5, "planned_start"),
        (5, "default_currency"),
    }
    messages = {error.column: error.message for error in report.errors}
    assert "42" in messages["activity_status"]
    assert not Activity.objects.exists()


def test_other_ptf_cannot_change_alpha_activity_by_import(alpha_activity, other_ptf):
    rows = [ACTIVITY_HEADER, ["XM-ALPHA-1", "Piraté", "2", "2025-01-01", "", "EUR", "0"]]

    report = import_table(kind="activities", upload=csv_upload(rows), user=other_ptf, dry_run=False)

    assert [(error.line, error.column) for error in report.errors] == [(2, "iati_identifier")]
    assert "another organisation" in report.errors[0].message
    alpha_activity.refresh_from_db()
    assert alpha_activity.title_fr != "Piraté"


def test_ptf_cannot_create_an_activity_for_another_organisation(reference_data, ptf, beta):
    rows = [
        [*ACTIVITY_HEADER, "reporting_organization"],
        ["XM-BETA-9", "Pour Beta", "2", "2025-01-01", "", "EUR", "0", "XM-BETA"],
    ]

    report = import_table(kind="activities", upload=csv_upload(rows), user=ptf, dry_run=False)

    assert [(error.line, error.column) for error in report.errors] == [
        (2, "reporting_organization")
    ]
    assert not Activity.objects.exists()


def test_secretariat_imports_for_any_organisation(reference_data, secretariat, beta):
    rows = [
        [*ACTIVITY_HEADER, "reporting_organization"],
        ["XM-BETA-9", "Pour Beta", "2", "2025-01-01", "", "EUR", "0", "BETA"],
    ]

    report = import_table(
        kind="activities", upload=csv_upload(rows), user=secretariat, dry_run=False
    )

    assert report.ok
    assert Activity.objects.get().reporting_organization == beta


def test_transactions_are_added_to_own_activity_from_xlsx(alpha_activity, ptf):
    rows = [
        TRANSACTION_HEADER,
        ["XM-ALPHA-1", "3", datetime.date(2025, 3, 10), 150000.5, "EUR", "Tranche 1"],
        ["XM-ALPHA-1", "2", "2025-01-05", "-1000", None, "Reversal"],
    ]

    report = import_table(kind="transactions", upload=xlsx_upload(rows), user=ptf, dry_run=False)

    assert report.ok, report.errors
    assert report.new == 2
    first, second = alpha_activity.transactions.order_by("transaction_date")
    assert first.value == Decimal("-1000.00")
    assert first.currency_id == "EUR"  # the activity's default currency
    assert first.value_date == datetime.date(2025, 1, 5)
    assert second.value == Decimal("150000.50")


def test_other_ptf_cannot_add_transactions_to_alpha_activity(alpha_activity, other_ptf):
    rows = [TRANSACTION_HEADER, ["XM-ALPHA-1", "3", "2025-03-10", "100", "EUR", "x"]]

    report = import_table(
        kind="transactions", upload=csv_upload(rows), user=other_ptf, dry_run=False
    )

    assert [(error.line, error.column) for error in report.errors] == [(2, "activity")]
    assert "XM-ALPHA-1" in report.errors[0].message
    assert not Transaction.objects.exists()


def test_plans_with_unknown_activity_are_refused(alpha_activity, ptf):
    rows = [
        ["activity", "period_start", "period_end", "value"],
        ["XM-ALPHA-1", "2026-01-01", "2026-12-31", "1000"],
        ["XM-NOPE", "2026-01-01", "2026-12-31", "1000"],
        ["XM-ALPHA-1", "2026-01-01", "2025-12-31", "1000"],
    ]

    report = import_table(kind="plans", upload=csv_upload(rows), user=ptf, dry_run=False)

    assert [(error.line, error.column) for error in report.errors] == [
        (3, "activity"),
        (4, "period_end"),
    ]
    assert not PlannedDisbursement.objects.exists()


def test_csv_with_formula_cells_is_refused(alpha_activity, ptf):
    rows = [
        TRANSACTION_HEADER,
        ["XM-ALPHA-1", "3", "2025-03-10", "100", "EUR", '=HYPERLINK("http://evil","x")'],
        ["XM-ALPHA-1", "3", "2025-03-10", "-100", "EUR", "@SUM(A1)"],
    ]

    report = import_table(kind="transactions", upload=csv_upload(rows), user=ptf, dry_run=False)

    assert [(error.line, error.column) for error in report.errors] == [
        (2, "description"),
        (3, "description"),
    ]
    assert "formula" in report.errors[0].message
    assert not Transaction.objects.exists()


def test_wrong_columns_are_named(reference_data, ptf):
    report = import_table(
        kind="transactions", upload=csv_upload([["activity", "colour"]]), user=ptf, dry_run=False
    )

    assert "colour" in report.error
    assert "transaction_type" in report.error


def test_csv_not_in_utf8_is_refused(reference_data, ptf):
    upload = SimpleUploadedFile("t.csv", "activity;description\nX;Coopération\n".encode("latin-1"))

    report = import_table(kind="transactions", upload=upload, user=ptf, dry_run=False)

    assert "UTF-8" in report.error


def zip_bomb(members: int = 1, size: int = 0) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        for number in range(members):
            archive.writestr(f"xl/extra{number}.xml", b"0" * size)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (zip_bomb(size=10 * 1024 * 1024), "expand"),
        (zip_bomb(members=2100), "too many parts"),
        (b"PK\x03\x04 not a zip", "damaged"),
        (b"%PDF-1.4", "does not match"),
    ],
)
def test_hostile_xlsx_is_refused_before_openpyxl(reference_data, ptf, content, message):
    upload = SimpleUploadedFile("bomb.xlsx", content)

    report = import_table(kind="activities", upload=upload, user=ptf, dry_run=False)

    assert message in report.error
    assert not Activity.objects.exists()


def test_other_extension_is_refused(reference_data, ptf):
    report = import_table(
        kind="activities", upload=SimpleUploadedFile("a.ods", b"x"), user=ptf, dry_run=False
    )

    assert "CSV" in report.error


# --- Sectors and regions of activities ----------------------------------------------------------

SHARES_HEADER = ["iati_identifier", "title_fr", "default_currency", "sectors", "regions"]


def shares(activity: Activity) -> tuple[set, set]:
    sectors = {(part.code, part.percentage) for part in activity.sectors.all()}
    regions = {(part.region.code, part.percentage) for part in activity.locations.all()}
    return sectors, regions


def test_sectors_and_regions_are_imported_with_the_activity(reference_data, ptf):
    rows = [
        SHARES_HEADER,
        ["XM-ALPHA-10", "Eau", "EUR", "14030:70; 14031:30", "ML-1:60;ML-BKO:40"],
        ["XM-ALPHA-11", "Santé", "EUR", "12220", "ml-bko"],
        ["XM-ALPHA-12", "Sans parts", "EUR", "", ""],
    ]

    report = import_table(kind="activities", upload=csv_upload(rows), user=ptf, dry_run=False)

    assert report.ok, report.errors
    water = Activity.objects.get(iati_identifier="XM-ALPHA-10")
    assert shares(water) == (
        {("14030", Decimal(70)), ("14031", Decimal(30))},
        {("ML-1", Decimal(60)), ("ML-BKO", Decimal(40))},
    )
    assert water.sectors.first().sector.code == "14030"
    assert water.sectors.first().history.count() == 1
    health = Activity.objects.get(iati_identifier="XM-ALPHA-11")
    assert shares(health) == ({("12220", Decimal(100))}, {("ML-BKO", Decimal(100))})
    assert shares(Activity.objects.get(iati_identifier="XM-ALPHA-12")) == (set(), set())


def test_faulty_sector_and_region_cells_are_listed_and_nothing_is_written(reference_data, ptf):
    rows = [
        SHARES_HEADER,
        ["XM-ALPHA-10", "Somme", "EUR", "14030:70; 14031:20", "ML-1"],
        ["XM-ALPHA-11", "Inconnu", "EUR", "99999:100", "ML-99"],
        ["XM-ALPHA-12", "Pourcentage", "EUR", "14030:soixante; 14031:40", "ML-1:0; ML-2:100"],
        ["XM-ALPHA-13", "Deux fois", "EUR", "14030:50; 14030:50", "ML-1:50; ML-2:60"],
        ["XM-ALPHA-14", "Bonne", "EUR", "14030:33,33; 14031:66.67", "ML-1"],
    ]

    report = import_table(kind="activities", upload=csv_upload(rows), user=ptf, dry_run=True)

    messages = {(error.line, error.column): error.message for error in report.errors}
    assert set(messages) == {
        (2, "sectors"),
        (3, "sectors"),
        (3, "regions"),
        (4, "sectors"),
        (4, "regions"),
        (5, "sectors"),
        (5, "regions"),
    }
    assert "add up to 90 %" in messages[(2, "sectors")]
    assert "“99999” is not an OECD DAC 5-digit sector code" in messages[(3, "sectors")]
    assert "“ML-99” is not the code of a region of Mali" in messages[(3, "regions")]
    assert "“soixante” is not a percentage" in messages[(4, "sectors")]
    assert "“0” is not a percentage" in messages[(4, "regions")]
    assert "14030 appears twice" in messages[(5, "sectors")]
    assert "add up to 110 %" in messages[(5, "regions")]
    assert not Activity.objects.exists()
    assert not ActivitySector.objects.exists()


def test_an_update_replaces_sectors_and_regions(alpha_activity, ptf):
    ActivitySectorFactory(activity=alpha_activity)
    ActivityLocationFactory(activity=alpha_activity)
    other_vocabulary = ActivitySectorFactory(
        activity=alpha_activity, vocabulary="2", sector=None, code="140", percentage=100
    )
    rows = [
        ["iati_identifier", "default_currency", "sectors", "regions"],
        ["XM-ALPHA-1", "EUR", "12220:40; 14031:60", ""],
    ]

    report = import_table(kind="activities", upload=csv_upload(rows), user=ptf, dry_run=False)

    assert report.ok, report.errors
    assert report.updated == 1
    dac = {
        (part.code, part.percentage)
        for part in alpha_activity.sectors.filter(vocabulary=ActivitySector.DAC_5_DIGIT)
    }
    assert dac == {("12220", Decimal(40)), ("14031", Decimal(60))}
    assert alpha_activity.sectors.filter(pk=other_vocabulary.pk).exists()  # not the import's
    assert shares(alpha_activity)[1] == {("ML-BKO", Decimal(100))}  # empty cell: unchanged
    assert ActivitySector.history.filter(history_type="-", code="14030").count() == 1
    change = alpha_activity.history.latest()
    assert (change.history_type, change.history_user) == ("~", ptf)


def test_sectors_and_regions_from_xlsx(reference_data, ptf):
    rows = [SHARES_HEADER, ["XM-ALPHA-10", "Eau", "EUR", 14030, "ML-1: 50 %; ML-2: 50 %"]]

    report = import_table(kind="activities", upload=xlsx_upload(rows), user=ptf, dry_run=False)

    assert report.ok, report.errors
    assert shares(Activity.objects.get()) == (
        {("14030", Decimal(100))},
        {("ML-1", Decimal(50)), ("ML-2", Decimal(50))},
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_activity_export_imports_back_unchanged(client_for, alpha_activity, ptf, fmt):
    ActivitySectorFactory(activity=alpha_activity, percentage=Decimal("62.5"))
    water = Sector.objects.get(code="14031")
    ActivitySectorFactory(activity=alpha_activity, sector=water, percentage=Decimal("37.5"))
    ActivityLocationFactory(activity=alpha_activity)
    before = shares(alpha_activity)
    exported = client_for(ptf).get(reverse("aid_tracking:activity_export", args=[fmt]))
    upload = SimpleUploadedFile(f"export.{fmt}", exported.content)

    report = import_table(kind="activities", upload=upload, user=ptf, dry_run=False)

    assert report.ok, report.errors
    assert (report.new, report.updated) == (0, 1)
    alpha_activity.refresh_from_db()
    assert shares(alpha_activity) == before
    assert alpha_activity.sectors.first().history.count() == 1  # same shares: not rewritten


# --- Transactions and forward plans are upserted --------------------------------------------------


@pytest.mark.parametrize("upload", [csv_upload, xlsx_upload])
def test_same_transactions_twice_give_the_same_rows(alpha_activity, ptf, upload):
    rows = [
        ["activity", "ref", "transaction_type", "transaction_date", "value", "currency"],
        ["XM-ALPHA-1", "T-1", "3", "2025-03-10", "100", "EUR"],
        ["XM-ALPHA-1", "T-2", "3", "2025-03-10", "200", "EUR"],
        ["XM-ALPHA-1", "", "2", "2025-01-05", "1000", ""],
    ]

    first = import_table(kind="transactions", upload=upload(rows), user=ptf, dry_run=False)
    preview = import_table(kind="transactions", upload=upload(rows), user=ptf, dry_run=True)
    rows[1][4] = "150"  # a correction of T-1
    second = import_table(kind="transactions", upload=upload(rows), user=ptf, dry_run=False)

    assert (first.new, first.updated, first.unchanged) == (3, 0, 0)
    assert (preview.new, preview.updated, preview.unchanged) == (0, 0, 3)
    assert (second.new, second.updated, second.unchanged) == (0, 1, 2), second.errors
    assert Transaction.history.count() == 4  # three created, one changed
    change = Transaction.history.get(history_type="~")
    assert (change.ref, change.value, change.history_user) == ("T-1", Decimal(150), ptf)
    assert Transaction.history.filter(history_type="+", history_user=ptf).count() == 3
    values = sorted(alpha_activity.transactions.values_list("ref", "value"))
    assert values == [("", Decimal(1000)), ("T-1", Decimal(150)), ("T-2", Decimal(200))]


def test_same_forward_plans_twice_give_the_same_rows(alpha_activity, ptf):
    rows = [
        ["activity", "disbursement_type", "period_start", "period_end", "value", "currency"],
        ["XM-ALPHA-1", "1", "2026-01-01", "2026-12-31", "1000", "EUR"],
        ["XM-ALPHA-1", "2", "2026-01-01", "2026-12-31", "1200", "EUR"],
        ["XM-ALPHA-1", "1", "2027-01-01", "2027-12-31", "900", "XOF"],
    ]

    first = import_table(kind="plans", upload=csv_upload(rows), user=ptf, dry_run=False)
    second = import_table(kind="plans", upload=csv_upload(rows), user=ptf, dry_run=False)

    assert (first.new, first.updated) == (3, 0)
    assert (second.new, second.updated, second.unchanged) == (0, 0, 3)
    assert PlannedDisbursement.objects.count() == 3
    rows[3][4] = "950"
    third = import_table(kind="plans", upload=csv_upload(rows), user=ptf, dry_run=False)
    assert (third.new, third.updated, third.unchanged) == (0, 1, 2)
    assert PlannedDisbursement.objects.get(currency="XOF").value == Decimal(950)


def test_preview_page_says_what_will_be_updated(client_for, alpha_activity, ptf):
    TransactionFactory(activity=alpha_activity, ref="T-1")
    rows = [
        [*TRANSACTION_HEADER, "ref"],
        ["XM-ALPHA-1", "3", "2025-03-10", "100", "EUR", "Corrigée", "T-1"],
        ["XM-ALPHA-1", "3", "2025-04-10", "100", "EUR", "Nouvelle", "T-2"],
    ]

    page = client_for(ptf).post(TABLE_URL, {"kind": "transactions", "file": csv_upload(rows)})

    assert "1 rows will be created and 1 updated" in page.text
    assert Transaction.objects.get().description == ""  # a preview writes nothing
    token = page.context["token"]
    client_for(ptf).post(reverse("aid_tracking:table_import_confirm", args=[token]))
    again = client_for(ptf).post(TABLE_URL, {"kind": "transactions", "file": csv_upload(rows)})
    assert "0 rows will be created and 0 updated" in again.text
    assert "2 rows match what the portal holds already" in again.text


def test_a_row_naming_the_same_transaction_twice_is_an_error(alpha_activity, ptf):
    rows = [
        ["activity", "ref", "transaction_type", "transaction_date", "value"],
        ["XM-ALPHA-1", "T-1", "3", "2025-03-10", "100"],
        ["XM-ALPHA-1", "T-1", "3", "2025-04-10", "100"],
        ["XM-ALPHA-1", "", "2", "2025-01-05", "10"],
        ["XM-ALPHA-1", "", "2", "2025-01-05", "20"],
    ]

    report = import_table(kind="transactions", upload=csv_upload(rows), user=ptf, dry_run=False)

    messages = {(error.line, error.column): error.message for error in report.errors}
    assert set(messages) == {(3, "ref"), (5, "transaction_date")}
    assert "Row 2 already has this reference" in messages[(3, "ref")]
    assert "Row 4 already has a transaction" in messages[(5, "transaction_date")]
    assert not Transaction.objects.exists()


def test_other_ptf_cannot_overwrite_alpha_transaction_by_import(alpha_activity, other_ptf):
    kept = TransactionFactory(activity=alpha_activity, ref="T-1", value=Decimal(100))
    rows = [
        ["activity", "ref", "transaction_type", "transaction_date", "value"],
        ["XM-ALPHA-1", "T-1", "3", "2025-03-10", "999999"],
    ]

    report = import_table(
        kind="transactions", upload=xlsx_upload(rows), user=other_ptf, dry_run=False
    )

    assert [(error.line, error.column) for error in report.errors] == [(2, "activity")]
    kept.refresh_from_db()
    assert kept.value == Decimal(100)
    assert Transaction.objects.count() == 1


# --- The pages ---------------------------------------------------------------------------------

TABLE_URL = reverse("aid_tracking:table_import")


@pytest.mark.parametrize(
    ("who", "status"),
    [("secretariat", 200), ("ptf", 200), ("other_ptf", 200), ("viewer", 403)],
)
def test_table_import_page_by_role(request, client_for, reference_data, who, status):
    response = client_for(request.getfixturevalue(who)).get(TABLE_URL)

    assert response.status_code == status


def test_table_page_explains_shares_and_upsert_keys(client_for, reference_data, ptf):
    page = client_for(ptf).get(TABLE_URL).text

    assert "(14030:70; 14031:30)" in page
    assert "a code alone means 100 %." in page
    assert "or without a reference by its activity, type, date and currency" in page


def test_table_pages_send_anonymous_to_log_in(client, reference_data):
    for url in (
        TABLE_URL,
        reverse("aid_tracking:table_template", args=["activities", "csv"]),
        reverse("aid_tracking:table_import_confirm", args=["x"]),
    ):
        response = client.post(url) if "confirm" in url else client.get(url)
        assert response.status_code == 302
        assert "login" in response["Location"]


@pytest.mark.parametrize("kind", ["activities", "transactions", "plans"])
def test_templates_have_the_columns_and_an_example_row(client_for, reference_data, ptf, kind):
    from openpyxl import load_workbook

    client = client_for(ptf)
    csv_response = client.get(reverse("aid_tracking:table_template", args=[kind, "csv"]))
    xlsx_response = client.get(reverse("aid_tracking:table_template", args=[kind, "xlsx"]))

    assert csv_response.status_code == 200
    lines = csv_response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == ",".join(columns(kind))
    assert len(lines) == 2
    sheet = load_workbook(io.BytesIO(xlsx_response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == columns(kind)
    assert len(rows) == 2
    if kind == "activities":
        example = dict(zip(rows[0], rows[1], strict=True))
        assert example["sectors"] == "14030:70; 14031:30"
        assert example["regions"] == "ML-1"


def test_template_of_unknown_kind_or_format_is_404(client_for, reference_data, ptf):
    client = client_for(ptf)

    assert client.get("/aid/import/templates/users.csv").status_code == 404
    assert client.get("/aid/import/templates/activities.exe").status_code == 404


def test_viewer_cannot_download_templates(client_for, reference_data, viewer):
    url = reverse("aid_tracking:table_template", args=["activities", "csv"])

    assert client_for(viewer).get(url).status_code == 403


def test_page_previews_then_confirms(client_for, alpha_activity, ptf):
    client = client_for(ptf)
    rows = [TRANSACTION_HEADER, ["XM-ALPHA-1", "3", "2025-03-10", "100", "EUR", "Tranche"]]

    preview = client.post(TABLE_URL, {"kind": "transactions", "file": csv_upload(rows)})

    assert "Preview: nothing has been written yet" in preview.text
    assert not Transaction.objects.exists()
    token = preview.context["token"]
    done = client.post(reverse("aid_tracking:table_import_confirm", args=[token]))
    assert "Import done" in done.text
    assert Transaction.objects.count() == 1
    again = client.post(reverse("aid_tracking:table_import_confirm", args=[token]))
    assert again.status_code == 404  # a confirmed upload is gone


def test_page_lists_each_faulty_row(client_for, alpha_activity, ptf):
    rows = [
        TRANSACTION_HEADER,
        ["XM-ALPHA-1", "99", "2025-03-10", "100", "EUR", "x"],
        ["XM-ALPHA-1", "3", "hier", "cent", "EUR", "x"],
    ]

    page = client_for(ptf).post(TABLE_URL, {"kind": "transactions", "file": csv_upload(rows)})

    assert page.context["token"] is None
    lines = [(error.line, error.column) for error in page.context["report"].errors]
    assert lines == [(2, "transaction_type"), (3, "transaction_date"), (3, "value")]
    assert "Import these rows" not in page.text


def test_other_user_cannot_confirm_someone_else_table(client_for, alpha_activity, ptf, lead):
    rows = [TRANSACTION_HEADER, ["XM-ALPHA-1", "3", "2025-03-10", "100", "EUR", "x"]]
    token = client_for(ptf).post(TABLE_URL, {"kind": "transactions", "file": csv_upload(rows)})
    token = token.context["token"]

    response = client_for(lead).post(reverse("aid_tracking:table_import_confirm", args=[token]))

    assert response.status_code == 404
    assert not Transaction.objects.exists()


def test_oversized_table_upload_is_refused(client_for, reference_data, ptf, settings):
    settings.MAX_UPLOAD_MB = 0.0001
    rows = [ACTIVITY_HEADER] + [["XM-ALPHA-1", "x" * 50, "2", "", "", "EUR", "0"]] * 10

    page = client_for(ptf).post(TABLE_URL, {"kind": "activities", "file": csv_upload(rows)})

    assert "too large" in page.text
    assert page.context["report"] is None
