"""Every report page for anonymous, each role and the outsider."""

import pytest
from django.urls import reverse

from seg_portal.accounts.roles import Visibility
from seg_portal.reports.models import Report, ReportSubscription
from tests.reports.factories import PDF_BYTES, ReportFactory

pytestmark = pytest.mark.django_db

CAST = ["anonymous", "viewer", "ptf", "other_ptf", "lead", "secretariat"]


@pytest.fixture
def as_(request, client_for):
    """``as_("viewer")``: the test client logged in as that member of the cast."""

    def login(cast: str):
        user = None if cast == "anonymous" else request.getfixturevalue(cast)
        return client_for(user)

    return login


def published(audience: str, **kwargs) -> Report:
    return ReportFactory(status=Report.Status.PUBLISHED, audience=audience, **kwargs)


# --- Downloads: permission-checked every time -------------------------------------------------

DOWNLOAD_MATRIX = {
    # (status, audience): cast members who get the file; everyone else gets 404
    (Report.Status.PUBLISHED, Visibility.PUBLIC): set(CAST),
    (Report.Status.PUBLISHED, Visibility.PARTNERS): set(CAST) - {"anonymous"},
    (Report.Status.PUBLISHED, Visibility.INTERNAL): {"ptf", "other_ptf", "lead", "secretariat"},
    (Report.Status.READY, Visibility.PUBLIC): {"secretariat"},
    (Report.Status.WITHDRAWN, Visibility.PUBLIC): {"secretariat"},
    (Report.Status.FAILED, Visibility.PUBLIC): set(),
    (Report.Status.QUEUED, Visibility.PUBLIC): set(),
}


@pytest.mark.parametrize("cast", CAST)
@pytest.mark.parametrize(("status", "audience"), list(DOWNLOAD_MATRIX))
def test_download_is_allowed_only_to_those_who_may_read(as_, cast, status, audience):
    report = ReportFactory(status=status, audience=audience)
    if status == Report.Status.PUBLISHED:
        Report.objects.filter(pk=report.pk).update(published_at=report.finished_at)

    response = as_(cast).get(reverse("reports:download", args=[report.pk]))

    if cast in DOWNLOAD_MATRIX[(status, audience)]:
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF_BYTES
        assert response["Content-Type"] == "application/pdf"
        assert "no-store" in response["Cache-Control"]
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("cast", CAST)
@pytest.mark.parametrize(("status", "audience"), list(DOWNLOAD_MATRIX))
def test_detail_page_follows_the_same_rule(as_, cast, status, audience):
    report = ReportFactory(status=status, audience=audience)

    response = as_(cast).get(reverse("reports:detail", args=[report.pk]))

    readers = DOWNLOAD_MATRIX[(status, audience)] | (
        {"secretariat"} if status != Report.Status.PUBLISHED else set()
    )
    assert response.status_code == (200 if cast in readers else 404)


def test_other_ptf_cannot_download_a_report_withdrawn_after_they_opened_it(client_for, other_ptf):
    report = published(Visibility.INTERNAL)
    client = client_for(other_ptf)
    assert client.get(reverse("reports:download", args=[report.pk])).status_code == 200

    Report.objects.filter(pk=report.pk).update(status=Report.Status.WITHDRAWN)

    assert client.get(reverse("reports:download", args=[report.pk])).status_code == 404


def test_no_file_url_is_exposed(client_for, secretariat):
    report = published(Visibility.PUBLIC)

    html = client_for(secretariat).get(reverse("reports:detail", args=[report.pk])).content
    assert report.file.name.encode() not in html
    assert b"/media" not in html


def test_a_missing_file_is_404_not_500(client_for, secretariat):
    report = published(Visibility.PUBLIC)
    report.file.storage.delete(report.file.name)

    response = client_for(secretariat).get(reverse("reports:download", args=[report.pk]))
    assert response.status_code == 404


# --- Archive ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cast", "visible"),
    [
        ("anonymous", {"public"}),
        ("viewer", {"public", "partners"}),
        ("ptf", {"public", "partners", "internal"}),
        ("other_ptf", {"public", "partners", "internal"}),
        ("secretariat", {"public", "partners", "internal"}),
    ],
)
def test_archive_shows_each_person_what_they_may_read(as_, cast, visible):
    for audience, period in (
        ("public", "2026-01"),
        ("partners", "2026-02"),
        ("internal", "2026-03"),
    ):
        published(audience, period=period)
    ReportFactory(status=Report.Status.READY, period="2026-04")
    ReportFactory(status=Report.Status.WITHDRAWN, period="2026-05")

    response = as_(cast).get(reverse("reports:archive"))

    assert response.status_code == 200
    shown = {report.audience for report in response.context["page_obj"]}
    assert shown == visible
    assert {report.status for report in response.context["page_obj"]} == {"published"}


