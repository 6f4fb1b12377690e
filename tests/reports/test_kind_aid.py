"""The aid kinds: the quarterly aid report and the one-page PTF profile, as real PDFs.

The portfolio is small and worked out by hand (XOF; 1 EUR = 655.957 XOF):

Alpha, a public activity (on budget, 100 % national budget execution, water, Bamako, CREDD 1):
  committed 15/07/2026 1 000 000 EUR = 655 957 000        (quarter)
  disbursed 20/08/2026   200 000 EUR = 131 191 400        (quarter)
  disbursed 10/02/2026            50 000 000 XOF          (year to date only)
  disbursed 01/12/2025            10 000 000 XOF          (last year: profile only)
  plans 2026 1 000 000 EUR, 2027 500 000 EUR, 2028 250 000 EUR
Beta, an activity published to partners (health, Kayes, CREDD 2):
  committed 30/09/2026           300 000 000 XOF          (quarter)
  disbursed 01/07/2026   100 000 EUR =  65 595 700        (quarter)
  disbursed 10/09/2026     5 000 USD, no exchange rate    (left out, flagged)
  disbursed 05/10/2026               123 456 XOF          (after the quarter)
  plan 2026 200 000 EUR = 131 191 400
Never counted for partners: Alpha's internal activity (444 444 XOF disbursed in August) and
Beta's draft (777 777 XOF committed in August).
"""

import datetime as dt
import io
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.formats import number_format
from pypdf import PdfReader

from aid_tracking.models import Activity, CreddAxis, Region, Sector
from aid_tracking.reference.codelists import load_reference_data
from aid_tracking.reports import build_profile_context, build_quarterly_context
from seg_portal.accounts.roles import Visibility
from seg_portal.reports import services
from seg_portal.reports.models import Report
from tests.aid_tracking.dash_factories import disburse, plan
from tests.aid_tracking.factories import (
    ActivityLocationFactory,
    ActivitySectorFactory,
    PublishedActivityFactory,
)

pytestmark = pytest.mark.django_db

PUBLISHED = Activity.PublicationStatus.PUBLISHED


def activity(organization, *, sector="14030", region="ML-BKO", axis=1, **fields):
    fields.setdefault("publication_status", PUBLISHED)
    made = PublishedActivityFactory(reporting_organization=organization, **fields)
    ActivitySectorFactory(activity=made, sector=Sector.objects.get(code=sector), code=sector)
    ActivityLocationFactory(activity=made, region=Region.objects.get(code=region))
    made.credd_axes.add(CreddAxis.objects.get(number=axis))
    return made


def commit(target, value, iso, on):
    return disburse(target, value, iso, on=on, kind="2")


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@pytest.fixture
def portfolio(regions, alpha, beta):
    load_reference_data()
    water = activity(
        alpha,
        title_fr="Eau potable à Bamako",
        is_on_budget=True,
        budget_execution_share=100,
    )
    commit(water, "1000000", "EUR", day("2026-07-15"))
    disburse(water, "200000", "EUR", on=day("2026-08-20"))
    disburse(water, "50000000", "XOF", on=day("2026-02-10"))
    disburse(water, "10000000", "XOF", on=day("2025-12-01"))
    plan(water, 2026, "1000000")
    plan(water, 2027, "500000")
    plan(water, 2028, "250000")

    hidden = activity(alpha, visibility=Visibility.INTERNAL, title_fr="Appui interne")
    disburse(hidden, "444444", "XOF", on=day("2026-08-01"))

    health = activity(beta, sector="12220", region="ML-1", axis=2, visibility=Visibility.PARTNERS)
    commit(health, "300000000", "XOF", day("2026-09-30"))
    disburse(health, "100000", "EUR", on=day("2026-07-01"))
    disburse(health, "5000", "USD", on=day("2026-09-10"))
    disburse(health, "123456", "XOF", on=day("2026-10-05"))
    plan(health, 2026, "200000")

    draft = activity(beta, publication_status=Activity.PublicationStatus.DRAFT)
    commit(draft, "777777", "XOF", day("2026-08-01"))
    return {"water": water, "hidden": hidden, "health": health, "draft": draft}


