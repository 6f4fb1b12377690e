"""Real WeasyPrint renders real PDFs; their text shows the figures of the data."""

import io

import pytest
import time_machine
from pypdf import PdfReader

from seg_portal.reports import services
from seg_portal.reports.models import Report
from seg_portal.reports.rendering import RefusedURL, StaticFilesURLFetcher, static_file_for
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def pdf_text(report: Report) -> str:
    with report.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def members(alpha, beta, government):
    """Alpha has 2 members, Beta 1, the Government 3 (one of whom joined after October)."""
    with time_machine.travel("2026-09-01 10:00 +0000"):
        UserFactory.create_batch(2, organization=alpha)
        UserFactory(organization=beta)
        UserFactory.create_batch(2, organization=government)
    with time_machine.travel("2026-11-05 10:00 +0000"):
        UserFactory(organization=government)


def render(kind: str, language: str, period: str = "", subject: str = "") -> Report:
    report = services.request_report(
        kind=kind, period=period, subject=subject, language=language, by=None
    )
    services.render_report(report_id=report.pk)
    report.refresh_from_db()
    return report


@pytest.mark.parametrize(
    ("language", "words", "share"),
    [
        ("fr", ["Période", "octobre 2026", "Page 2 / 2", "Public visé", "Généré le"], "40,0"),
        ("en", ["Period", "October 2026", "Page 2 / 2", "Audience", "Generated on"], "40.0"),
    ],
)
def test_directory_pdf_shows_the_figures_in_each_language(members, language, words, share):
    report = render("test_directory", language, period="2026-10")

    assert report.status == Report.Status.READY, report.error_message
    text = pdf_text(report)
    # Two organisations of 2 members each out of 5 (the November member is not counted).
    assert "ALPHA Alpha Cooperation 2 " + share in text
    assert "BETA Beta Development Agency 1 20" in text
    assert "\n5\n" in text or " 5 " in text or "5members" in text.replace("\n", "")
    for word in words:
        assert word in text
    assert report.page_count == 2


def test_render_records_checksum_size_pages_and_timings(members):
    report = render("test_directory", "fr", period="2026-10")

    with report.file.open("rb") as handle:
        content = handle.read()
    import hashlib

    assert report.sha256 == hashlib.sha256(content).hexdigest()
    assert report.size == len(content)
    assert content.startswith(b"%PDF-")
    assert report.queued_at <= report.started_at <= report.finished_at
    assert report.attempts == 1
    assert report.error_message == ""


def test_per_subject_report_renders_one_organisation(alpha, ptf):
    report = render("test_profile", "en", subject=str(alpha.pk))

    assert report.status == Report.Status.READY, report.error_message
    text = pdf_text(report)
    assert "Alpha Cooperation" in text
    assert ptf.email in text
    assert "XM-ALPHA" in text


def test_long_table_repeats_its_header_on_every_page(db):
    for number in range(120):
        OrganizationFactory(acronym=f"ORG{number:03d}")
    report = render("test_directory", "en", period="2026-10")

    reader = PdfReader(report.file.path)
    assert report.page_count >= 4
    for page in reader.pages[1:-1]:
        text = page.extract_text()
        assert "Organisation" in text
        assert "Members" in text
        assert "Directory of members" in text  # the running header
    assert f"Page {report.page_count} / {report.page_count}" in reader.pages[-1].extract_text()


# --- The URL fetcher -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://evil.example/steal.css",
        "https://evil.example/static/reports/print.css",
        "http://169.254.169.254/latest/meta-data/",
        "http://seg.example.org/static/reports/print.css",  # our host, but not our scheme
        "https://seg.example.org/static/../../../../etc/passwd",
        "https://seg.example.org/static/%2e%2e/%2e%2e/etc/hostname",
        "https://seg.example.org/static/reports/..%2f..%2f..%2fsettings.py",
        "https://seg.example.org/static/",
        "https://seg.example.org/media-not-served/reports/x.pdf",
        "https://seg.example.org/admin/",
        "https://seg.example.org/static/reports/missing.css",
        "data:image/svg+xml;base64,PHN2Zy8+",
        "ftp://seg.example.org/static/reports/print.css",
    ],
)
def test_fetcher_refuses_everything_but_the_portal_static_files(url):
    fetcher = StaticFilesURLFetcher()
    with pytest.raises(RefusedURL):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_fetcher_serves_a_static_file_from_disk():
    fetcher = StaticFilesURLFetcher()
    response = fetcher.fetch("https://seg.example.org/static/reports/print.css")

    assert b"@page" in response.read()
    assert response.content_type == "text/css"
    assert static_file_for("https://seg.example.org/static/css/seg.css").name == "seg.css"


def test_fetcher_falls_back_to_static_root_but_not_outside_it(settings, tmp_path):
    root = tmp_path / "collected"
    (root / "only-collected").mkdir(parents=True)
    (root / "only-collected" / "logo.svg").write_text("<svg/>")
    (tmp_path / "secret.txt").write_text("secret")
    settings.STATIC_ROOT = str(root)

    found = static_file_for("https://seg.example.org/static/only-collected/logo.svg")
    assert found == root / "only-collected" / "logo.svg"
    with pytest.raises(RefusedURL):
        static_file_for("https://seg.example.org/static/../secret.txt")


def test_hostile_references_are_refused_and_the_report_still_renders(db, caplog):
    report = render("test_hostile", "en", period="2026-Q3")

    assert report.status == Report.Status.READY, report.error_message
    text = pdf_text(report)
    assert "The body still renders." in text
    assert "root:" not in text
    refused = [record.getMessage() for record in caplog.records if "refused" in record.getMessage()]
    for fragment in ["evil.example", "file:///etc/passwd", "169.254.169.254", "data:", "etc/"]:
        assert any(fragment in message for message in refused), fragment
