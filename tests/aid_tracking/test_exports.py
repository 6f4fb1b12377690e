"""Exports: IATI 2.03 XML valid against the official schema, and the export → import round trip."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from lxml import etree

from aid_tracking.exports import iati_export_activities, public_activities
from aid_tracking.iati import schema, write_activities
from aid_tracking.imports import import_iati
from aid_tracking.models import Activity, ActivityPolicyMarker, Region
from seg_portal.accounts.roles import Visibility
from tests.aid_tracking.factories import (
    ActivityFactory,
    ActivityLocationFactory,
    ActivitySectorFactory,
    BudgetFactory,
    ParticipatingOrgFactory,
    PlannedDisbursementFactory,
    PublishedActivityFactory,
    TransactionFactory,
    code,
)
from tests.aid_tracking.io_factories import in_english  # noqa: F401 - fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


@pytest.fixture
def portfolio(reference_data, alpha, beta):
    """Two published public activities (Alpha, Beta), one internal, one draft."""
    water = PublishedActivityFactory(
        reporting_organization=alpha,
        iati_identifier="XM-ALPHA-WATER",
        title_fr="Eau & assainissement <Kayes>",
        is_humanitarian=True,
        gender_marker=code("PolicySignificance", "1"),
        conflict_sensitivity_marker=code("PolicySignificance", "2"),
        collaboration_type=code("CollaborationType", "1"),
        tied_status=code("TiedStatus", "5"),
        actual_start=datetime.date(2024, 2, 1),
    )
    ActivitySectorFactory(activity=water, percentage=Decimal(70))
    ActivitySectorFactory(
        activity=water, sector=reference_data.sectors["12220"], percentage=Decimal(30)
    )
    ActivityLocationFactory(activity=water, region=Region.objects.get(code="ML-1"), percentage=60)
    ActivityLocationFactory(activity=water, percentage=Decimal(40))
    ParticipatingOrgFactory(activity=water)
    ParticipatingOrgFactory(
        activity=water,
        role=code("OrganisationRole", "1"),
        org_type=code("OrganisationType", "10"),
        name="Alpha Cooperation",
        ref="XM-ALPHA",
        is_national=False,
    )
    ActivityPolicyMarker.objects.create(
        activity=water, vocabulary="1", code="6", significance=code("PolicySignificance", "2")
    )
    TransactionFactory(
        activity=water,
        transaction_type=code("TransactionType", "2"),
        value=Decimal("1500000.00"),
        transaction_date=datetime.date(2024, 2, 1),
        ref="C-1",
    )
    TransactionFactory(
        activity=water,
        value=Decimal("250000.75"),
        receiver_org_name="Association malienne pour l'eau",
        receiver_org_type=code("OrganisationType", "22"),
        description="Première tranche",
        finance_type=code("FinanceType", "110"),
        is_humanitarian=True,
    )
    PlannedDisbursementFactory(activity=water)
    PlannedDisbursementFactory(
        activity=water,
        disbursement_type=code("BudgetType", "2"),
        period_start=datetime.date(2027, 1, 1),
        period_end=datetime.date(2027, 6, 30),
        value=Decimal("99.99"),
        currency=reference_data.currencies["USD"],
    )
    BudgetFactory(activity=water)

    health = PublishedActivityFactory(reporting_organization=beta, iati_identifier="XM-BETA-HEALTH")
    ActivitySectorFactory(activity=health, sector=reference_data.sectors["12220"])
    ActivityLocationFactory(activity=health)
    ParticipatingOrgFactory(activity=health, org_type=None, name="", ref="ML-GOV-MSHP")
    TransactionFactory(activity=health, currency=reference_data.currencies["XOF"], value=5000000)

    internal = PublishedActivityFactory(
        reporting_organization=alpha, iati_identifier="XM-ALPHA-INT", visibility=Visibility.INTERNAL
    )
    ActivitySectorFactory(activity=internal)
    ActivityLocationFactory(activity=internal)
    TransactionFactory(activity=internal)
    draft = ActivityFactory(reporting_organization=alpha, iati_identifier="XM-ALPHA-DRAFT")
    TransactionFactory(activity=draft)
    return water


def export_bytes(**kwargs) -> bytes:
    output = io.BytesIO()
    write_activities(iati_export_activities(public_activities(**kwargs)), output)
    return output.getvalue()


def snapshot() -> dict:
    """Everything the round trip must keep, by IATI identifier."""
    result = {}
    for activity in Activity.objects.order_by("iati_identifier"):
        result[activity.iati_identifier] = {
            "fields": (
                activity.reporting_organization_id,
                activity.title_fr,
                activity.title_en,
                activity.description_fr,
                activity.description_en,
                activity.activity_status_id,
                activity.planned_start,
                activity.actual_start,
                activity.planned_end,
                activity.actual_end,
                activity.aid_type_id,
                activity.finance_type_id,
                activity.flow_type_id,
                activity.tied_status_id,
                activity.collaboration_type_id,
                activity.default_currency_id,
                activity.is_humanitarian,
                activity.gender_marker_id,
                activity.conflict_sensitivity_marker_id,
                activity.publication_status,
            ),
            "sectors": sorted(
                activity.sectors.values_list("vocabulary", "code", "sector_id", "percentage")
            ),
            "regions": sorted(activity.locations.values_list("region__code", "percentage")),
            "participants": sorted(
                activity.participating_orgs.values_list(
                    "role_id", "org_type_id", "name", "ref", "is_national"
                )
            ),
            "markers": sorted(
                activity.policy_markers.values_list("vocabulary", "code", "significance_id")
            ),
            "transactions": sorted(
                activity.transactions.values_list(
                    "ref",
                    "transaction_type_id",
                    "transaction_date",
                    "value",
                    "currency_id",
                    "value_date",
                    "description",
                    "receiver_org_name",
                    "receiver_org_type_id",
                    "finance_type_id",
                    "is_humanitarian",
                )
            ),
            "plans": sorted(
                activity.planned_disbursements.values_list(
                    "disbursement_type_id",
                    "period_start",
                    "period_end",
                    "value",
                    "currency_id",
                    "value_date",
                )
            ),
            "budgets": sorted(
                activity.budgets.values_list(
                    "budget_type_id", "status_id", "period_start", "period_end", "value"
                )
            ),
        }
    return result


def test_export_is_valid_against_the_iati_203_schema(portfolio):
    document = etree.fromstring(export_bytes())

    schema().assertValid(document)
    assert document.get("version") == "2.03"


def test_export_has_published_public_activities_only(portfolio):
    document = etree.fromstring(export_bytes())

    identifiers = document.xpath("//iati-activity/iati-identifier/text()")
    assert identifiers == ["XM-ALPHA-WATER", "XM-BETA-HEALTH"]


def test_export_of_one_organisation(portfolio, beta):
    document = etree.fromstring(export_bytes(organization=beta))

    assert document.xpath("//iati-activity/iati-identifier/text()") == ["XM-BETA-HEALTH"]


def test_export_then_import_into_an_empty_database_gives_the_same_activities(portfolio):
    Activity.objects.exclude(visibility=Visibility.PUBLIC).delete()
    Activity.objects.filter(publication_status="draft").delete()
    before = snapshot()
    content = export_bytes()
    Activity.objects.all().delete()
    assert not Activity.objects.exists()

    report = import_iati(source=io.BytesIO(content))

    assert report.ok
    assert report.created == 2
    assert snapshot() == before


def test_activity_without_participants_names_its_reporting_organisation_as_funder(portfolio):
    """The schema needs a participating-org: the reporting organisation funds its activity."""
    lonely = PublishedActivityFactory(
        reporting_organization=portfolio.reporting_organization, iati_identifier="XM-ALPHA-LONE"
    )
    document = etree.fromstring(export_bytes())

    schema().assertValid(document)
    (participant,) = document.xpath(
        "//iati-activity[iati-identifier=$id]/participating-org", id=lonely.iati_identifier
    )
    assert participant.get("ref") == "XM-ALPHA"
    assert participant.get("role") == "1"


def test_export_command_writes_a_valid_file(portfolio, tmp_path):
    output = tmp_path / "mali.xml"
    out = io.StringIO()

    call_command("export_iati", "--output", str(output), stdout=out)

    assert "2 activities written" in out.getvalue()
    schema().assertValid(etree.parse(str(output)))


def test_export_command_for_one_organisation(portfolio, tmp_path):
    output = tmp_path / "alpha.xml"

    call_command("export_iati", "--output", str(output), "--organization", "XM-ALPHA")

    assert etree.parse(str(output)).xpath("//iati-identifier/text()") == ["XM-ALPHA-WATER"]


def test_export_command_refuses_unknown_organisation_or_unwritable_output(portfolio, tmp_path):
    with pytest.raises(CommandError, match="No organisation"):
        call_command("export_iati", "--output", str(tmp_path / "x.xml"), "--organization", "NOPE")
    with pytest.raises(CommandError, match="Cannot write"):
        call_command("export_iati", "--output", str(tmp_path / "missing" / "x.xml"))


def test_export_runs_a_bounded_number_of_queries(portfolio, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        export_bytes()
    for number in range(20):
        activity = PublishedActivityFactory(iati_identifier=f"XM-ALPHA-N{number:02d}")
        TransactionFactory(activity=activity)
        ActivitySectorFactory(activity=activity)
    with django_assert_max_num_queries(12):
        export_bytes()


# --- CSV, XLSX and IATI from the list page -----------------------------------------------------


def test_csv_export_neutralises_formula_cells_and_keeps_numbers(client_for, portfolio, ptf):
    portfolio.title_en = '=HYPERLINK("http://evil.example","click")'
    portfolio.save()
    TransactionFactory(activity=portfolio, description="+cmd|' /C calc'!A0", value=-50)

    client = client_for(ptf)
    activities = client.get(reverse("aid_tracking:activity_export", args=["csv"]))
    transactions = client.get(reverse("aid_tracking:transaction_export", args=["csv"]))

    assert activities.status_code == 200
    rows = list(csv.DictReader(io.StringIO(activities.content.decode("utf-8-sig"))))
    water = next(row for row in rows if row["iati_identifier"] == "XM-ALPHA-WATER")
    assert water["title_en"].startswith("'=HYPERLINK")
    assert water["planned_start"] == "2024-01-01"
    lines = list(csv.DictReader(io.StringIO(transactions.content.decode("utf-8-sig"))))
    reversal = next(row for row in lines if row["description"].startswith("'+cmd"))
    assert reversal["value"] == "-50.00"  # a negative number stays a number


def test_xlsx_export_keeps_typed_cells_and_neutralises_text(client_for, portfolio, ptf):
    from openpyxl import load_workbook

    TransactionFactory(activity=portfolio, description="@SUM(1+1)*cmd", value=Decimal("12.5"))

    response = client_for(ptf).get(reverse("aid_tracking:transaction_export", args=["xlsx"]))

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    cell = dict(zip(header, next(row for row in rows if row[8] == "'@SUM(1+1)*cmd"), strict=True))
    assert cell["value"] == 12.5
    assert isinstance(cell["transaction_date"], datetime.datetime)


def test_list_exports_follow_the_filters_and_visibility(client, portfolio, beta):
    url = reverse("aid_tracking:activity_export", args=["csv"])

    everything = client.get(url).content.decode("utf-8-sig")
    only_beta = client.get(url, {"organization": beta.pk}).content.decode("utf-8-sig")

    assert "XM-ALPHA-WATER" in everything
    assert "XM-ALPHA-DRAFT" not in everything  # anonymous: no drafts
    assert "XM-ALPHA-INT" not in everything  # nor internal activities
    assert "XM-ALPHA-WATER" not in only_beta
    assert "XM-BETA-HEALTH" in only_beta


def test_ptf_exports_its_own_drafts_but_not_another_ptf(client_for, portfolio, ptf, other_ptf):
    url = reverse("aid_tracking:activity_export", args=["csv"])

    assert "XM-ALPHA-DRAFT" in client_for(ptf).get(url).content.decode()
    assert "XM-ALPHA-DRAFT" not in client_for(other_ptf).get(url).content.decode()


@pytest.mark.parametrize("who", [None, "secretariat", "ptf", "other_ptf", "viewer"])
def test_export_pages_answer_every_role(request, client_for, portfolio, who):
    client = client_for(request.getfixturevalue(who) if who else None)
    for name, fmt in (
        ("activity_export", "csv"),
        ("activity_export", "xlsx"),
        ("transaction_export", "csv"),
        ("transaction_export", "xlsx"),
    ):
        assert client.get(reverse(f"aid_tracking:{name}", args=[fmt])).status_code == 200
    assert client.get(reverse("aid_tracking:iati_export")).status_code == 200
    assert client.get("/aid/export/activities.pdf").status_code == 404


def test_iati_export_page_is_valid_and_has_published_activities_only(client_for, portfolio, ptf):
    response = client_for(ptf).get(reverse("aid_tracking:iati_export"))

    document = etree.fromstring(response.content)
    schema().assertValid(document)
    identifiers = document.xpath("//iati-identifier/text()")
    assert "XM-ALPHA-DRAFT" not in identifiers
    assert "XM-ALPHA-INT" in identifiers  # Alpha staff may see its internal activity
    assert response["Content-Disposition"].startswith("attachment;")


def test_iati_export_page_for_anonymous_has_public_activities(client, portfolio):
    response = client.get(reverse("aid_tracking:iati_export"))

    identifiers = etree.fromstring(response.content).xpath("//iati-identifier/text()")
    assert identifiers == ["XM-ALPHA-WATER", "XM-BETA-HEALTH"]


def test_list_exports_run_a_bounded_number_of_queries(
    client, portfolio, django_assert_max_num_queries
):
    url = reverse("aid_tracking:activity_export", args=["xlsx"])
    with django_assert_max_num_queries(8):
        client.get(url)
    for number in range(20):
        activity = PublishedActivityFactory(iati_identifier=f"XM-ALPHA-Q{number:02d}")
        ActivitySectorFactory(activity=activity)
        TransactionFactory(activity=activity)
    with django_assert_max_num_queries(8):
        client.get(url)
        client.get(reverse("aid_tracking:transaction_export", args=["csv"]))