def test_archive_filters_by_kind_period_and_language(client):
    published("public", period="2026-01", language="fr")
    published("public", period="2026-01", language="en")
    published("public", period="2025-12", language="fr")
    published("public", kind="test_failing", period="2026", language="fr")

    def shown(**query):
        response = client.get(reverse("reports:archive"), query)
        return sorted((r.kind, r.period, r.language) for r in response.context["page_obj"])

    assert shown(language="en") == [("test_directory", "2026-01", "en")]
    assert shown(period="2025") == [("test_directory", "2025-12", "fr")]
    assert shown(kind="test_failing") == [("test_failing", "2026", "fr")]
    assert len(shown(kind="no_such_kind")) == 4  # an invalid filter is ignored, not an error


def test_archive_is_paginated(client):
    for month in range(1, 13):
        for year in (2024, 2025):
            published("public", period=f"{year}-{month:02d}")

    first = client.get(reverse("reports:archive"))
    second = client.get(reverse("reports:archive"), {"page": 2})

    assert len(first.context["page_obj"]) == 20
    assert len(second.context["page_obj"]) == 4
    assert 'rel="next"' in first.content.decode()


def test_archive_empty_state(client):
    response = client.get(reverse("reports:archive"))
    assert "Aucun rapport publié ne correspond." in response.content.decode()


@pytest.mark.parametrize("count", [3, 30])
def test_archive_runs_a_bounded_number_of_queries(
    client_for, viewer, count, django_assert_max_num_queries
):
    for number in range(count):
        published("partners", period=f"{2000 + number}-01")
    client = client_for(viewer)

    with django_assert_max_num_queries(8):
        assert client.get(reverse("reports:archive")).status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_manage_runs_a_bounded_number_of_queries(
    client_for, secretariat, count, django_assert_max_num_queries
):
    for number in range(count):
        ReportFactory(period=f"{2000 + number}-01")
    client = client_for(secretariat)

    with django_assert_max_num_queries(12):
        assert client.get(reverse("reports:manage")).status_code == 200


# --- Management: request, progress, publish, withdraw, retry ----------------------------------


@pytest.mark.parametrize(
    ("cast", "status"),
    [("anonymous", 302), ("viewer", 403), ("ptf", 403), ("other_ptf", 403), ("secretariat", 200)],
)
def test_only_the_secretariat_manages_reports(as_, cast, status):
    assert as_(cast).get(reverse("reports:manage")).status_code == status


def test_secretariat_requests_a_report_and_it_renders(
    client_for, secretariat, django_capture_on_commit_callbacks
):
    client = client_for(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:manage"),
            {"kind": "test_directory", "period": "2026-10", "language": "en"},
        )

    report = Report.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("reports:detail", args=[report.pk])
    assert report.status == Report.Status.READY
    assert report.requested_by == secretariat
    page = client.get(response.url).content.decode()
    assert "Prêt pour examen" in page
    assert reverse("reports:download", args=[report.pk]) in page


