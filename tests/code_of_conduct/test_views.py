import datetime

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from code_of_conduct import services
from code_of_conduct.models import Answer, Assessment, Campaign, Evidence, FrameworkVersion
from seg_portal.accounts.roles import Visibility
from tests.code_of_conduct.factories import answer, indicator, make_assessment, make_campaign
from tests.factories import OrganizationFactory, UserFactory

ROLES = ["anonymous", "secretariat", "ptf", "lead", "other_ptf", "viewer"]
Status = Assessment.Status


@pytest.fixture
def as_role(request, client_for):
    def login(role):
        user = None if role == "anonymous" else request.getfixturevalue(role)
        return client_for(user)

    return login


def expected(table: dict, role: str) -> int:
    return table.get(role, table.get("*"))


SECRETARIAT_ONLY = {"anonymous": 302, "secretariat": 200, "*": 403}


# --- Framework and campaign pages: the secretariat's --------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "name",
    [
        "framework_list",
        "framework_detail",
        "principle_create",
        "principle_edit",
        "commitment_create",
        "commitment_edit",
        "indicator_create",
        "indicator_edit",
        "campaign_list",
        "campaign_create",
        "campaign_detail",
    ],
)
def test_secretariat_pages_by_role(as_role, role, name, framework, campaign):
    ind = indicator(framework, "1.1.1")
    args = {
        "framework_detail": [framework.pk],
        "principle_create": [framework.pk],
        "principle_edit": [ind.commitment.principle_id],
        "commitment_create": [ind.commitment.principle_id],
        "commitment_edit": [ind.commitment_id],
        "indicator_create": [ind.commitment_id],
        "indicator_edit": [ind.pk],
        "campaign_detail": [campaign.pk],
    }.get(name, [])
    response = as_role(role).get(reverse(f"code_of_conduct:{name}", args=args))
    assert response.status_code == expected(SECRETARIAT_ONLY, role)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "name", ["framework_copy", "campaign_close", "campaign_publish", "indicator_delete"]
)
def test_secretariat_actions_by_role(as_role, role, name, framework, campaign):
    args = {
        "framework_copy": [framework.pk],
        "campaign_close": [campaign.pk],
        "campaign_publish": [campaign.pk],
        "indicator_delete": [indicator(framework, "1.1.2").pk],
    }[name]
    data = {"label": "v2", "publish": "on", "visibility": "partners"}
    response = as_role(role).post(reverse(f"code_of_conduct:{name}", args=args), data)
    assert response.status_code == expected({"anonymous": 302, "secretariat": 302, "*": 403}, role)