def pdf_text(report: Report) -> str:
    with report.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = " ".join(page.extract_text() for page in reader.pages)
    # Lines wrap where the layout decides, and French groups digits with a (narrow) no-break
    # space: compare the words with plain spaces.
    return " ".join(text.replace("\u202f", " ").replace("\xa0", " ").split())


def amount(value, language: str) -> str:
    with translation.override(language):
        shown = number_format(Decimal(value), decimal_pos=0, force_grouping=True)
    return shown.replace("\u202f", " ").replace("\xa0", " ")


def percent(value: str, language: str) -> str:
    return (value.replace(".", ",") if language == "fr" else value) + " %"


def render(kind: str, language: str, **request) -> Report:
    report = services.request_report(kind=kind, language=language, by=None, **request)
    services.render_report(report_id=report.pk)
    report.refresh_from_db()
    return report


# --- Quarterly aid report ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "words", "sector", "region"),
    [
        (
            "fr",
            [
                "Rapport trimestriel sur l'aide",
                "Par partenaire",
                "Par axe du CREDD",
                "Santé de Base",
            ],
            "Assainissement",
            "District de Bamako",
        ),
        (
            "en",
            ["Quarterly aid report", "By partner", "By CREDD axis", "Basic Health"],
            "Sanitation",
            "Bamako District",
        ),
    ],
)
def test_quarterly_pdf_shows_the_hand_worked_figures(portfolio, language, words, sector, region):
    report = render("aid_quarterly", language, period="2026-Q3")

    assert report.status == Report.Status.READY, report.error_message
    assert report.audience == Visibility.PARTNERS
    text = pdf_text(report)
    for word in words:
        assert word in text

    def row(*values):
        return " ".join(amount(value, language) for value in values)

    # Key figures: committed and disbursed in the quarter, then in the year to date.
    assert amount(955_957_000, language) in text
    assert amount(196_787_100, language) + "*" in text  # Beta's USD left out
    assert amount(246_787_100, language) + "*" in text
    # By partner: quarter committed, disbursed, year to date committed, disbursed.
    assert "ALPHA " + row(655_957_000, 131_191_400, 655_957_000, 181_191_400) in text
    beta = "BETA " + row(300_000_000) + " " + amount(65_595_700, language) + "*"
    assert beta in text
    # By sector category and region (one activity each), by CREDD axis.
    for label in (sector, region):
        assert label + " " + row(655_957_000, 131_191_400, 655_957_000, 181_191_400) in text
    assert (
        "Kayes Region " + row(300_000_000) in text or "Région de Kayes " + row(300_000_000) in text
    )
    assert "USD 09/2026" in text
    assert "655.957" in text or "655,957" in text


def test_quarterly_pdf_leaves_out_drafts_and_activities_the_audience_may_not_see(portfolio):
    report = render("aid_quarterly", "en", period="2026-Q3")

    text = pdf_text(report)
    assert "777,777" not in text  # Beta's draft
    assert "444,444" not in text  # Alpha's internal activity
    # Neither moved a total: committed 955 957 000 and not 956 734 777, disbursed unchanged.
    assert "956,734,777" not in text
    assert "197,231,544" not in text


def test_quarterly_key_figures_count_active_activities_and_reporting_partners(portfolio):
    context = build_quarterly_context(
        Report(kind="aid_quarterly", period="2026-Q3", audience=Visibility.PARTNERS)
    )

    assert context["active_count"] == 2
    assert context["totals"].reporting_organizations == 2
    assert context["totals"].total.committed.value == Decimal("955957000.00")
    assert context["totals"].total.disbursed_to_date.value == Decimal("246787100.00")
    assert context["totals"].missing_rates == "USD 09/2026"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_quarterly_pdf_shows_the_gpedc_indicators_of_each_partner(portfolio, language):
    report = render("aid_quarterly", language, period="2026-Q3")

    text = pdf_text(report)
    # Alpha 2026: D = 131 191 400 + 50 000 000 over S = 655 957 000 → 27.6 %; plans in 2027 and
    # 2028 of 2027-2029 → 66.7 %; on budget → 100 %; budget execution 100 % of four → 25 %.
    alpha = " ".join(percent(v, language) for v in ("27.6", "66.7", "100.0", "25.0"))
    assert "ALPHA " + alpha in text
    # Beta 2026: D = 65 595 700 + 123 456 (October counts for the year) over 131 191 400.
    beta = " ".join(percent(v, language) for v in ("50.1", "0.0", "0.0", "0.0"))
    assert "BETA " + beta in text