def test_requesting_the_same_report_twice_gives_the_same_report(client_for, secretariat):
    client = client_for(secretariat)
    data = {"kind": "test_directory", "period": "2026-10", "language": "fr"}
    first = client.post(reverse("reports:manage"), data)
    second = client.post(reverse("reports:manage"), data)

    assert first.url == second.url
    assert Report.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"kind": "test_directory", "period": "2026-13", "language": "fr"},
            "n\u2019est pas une p\u00e9riode",
        ),
        ({"kind": "nope", "period": "2026-10", "language": "fr"}, "Sélectionnez un choix valide"),
        ({"kind": "test_profile", "period": "", "language": "fr"}, "Choisissez l\u2019objet"),
        (
            {"kind": "test_directory", "period": "2026-10", "language": "de"},
            "Sélectionnez un choix",
        ),
    ],
)
def test_a_bad_request_shows_the_reason_and_creates_nothing(client_for, secretariat, data, message):
    response = client_for(secretariat).post(reverse("reports:manage"), data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Report.objects.exists()


@pytest.mark.parametrize("cast", ["viewer", "ptf", "other_ptf"])
def test_others_cannot_request_a_report(as_, cast):
    data = {"kind": "test_directory", "period": "2026-10", "language": "fr"}
    assert as_(cast).post(reverse("reports:manage"), data).status_code == 403
    assert not Report.objects.exists()


def test_status_fragment_polls_while_in_progress_and_stops_when_done(client_for, secretariat):
    report = ReportFactory(status=Report.Status.QUEUED)
    client = client_for(secretariat)
    url = reverse("reports:status", args=[report.pk])

    queued = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert f'hx-get="{url}"' in queued
    assert 'hx-trigger="every 2s"' in queued

    ReportFactory._meta.model.objects.filter(pk=report.pk).delete()
    done = ReportFactory(status=Report.Status.READY)
    ready = client.get(reverse("reports:status", args=[done.pk])).content.decode()
    assert "hx-get" not in ready
    assert reverse("reports:download", args=[done.pk]) in ready


def test_status_fragment_shows_a_failure(client_for, secretariat):
    report = ReportFactory(status=Report.Status.FAILED, error_message="RuntimeError: <boom>")

    html = client_for(secretariat).get(reverse("reports:status", args=[report.pk])).content.decode()

    assert "RuntimeError: &lt;boom&gt;" in html
    assert "hx-get" not in html


@pytest.mark.parametrize(
    ("cast", "status"),
    [("anonymous", 302), ("viewer", 404), ("ptf", 404), ("other_ptf", 404), ("secretariat", 200)],
)
def test_status_of_an_unpublished_report(as_, cast, status):
    report = ReportFactory(status=Report.Status.RENDERING)
    assert as_(cast).get(reverse("reports:status", args=[report.pk])).status_code == status


@pytest.mark.parametrize(
    ("cast", "status"),
    [("anonymous", 302), ("viewer", 404), ("ptf", 404), ("other_ptf", 404), ("secretariat", 302)],
)
def test_only_the_secretariat_publishes_a_ready_report(
    as_, cast, status, django_capture_on_commit_callbacks
):
    report = ReportFactory(status=Report.Status.READY)

    with django_capture_on_commit_callbacks(execute=True):
        response = as_(cast).post(
            reverse("reports:publish", args=[report.pk]), {"audience": "public"}
        )

    assert response.status_code == status
    report.refresh_from_db()
    expected = Report.Status.PUBLISHED if cast == "secretariat" else Report.Status.READY
    assert report.status == expected


@pytest.mark.parametrize("action", ["publish", "withdraw", "retry"])
@pytest.mark.parametrize("cast", ["viewer", "ptf", "other_ptf"])
def test_a_reader_of_a_published_report_may_not_change_it(as_, cast, action):
    report = published(Visibility.PARTNERS)

    response = as_(cast).post(
        reverse(f"reports:{action}", args=[report.pk]), {"audience": "public"}
    )

    assert response.status_code == 403
    report.refresh_from_db()
    assert (report.status, report.audience) == (Report.Status.PUBLISHED, Visibility.PARTNERS)


def test_secretariat_withdraws_a_published_report(client_for, secretariat, viewer):
    report = published(Visibility.PARTNERS)

    response = client_for(secretariat).post(reverse("reports:withdraw", args=[report.pk]))

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Report.Status.WITHDRAWN


def test_secretariat_retries_a_failed_report(
    client_for, secretariat, report_kinds, django_capture_on_commit_callbacks
):
    report = ReportFactory(
        status=Report.Status.FAILED, kind="test_failing", period="2025", error_message="boom"
    )
    report_kinds.Switch.broken = False

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(secretariat).post(reverse("reports:retry", args=[report.pk]))

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Report.Status.READY


def test_a_wrong_transition_is_explained_not_crashed(client_for, secretariat):
    report = ReportFactory(status=Report.Status.READY)
    client = client_for(secretariat)

    response = client.post(reverse("reports:retry", args=[report.pk]), follow=True)

    assert "Seul un rapport en échec peut être relancé." in response.content.decode()


def test_publish_with_a_bad_audience_is_refused(client_for, secretariat):
    report = ReportFactory(status=Report.Status.READY)

    client_for(secretariat).post(reverse("reports:publish", args=[report.pk]), {"audience": "x"})

    report.refresh_from_db()
    assert report.status == Report.Status.READY


@pytest.mark.parametrize("action", ["publish", "withdraw", "retry"])
def test_actions_refuse_get(client_for, secretariat, action):
    report = ReportFactory(status=Report.Status.READY)
    response = client_for(secretariat).get(reverse(f"reports:{action}", args=[report.pk]))
    assert response.status_code == 405


# --- Subscriptions ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cast", "status"),
    [
        ("anonymous", 302),
        ("viewer", 200),
        ("ptf", 200),
        ("other_ptf", 200),
        ("lead", 200),
        ("secretariat", 200),
    ],
)
def test_subscription_page(as_, cast, status):
    assert as_(cast).get(reverse("reports:subscriptions")).status_code == status