def test_secretariat_starts_from_the_default_framework_and_edits_it(client_for, secretariat):
    client = client_for(secretariat)
    response = client.post(
        reverse("code_of_conduct:framework_create_default"), {"label": "Cadre 2027"}
    )
    framework = FrameworkVersion.objects.get(label="Cadre 2027")
    assert response.url == framework.get_absolute_url()
    page = client.get(framework.get_absolute_url())
    assert "Sensibilité aux conflits" in page.content.decode()
    item = indicator(framework, "1.1.1")
    response = client.post(
        reverse("code_of_conduct:indicator_edit", args=[item.pk]),
        {
            "code": "1.1.1",
            "position": 0,
            "text_fr": "Nouveau texte",
            "text_en": "New text",
            "kind": "scale",
            "source_key": "",
            "levels_fr": "",
            "levels_en": "",
            "baseline": "1",
            "target": "3",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.text_fr == "Nouveau texte"


def test_indicator_form_refuses_a_target_below_baseline_and_computed_without_source(
    client_for, secretariat, framework
):
    item = indicator(framework, "1.1.1")
    data = {
        "code": "1.1.1",
        "position": 0,
        "text_fr": "x",
        "text_en": "x",
        "kind": "computed",
        "source_key": "",
        "baseline": "3",
        "target": "1",
    }
    response = client_for(secretariat).post(
        reverse("code_of_conduct:indicator_edit", args=[item.pk]), data
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "source_key" in errors
    assert "target" in errors


def test_frozen_framework_refuses_edits_with_a_message(
    client_for, secretariat, assessment, framework
):
    answer(assessment, indicator(framework, "1.1.1"), value=2)
    principle = indicator(framework, "1.1.1").commitment.principle
    response = client_for(secretariat).post(
        reverse("code_of_conduct:principle_edit", args=[principle.pk]),
        {"code": "1", "position": 1, "title_fr": "Autre", "title_en": "Other"},
    )
    assert response.status_code == 400
    assert "elle ne peut plus être modifiée" in response.content.decode()
    principle.refresh_from_db()
    assert principle.title_en == "Alignment"


def test_secretariat_opens_a_campaign_from_the_form(
    client_for, secretariat, framework, alpha, beta
):
    response = client_for(secretariat).post(
        reverse("code_of_conduct:campaign_create"),
        {
            "year": 2027,
            "framework": framework.pk,
            "period_start": "2027-01-01",
            "period_end": "2027-12-31",
            "deadline": "2027-12-15",
        },
    )
    campaign = Campaign.objects.get(year=2027)
    assert response.url == campaign.get_absolute_url()
    assert campaign.assessments.count() == 2


def test_progress_page_counts_each_state(client_for, secretariat, campaign, alpha, beta):
    make_assessment(campaign, alpha, status=Status.SUBMITTED)
    make_assessment(campaign, beta, status=Status.RETURNED)
    response = client_for(secretariat).get(campaign.get_absolute_url())
    counts = {value: count for value, _label, count in response.context["progress"].by_status}
    assert counts == {
        "not_started": 0,
        "draft": 0,
        "submitted": 1,
        "returned": 1,
        "validated": 0,
    }


def _many_ptf(campaign, count, framework):
    for number in range(count):
        org = OrganizationFactory(acronym=f"P{campaign.year}{number}")
        item = make_assessment(campaign, org, status=Status.VALIDATED)
        answer(item, indicator(framework, "1.1.1"), value=number % 5)
        answer(item, indicator(framework, "1.1.2"), value=number % 2)


@pytest.mark.parametrize("size", [2, 12])
def test_progress_page_queries_do_not_grow_with_the_number_of_ptf(
    client_for, secretariat, campaign, framework, size, django_assert_max_num_queries
):
    _many_ptf(campaign, size, framework)
    client = client_for(secretariat)
    with django_assert_max_num_queries(14):
        response = client.get(campaign.get_absolute_url())
    assert len(response.context["progress"].assessments) == size


@pytest.mark.parametrize("size", [2, 12])
def test_scorecard_page_queries_do_not_grow_with_the_number_of_ptf(
    client_for, secretariat, campaign, framework, size, django_assert_max_num_queries
):
    _many_ptf(campaign, size, framework)
    client = client_for(secretariat)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("code_of_conduct:scorecard_detail", args=[campaign.pk]))
    assert len(response.context["card"].rows) == size


# --- Assessments: the PTF's own, and the secretariat's review ------------------------------------

OWN_ASSESSMENT = {
    "anonymous": 302,
    "secretariat": 200,
    "ptf": 200,
    "lead": 200,
    "other_ptf": 404,
    "viewer": 404,
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["assessment_detail", "workbook_download"])
def test_assessment_pages_by_role(as_role, role, name, assessment):
    response = as_role(role).get(reverse(f"code_of_conduct:{name}", args=[assessment.pk]))
    assert response.status_code == expected(OWN_ASSESSMENT, role)


@pytest.mark.parametrize("role", ROLES)
def test_my_assessments_by_role(as_role, role, assessment):
    response = as_role(role).get(reverse("code_of_conduct:my_assessments"))
    assert response.status_code == expected(
        {"anonymous": 302, "ptf": 200, "lead": 200, "other_ptf": 200, "*": 403}, role
    )


def test_ptf_lists_only_its_own_assessments(client_for, ptf, assessment, beta_assessment):
    response = client_for(ptf).get(reverse("code_of_conduct:my_assessments"))
    assert list(response.context["assessments"]) == [assessment]


@pytest.mark.parametrize("role", ROLES)
def test_workbook_upload_page_by_role(as_role, role, assessment):
    response = as_role(role).get(reverse("code_of_conduct:workbook_upload", args=[assessment.pk]))
    assert response.status_code == expected(
        {"anonymous": 302, "secretariat": 403, "ptf": 200, "lead": 200, "*": 404}, role
    )


@pytest.mark.parametrize("role", ROLES)
def test_saving_an_answer_by_role(as_role, role, assessment, framework):
    url = reverse(
        "code_of_conduct:answer_save", args=[assessment.pk, indicator(framework, "1.1.1").pk]
    )
    response = as_role(role).post(url, {"value": "3", "comment": "ok"})
    assert response.status_code == expected(
        {"anonymous": 302, "secretariat": 403, "ptf": 302, "lead": 302, "*": 404}, role
    )
    saved = Answer.objects.filter(assessment=assessment, value=3).exists()
    assert saved == (role in ("ptf", "lead"))


def test_answer_autosave_with_htmx_returns_the_status_fragment(
    client_for, ptf, assessment, framework
):
    url = reverse(
        "code_of_conduct:answer_save", args=[assessment.pk, indicator(framework, "1.1.2").pk]
    )
    response = client_for(ptf).post(url, {"value": "1", "comment": ""}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "badge-success" in response.content.decode()
    bad = client_for(ptf).post(url, {"value": "3", "comment": ""}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 400
    assert Answer.objects.get(assessment=assessment).value == 1


def test_other_ptf_cannot_read_an_assessment_by_url(client_for, other_ptf, assessment, framework):
    answer(assessment, indicator(framework, "1.1.1"), value=4).comment = "secret"
    client = client_for(other_ptf)
    assert client.get(assessment.get_absolute_url()).status_code == 404
    assert (
        client.get(reverse("code_of_conduct:workbook_download", args=[assessment.pk])).status_code
        == 404
    )


@pytest.mark.parametrize("role", ROLES)
def test_submitting_by_role(as_role, role, assessment, framework):
    answer(assessment, indicator(framework, "1.1.1"), value=3)
    answer(assessment, indicator(framework, "1.1.2"), value=1)
    Assessment.objects.filter(pk=assessment.pk).update(status=Status.DRAFT)
    response = as_role(role).post(
        reverse("code_of_conduct:assessment_submit", args=[assessment.pk])
    )
    assert response.status_code == expected(
        {"anonymous": 302, "secretariat": 403, "ptf": 302, "lead": 302, "*": 404}, role
    )
    assessment.refresh_from_db()
    assert (assessment.status == Status.SUBMITTED) == (role in ("ptf", "lead"))


def test_submitting_an_incomplete_assessment_names_the_missing_indicators(
    client_for, ptf, assessment, framework
):
    answer(assessment, indicator(framework, "1.1.1"), value=3)
    response = client_for(ptf).post(
        reverse("code_of_conduct:assessment_submit", args=[assessment.pk])
    )
    assert response.status_code == 400
    assert "1.1.2" in " ".join(response.context["submit_errors"])
    assert "Aide sur budget" in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["assessment_validate", "assessment_return"])
def test_review_actions_by_role(as_role, role, name, assessment):
    Assessment.objects.filter(pk=assessment.pk).update(status=Status.SUBMITTED)
    response = as_role(role).post(
        reverse(f"code_of_conduct:{name}", args=[assessment.pk]), {"comment": "À corriger"}
    )
    assert response.status_code == expected(
        {"anonymous": 302, "secretariat": 302, "ptf": 403, "lead": 403, "*": 404}, role
    )
    assessment.refresh_from_db()
    changed = assessment.status != Status.SUBMITTED
    assert changed == (role == "secretariat")


def test_secretariat_cannot_review_a_draft(client_for, secretariat, assessment):
    response = client_for(secretariat).post(
        reverse("code_of_conduct:assessment_validate", args=[assessment.pk])
    )
    assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_secretariat_comment_by_role(as_role, role, assessment, framework):
    item = answer(assessment, indicator(framework, "1.1.1"), value=3)
    Assessment.objects.filter(pk=assessment.pk).update(status=Status.SUBMITTED)
    response = as_role(role).post(
        reverse("code_of_conduct:answer_comment", args=[item.pk]), {"comment": "Source ?"}
    )
    assert response.status_code == expected(
        {"anonymous": 302, "secretariat": 302, "ptf": 403, "lead": 403, "*": 404}, role
    )


# --- Evidence ----------------------------------------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _attach(client, assessment, framework, **data):
    url = reverse(
        "code_of_conduct:evidence_add", args=[assessment.pk, indicator(framework, "1.1.1").pk]
    )
    return client.post(url, data)


def test_ptf_attaches_a_file_and_a_link(client_for, ptf, assessment, framework):
    client = client_for(ptf)
    _attach(
        client,
        assessment,
        framework,
        label="Compte rendu",
        file=SimpleUploadedFile("cr.pdf", PDF, content_type="application/pdf"),
    )
    _attach(client, assessment, framework, label="Site", link="https://example.org/report")
    assert Evidence.objects.count() == 2


@pytest.mark.parametrize(
    ("name", "content"),
    [("cr.pdf", b"MZ\x90\x00 not a pdf"), ("cr.exe", PDF), ("empty.pdf", b"")],
    ids=["content_mismatch", "bad_extension", "empty"],
)
def test_bad_evidence_files_are_refused(client_for, ptf, assessment, framework, name, content):
    response = _attach(
        client_for(ptf),
        assessment,
        framework,
        label="x",
        file=SimpleUploadedFile(name, content),
    )
    assert response.status_code == 302
    assert not Evidence.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_evidence_download_by_role(as_role, role, ptf, assessment, framework):
    services.add_evidence(
        assessment=assessment,
        indicator=indicator(framework, "1.1.1"),
        label="CR",
        by=ptf,
        file=SimpleUploadedFile("cr.pdf", PDF),
    )
    evidence = Evidence.objects.get()
    response = as_role(role).get(reverse("code_of_conduct:evidence_download", args=[evidence.pk]))
    assert response.status_code == expected(OWN_ASSESSMENT, role)
    if response.status_code == 200:
        assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize("role", ROLES)
def test_evidence_delete_by_role(as_role, role, ptf, assessment, framework):
    evidence = services.add_evidence(
        assessment=assessment,
        indicator=indicator(framework, "1.1.1"),
        label="Lien",
        by=ptf,
        link="https://example.org",
    )
    response = as_role(role).post(reverse("code_of_conduct:evidence_delete", args=[evidence.pk]))
    assert response.status_code == expected(
        {"anonymous": 302, "secretariat": 403, "ptf": 302, "lead": 302, "*": 404}, role
    )
    assert Evidence.objects.exists() == (role not in ("ptf", "lead"))


# --- Scorecards: published aggregates ----------------------------------------------------------


def _validated(campaign, organization, framework, scale):
    item = make_assessment(campaign, organization, status=Status.VALIDATED)
    answer(item, indicator(framework, "1.1.1"), value=scale)
    answer(item, indicator(framework, "1.1.2"), value=1)
    return item


@pytest.mark.parametrize(
    ("visibility", "table"),
    [
        (None, {"secretariat": 200, "*": 404}),
        (Visibility.INTERNAL, {"anonymous": 404, "viewer": 404, "*": 200}),
        (Visibility.PARTNERS, {"anonymous": 404, "*": 200}),
        (Visibility.PUBLIC, {"*": 200}),
    ],
    ids=["unpublished", "internal", "partners", "public"],
)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("fmt", ["page", "csv", "xlsx"])
def test_scorecard_by_role_and_visibility(as_role, role, visibility, table, fmt, campaign):
    if visibility:
        Campaign.objects.filter(pk=campaign.pk).update(is_published=True, visibility=visibility)
    if fmt == "page":
        url = reverse("code_of_conduct:scorecard_detail", args=[campaign.pk])
    else:
        url = reverse("code_of_conduct:scorecard_export", args=[campaign.pk, fmt])
    assert as_role(role).get(url).status_code == expected(table, role)


@pytest.mark.parametrize("role", ROLES)
def test_scorecard_list_is_open_to_all_but_lists_only_what_each_may_see(as_role, role, campaign):
    response = as_role(role).get(reverse("code_of_conduct:scorecard_list"))
    assert response.status_code == 200
    assert list(response.context["campaigns"]) == ([campaign] if role == "secretariat" else [])


def test_published_scorecard_is_anonymous_unless_the_secretariat_names(
    client_for, viewer, campaign, framework, alpha, beta
):
    _validated(campaign, alpha, framework, 4)
    _validated(campaign, beta, framework, 0)
    services.publish_scorecard(
        campaign=campaign, visibility=Visibility.PARTNERS, name_partners=False
    )
    content = (
        client_for(viewer)
        .get(reverse("code_of_conduct:scorecard_detail", args=[campaign.pk]))
        .content.decode()
    )
    assert "PTF A" in content
    assert "PTF B" in content
    assert "ALPHA" not in content
    assert "BETA" not in content
    services.publish_scorecard(
        campaign=campaign, visibility=Visibility.PARTNERS, name_partners=True
    )
    content = (
        client_for(viewer)
        .get(reverse("code_of_conduct:scorecard_detail", args=[campaign.pk]))
        .content.decode()
    )
    assert "ALPHA" in content


def test_scorecard_csv_export_neutralises_text_and_lists_each_ptf(
    client_for, secretariat, campaign, framework
):
    evil = OrganizationFactory(acronym="=HYPERLINK(1)")
    _validated(campaign, evil, framework, 2)
    response = client_for(secretariat).get(
        reverse("code_of_conduct:scorecard_export", args=[campaign.pk, "csv"])
    )
    lines = response.content.decode().splitlines()
    assert len(lines) == 2
    assert lines[1].startswith("'=HYPERLINK(1)")


def test_scorecard_export_refuses_unknown_formats(client_for, secretariat, campaign):
    response = client_for(secretariat).get(
        reverse("code_of_conduct:scorecard_export", args=[campaign.pk, "pdf"])
    )
    assert response.status_code == 404


def test_trends_show_each_published_campaign(client_for, viewer, framework, alpha):
    for year, scale in ((2024, 1), (2025, 3)):
        campaign = make_campaign(
            framework,
            year=year,
            is_published=True,
            visibility=Visibility.PARTNERS,
            deadline=datetime.date(year, 12, 1),
        )
        _validated(campaign, alpha, framework, scale)
    response = client_for(viewer).get(reverse("code_of_conduct:scorecard_list"))
    trends = response.context["trends"]
    assert trends.years == ["2024", "2025"]
    # Principle 1: mean of (scale, yes=4): (1+4)/2 = 2.5 in 2024, (3+4)/2 = 3.5 in 2025.
    assert trends.series[0].values == [2.5, 3.5]
    assert "<svg" in str(trends.chart)


# --- Home and navigation -----------------------------------------------------------------------


def _home(user) -> str:
    # templates/home.html passes ``context=`` to {% include %}, which Django refuses (a name it
    # uses itself); until the shell fixes it, the sections are rendered as the shell would.
    config = django_apps.get_app_config("code_of_conduct")
    return "".join(
        render_to_string(section.template_name, {"context": section.context})
        for section in config.home_sections(user)
    )


def test_home_shows_each_role_what_to_do(ptf, secretariat, viewer, assessment, beta):
    submitted = make_assessment(assessment.campaign, beta, status=Status.SUBMITTED)
    assert str(assessment) in _home(ptf)
    assert str(submitted) in _home(secretariat)
    assert _home(viewer) == ""
    Campaign.objects.filter(pk=assessment.campaign_id).update(
        is_published=True, visibility=Visibility.PARTNERS
    )
    assert str(assessment.campaign) in _home(viewer)


def test_landing_lists_only_public_scorecards(campaign):
    config = django_apps.get_app_config("code_of_conduct")
    assert config.public_sections() == []
    Campaign.objects.filter(pk=campaign.pk).update(
        is_published=True, visibility=Visibility.PARTNERS
    )
    assert config.public_sections() == []
    Campaign.objects.filter(pk=campaign.pk).update(visibility=Visibility.PUBLIC)
    (section,) = config.public_sections()
    html = render_to_string(section.template_name, {"context": section.context})
    assert reverse("code_of_conduct:scorecard_detail", args=[campaign.pk]) in html


@pytest.mark.parametrize("role", ROLES)
def test_navigation_by_role(request, role):
    user = AnonymousUser() if role == "anonymous" else request.getfixturevalue(role)
    with translation.override("fr"):
        labels = [
            str(item.label)
            for item in django_apps.get_app_config("code_of_conduct").nav_items(user)
        ]
    assert ("Campagnes" in labels) == (role == "secretariat")
    assert ("Mes autoévaluations" in labels) == (role in ("ptf", "lead", "other_ptf"))


def test_an_inactive_ptf_user_sees_nothing(client_for, alpha, assessment):
    user = UserFactory(organization=alpha, is_active=False)
    assert not Assessment.objects.visible_to(user).exists()


@pytest.mark.parametrize("links", [1, 8])
def test_assessment_page_queries_do_not_grow_with_answers_and_evidence(
    client_for, ptf, assessment, framework, links, django_assert_max_num_queries
):
    for code in ("1.1.1", "1.1.2"):
        for number in range(links):
            services.add_evidence(
                assessment=assessment,
                indicator=indicator(framework, code),
                label=f"Lien {number}",
                by=ptf,
                link=f"https://example.org/{code}/{number}",
            )
    client = client_for(ptf)
    with django_assert_max_num_queries(14):
        response = client.get(assessment.get_absolute_url())
    assert response.content.decode().count("https://example.org/") == 2 * links