def test_quarterly_for_an_internal_audience_counts_internal_activities(portfolio):
    report = render("aid_quarterly", "en", period="2026-Q3", audience=Visibility.INTERNAL)

    text = pdf_text(report)
    assert "ALPHA 655,957,000 131,635,844" in text  # + 444 444 XOF
    assert "777,777" not in text  # a draft, never


def test_quarterly_for_the_public_leaves_out_partners_activities(portfolio):
    report = render("aid_quarterly", "en", period="2026-Q3", audience=Visibility.PUBLIC)

    text = pdf_text(report)
    assert "BETA" not in text
    assert "Kayes" not in text
    assert "ALPHA 655,957,000 131,191,400" in text


def test_quarterly_built_for_partners_and_published_to_the_public_is_built_again_for_it(
    portfolio, secretariat, django_capture_on_commit_callbacks
):
    report = render("aid_quarterly", "fr", period="2026-Q3")
    assert "BETA" in pdf_text(report)

    with django_capture_on_commit_callbacks(execute=True):
        services.publish_report(report=report, audience=Visibility.PUBLIC, by=secretariat)

    report.refresh_from_db()
    assert (report.status, report.audience) == (Report.Status.PUBLISHED, Visibility.PUBLIC)
    assert "BETA" not in pdf_text(report)  # Beta's activity is for partners only


def test_quarterly_of_an_empty_quarter_says_so(regions):
    load_reference_data()
    report = render("aid_quarterly", "en", period="2025-Q1")

    assert report.status == Report.Status.READY, report.error_message
    text = pdf_text(report)
    assert "No commitment or disbursement was recorded this year." in text
    assert "No published activity to compute the indicators from." in text


def test_quarterly_without_period_takes_the_last_complete_quarter(db):
    with time_machine.travel("2026-11-15 10:00 +0000"):
        report = services.request_report(kind="aid_quarterly", language="fr", by=None)
    assert report.period == "2026-Q3"


def test_generate_reports_makes_the_quarterly_report_in_both_languages(
    portfolio, django_capture_on_commit_callbacks
):
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "generate_reports", "--kind", "aid_quarterly", "--period", "2026-Q3", stdout=out
        )

    reports = Report.objects.filter(kind="aid_quarterly", period="2026-Q3").order_by("language")
    assert [(r.language, r.status) for r in reports] == [
        ("en", Report.Status.READY),
        ("fr", Report.Status.READY),
    ]
    assert "aid_quarterly" in out.getvalue()
    listing = StringIO()
    call_command("generate_reports", "--list", stdout=listing)
    assert "aid_quarterly\tquarter\tQuarterly aid report" in listing.getvalue().splitlines()
    assert "ptf_profile\tsubject\tPTF profile" in listing.getvalue().splitlines()


def _more_data(alpha, beta, count: int) -> None:
    for number in range(count):
        extra = activity(
            alpha if number % 2 else beta,
            sector="12220" if number % 2 else "14030",
            region="ML-7",
            axis=3,
        )
        for month in (7, 8, 9):
            disburse(extra, "1000", "EUR", on=dt.date(2026, month, 3))
            commit(extra, "5000", "XOF", dt.date(2026, month, 4))
        plan(extra, 2027, "100")


def _queries(build, report) -> int:
    with CaptureQueriesContext(connection) as queries:
        build(report)
    return len(queries)