def test_a_viewer_subscribes_and_unsubscribes(client_for, viewer):
    client = client_for(viewer)

    client.post(reverse("reports:subscriptions"), {"kinds": ["test_directory", "test_profile"]})
    assert set(ReportSubscription.objects.values_list("kind", flat=True)) == {
        "test_directory",
        "test_profile",
    }
    page = client.get(reverse("reports:subscriptions")).content.decode()
    assert 'value="test_directory" id="id_kinds_0" checked' in page

    client.post(reverse("reports:subscriptions"), {})
    assert not ReportSubscription.objects.exists()


def test_subscribing_to_an_unknown_kind_is_refused(client_for, viewer):
    response = client_for(viewer).post(reverse("reports:subscriptions"), {"kinds": ["nope"]})

    assert response.status_code == 200
    assert not ReportSubscription.objects.exists()


# --- The shell: navigation, home, landing -----------------------------------------------------


def test_secretariat_home_lists_reports_to_review(client_for, secretariat):
    ready = ReportFactory(status=Report.Status.READY)
    failed = ReportFactory(status=Report.Status.FAILED, error_message="boom")
    done = published(Visibility.PUBLIC)

    html = client_for(secretariat).get(reverse("home")).content.decode()

    assert "Rapports à examiner" in html
    assert ready.get_absolute_url() in html
    assert failed.get_absolute_url() in html
    assert done.get_absolute_url() not in html


@pytest.mark.parametrize("cast", ["viewer", "ptf", "other_ptf"])
def test_others_have_no_review_section(as_, cast):
    ReportFactory(status=Report.Status.READY)
    assert "Rapports à examiner" not in as_(cast).get(reverse("home")).content.decode()


def test_landing_page_lists_public_reports_only(client):
    public = published(Visibility.PUBLIC)
    partners = published(Visibility.PARTNERS)

    html = client.get("/").content.decode()

    assert reverse("reports:download", args=[public.pk]) in html
    assert reverse("reports:download", args=[partners.pk]) not in html


@pytest.mark.parametrize(
    ("cast", "entries"),
    [
        ("anonymous", {"archive"}),
        ("viewer", {"archive", "subscriptions"}),
        ("ptf", {"archive", "subscriptions"}),
        ("secretariat", {"archive", "subscriptions", "manage"}),
    ],
)
def test_navigation_offers_what_each_person_may_use(as_, cast, entries):
    html = as_(cast).get(reverse("reports:archive")).content.decode()
    for name in ("archive", "subscriptions", "manage"):
        assert (f'href="{reverse(f"reports:{name}")}"' in html) == (name in entries), name


def test_the_intended_audience_chosen_at_request_is_printed_on_the_cover(
    client_for, secretariat, django_capture_on_commit_callbacks
):
    from pypdf import PdfReader

    with django_capture_on_commit_callbacks(execute=True):
        client_for(secretariat).post(
            reverse("reports:manage"),
            {"kind": "test_directory", "period": "2026-10", "language": "en", "audience": "public"},
        )

    report = Report.objects.get()
    assert report.audience == Visibility.PUBLIC
    assert "Audience Public" in PdfReader(report.file.path).pages[0].extract_text()


def test_a_report_rendered_again_for_its_new_audience_says_it_will_be_published(
    client_for, secretariat
):
    report = ReportFactory(
        status=Report.Status.QUEUED, audience=Visibility.PUBLIC, publish_when_ready=True
    )

    response = client_for(secretariat).get(report.get_absolute_url())

    assert "Il sera publié pour le public « Public » dès" in (
        " ".join(response.content.decode().split())
    )