def test_quarterly_queries_do_not_grow_with_the_data(portfolio, alpha, beta):
    report = Report(kind="aid_quarterly", period="2026-Q3", audience=Visibility.PARTNERS)
    small = _queries(build_quarterly_context, report)

    _more_data(alpha, beta, 12)
    large = _queries(build_quarterly_context, report)

    assert small == large
    assert large <= 16


# --- PTF profile ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("fr", ["Profil de PTF", "Principaux secteurs", "Indicateurs de prévisibilité 2025"]),
        ("en", ["PTF profile", "Main sectors", "Predictability indicators 2025"]),
    ],
)
def test_profile_is_one_page_after_the_cover_with_the_hand_worked_figures(
    portfolio, alpha, language, words
):
    with time_machine.travel("2026-11-10 10:00 +0000"):
        report = render("ptf_profile", language, subject=str(alpha.pk))

    assert report.status == Report.Status.READY, report.error_message
    assert report.page_count == 2  # the cover and one page
    text = pdf_text(report)
    for word in words:
        assert word in text
    assert "Alpha Cooperation" in text
    assert "XM-ALPHA" in text
    assert amount(655_957_000, language) in text  # committed
    # Disbursed over the whole life: 131 191 400 + 50 000 000 + 10 000 000.
    assert amount(191_191_400, language) in text
    # Forward plans 2026-2028: 655 957 000 + 327 978 500 + 163 989 250.
    assert amount(1_147_924_750, language) in text
    assert " ".join(amount(v, language) for v in (655_957_000, 327_978_500, 163_989_250)) in text
    # Indicators 2025: nothing scheduled (5a, 6: no data), plans in 2026-2028 (5b), 9b 25 %.
    assert percent("100.0", language) in text
    assert percent("25.0", language) in text
    assert amount(444_444, language) not in text  # the internal activity
    assert "BETA" not in text
    assert "Kayes" not in text


def test_profile_counts_only_the_published_activities_of_its_audience(portfolio, alpha):
    with time_machine.travel("2026-11-10 10:00 +0000"):
        context = build_profile_context(
            Report(kind="ptf_profile", subject=str(alpha.pk), audience=Visibility.PARTNERS)
        )

    assert context["portfolio"].activity_count == 1
    assert context["portfolio"].disbursed.value == Decimal("191191400.00")
    assert [row.label for row in context["top_regions"]] == ["District de Bamako"]


def test_profile_subjects_are_the_active_ptf(portfolio, alpha, beta, government):
    from aid_tracking.reports import profile_subjects

    keys = [key for key, _label in profile_subjects()]

    assert str(alpha.pk) in keys
    assert str(beta.pk) in keys
    assert str(government.pk) not in keys
    with pytest.raises(services.ReportError):
        services.request_report(
            kind="ptf_profile", subject=str(government.pk), language="fr", by=None
        )


def test_profile_queries_do_not_grow_with_the_data(portfolio, alpha, beta):
    report = Report(kind="ptf_profile", subject=str(alpha.pk), audience=Visibility.PARTNERS)
    small = _queries(build_profile_context, report)

    _more_data(alpha, beta, 12)
    large = _queries(build_profile_context, report)

    assert small == large
    assert large <= 14


def test_profile_with_many_activities_still_fits_one_page(portfolio, alpha, beta):
    _more_data(alpha, beta, 30)
    # Seven sector categories and seven regions: the page shows the top five of each.
    sectors = ("11220", "31120", "15110", "12220", "72010")
    for sector, region in zip(sectors, ("ML-2", "ML-3", "ML-4", "ML-5", "ML-6"), strict=True):
        extra = activity(alpha, region=region, sector=sector)
        disburse(extra, "1000", "EUR", on=dt.date(2026, 5, 3))
        commit(extra, "2000", "EUR", dt.date(2026, 5, 2))

    report = render("ptf_profile", "fr", subject=str(alpha.pk))

    assert report.status == Report.Status.READY, report.error_message
    assert report.page_count == 2
