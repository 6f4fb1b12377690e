"""The people and organisation pages, for every member of the cast."""

import pytest
from django.urls import reverse

from seg_portal.accounts.models import Invitation, Organization, User
from seg_portal.accounts.roles import Role
from tests.accounts.conftest import token_from
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

CAST = ["anonymous", "secretariat", "ptf", "other_ptf", "viewer"]
SECRETARIAT_ONLY = {
    "anonymous": 302,
    "secretariat": 200,
    "ptf": 403,
    "other_ptf": 403,
    "viewer": 403,
}


def as_user(cast: str, request, client_for):
    user = None if cast == "anonymous" else request.getfixturevalue(cast)
    return client_for(user)


def secretariat_pages(ptf, alpha) -> list[str]:
    return [
        reverse("accounts:user_list"),
        reverse("accounts:user_invite"),
        reverse("accounts:user_detail", args=[ptf.pk]),
        reverse("accounts:user_edit", args=[ptf.pk]),
        reverse("accounts:user_deactivate", args=[ptf.pk]),
        reverse("accounts:user_reactivate", args=[ptf.pk]),
        reverse("accounts:organization_list"),
        reverse("accounts:organization_create"),
        reverse("accounts:organization_edit", args=[alpha.pk]),
    ]


@pytest.mark.parametrize("cast", CAST)
def test_people_pages_are_for_the_secretariat_only(cast, request, client_for, ptf, alpha):
    client = as_user(cast, request, client_for)
    for url in secretariat_pages(ptf, alpha):
        response = client.get(url)
        assert response.status_code == SECRETARIAT_ONLY[cast], url
        if cast == "anonymous":
            assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("cast", CAST)
def test_invitation_actions_are_for_the_secretariat_only(cast, request, client_for, invite, alpha):
    sent = invite(alpha)
    client = as_user(cast, request, client_for)
    expected = {"anonymous": 302, "secretariat": 302}.get(cast, 403)
    revoke = client.post(reverse("accounts:invitation_revoke", args=[sent.invitation.pk]))
    assert revoke.status_code == expected
    assert Invitation.objects.pending().exists() == (cast != "secretariat")
    resend = client.post(reverse("accounts:invitation_resend", args=[sent.invitation.user_id]))
    assert resend.status_code == expected
    assert Invitation.objects.count() == (2 if cast == "secretariat" else 1)


@pytest.mark.parametrize(
    ("cast", "status", "sees_members"),
    [
        ("anonymous", 302, False),
        ("secretariat", 200, True),
        ("ptf", 200, True),
        ("other_ptf", 200, False),
        ("viewer", 200, False),
    ],
)
def test_organisation_page_is_readable_by_members_who_see_colleagues_only(
    cast, status, sees_members, request, client_for, alpha, lead
):
    response = as_user(cast, request, client_for).get(alpha.get_absolute_url())
    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        assert "Alpha Cooperation" in html
        assert (lead.email in html) == sees_members


def test_missing_user_and_organisation_give_404(client_for, secretariat):
    client = client_for(secretariat)
    assert client.get(reverse("accounts:user_detail", args=[999_999])).status_code == 404
    assert client.get(reverse("accounts:organization_detail", args=[999_999])).status_code == 404


def test_secretariat_invites_from_the_page(
    client_for, secretariat, alpha, mailoutbox, django_capture_on_commit_callbacks
):
    client = client_for(secretariat)
    data = {
        "email": "Nouvelle.Personne@Test.example",
        "first_name": "Awa",
        "last_name": "Diallo",
        "organization": alpha.pk,
        "role": Role.PTF,
        "language": "en",
        "job_title": "Programme officer",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:user_invite"), data)
    user = User.objects.get(email="nouvelle.personne@test.example")
    assert response.status_code == 302
    assert response.url == reverse("accounts:user_detail", args=[user.pk])
    assert user.language == "en"
    assert user.job_title == "Programme officer"
    assert len(mailoutbox) == 1
    assert "Hello Awa" in mailoutbox[0].body
    detail = client.get(response.url).content.decode()
    assert "Invitation envoyée" in detail
    assert "En attente" in detail


def test_invite_form_explains_a_role_that_does_not_fit_the_organisation(
    client_for, secretariat, government, mailoutbox
):
    response = client_for(secretariat).post(
        reverse("accounts:user_invite"),
        {
            "email": "x@test.example",
            "first_name": "A",
            "last_name": "B",
            "organization": government.pk,
            "role": Role.PTF,
            "language": "fr",
        },
    )
    assert response.status_code == 200
    assert "doit appartenir à un partenaire technique et financier" in response.content.decode()
    assert not User.objects.filter(email="x@test.example").exists()
    assert mailoutbox == []


def test_invite_form_refuses_an_existing_email(client_for, secretariat, ptf, alpha):
    response = client_for(secretariat).post(
        reverse("accounts:user_invite"),
        {
            "email": ptf.email.upper(),
            "first_name": "A",
            "last_name": "B",
            "organization": alpha.pk,
            "role": Role.PTF,
            "language": "fr",
        },
    )
    assert response.status_code == 200
    assert "possède déjà cette adresse" in response.content.decode()


def test_user_list_filters_by_organisation_role_status_and_text(
    client_for, secretariat, ptf, other_ptf, viewer, alpha
):
    client = client_for(secretariat)
    url = reverse("accounts:user_list")

    def emails(**params):
        response = client.get(url, params)
        assert response.status_code == 200
        return {user.email for user in response.context["users"]}

    assert emails(organization=alpha.pk) == {ptf.email}
    assert emails(role=Role.VIEWER) == {viewer.email}
    other_ptf.is_active = False
    other_ptf.save()
    assert emails(active="no") == {other_ptf.email}
    assert other_ptf.email not in emails(active="yes")
    assert emails(two_factor="yes") == {secretariat.email}
    assert secretariat.email not in emails(two_factor="no")
    assert emails(q=ptf.last_name) >= {ptf.email}
    assert emails(q="outsider@") == {other_ptf.email}


def test_user_list_is_paginated(client_for, secretariat, alpha):
    UserFactory.create_batch(30, organization=alpha)
    client = client_for(secretariat)
    first = client.get(reverse("accounts:user_list"))
    assert len(first.context["users"]) == 25
    second = client.get(reverse("accounts:user_list"), {"page": 2})
    assert len(second.context["users"]) == 6
    assert "Page 2" in second.content.decode()


def test_user_list_shows_an_empty_state(client_for, secretariat):
    response = client_for(secretariat).get(reverse("accounts:user_list"), {"q": "nobody-here"})
    assert "Aucun utilisateur ne correspond" in response.content.decode()


@pytest.mark.parametrize("size", [5, 40])
def test_user_list_runs_a_bounded_number_of_queries(
    size, client_for, secretariat, alpha, django_assert_max_num_queries
):
    for index in range(size):
        user = UserFactory(organization=alpha)
        if index % 2:
            Invitation.objects.create(
                user=user,
                token_hash=f"{index:064d}",
                expires_at="2099-01-01T00:00Z",
            )
    client = client_for(secretariat)
    with django_assert_max_num_queries(7):
        response = client.get(reverse("accounts:user_list"))
    assert response.status_code == 200


def test_secretariat_changes_a_users_role_and_organisation(
    client_for, secretariat, ptf, government
):
    response = client_for(secretariat).post(
        reverse("accounts:user_edit", args=[ptf.pk]),
        {"organization": government.pk, "role": Role.VIEWER, "job_title": "Conseiller"},
    )
    assert response.status_code == 302
    ptf.refresh_from_db()
    assert (ptf.organization, ptf.role, ptf.job_title) == (government, Role.VIEWER, "Conseiller")


def test_editing_refuses_a_role_that_does_not_fit(client_for, secretariat, ptf, government):
    response = client_for(secretariat).post(
        reverse("accounts:user_edit", args=[ptf.pk]),
        {"organization": government.pk, "role": Role.PTF, "job_title": ""},
    )
    assert response.status_code == 200
    ptf.refresh_from_db()
    assert ptf.role == Role.PTF
    assert ptf.organization.acronym == "ALPHA"


def test_making_someone_secretariat_gives_them_the_admin(client_for, secretariat, seg):
    colleague = UserFactory(organization=seg, role=Role.VIEWER)
    client_for(secretariat).post(
        reverse("accounts:user_edit", args=[colleague.pk]),
        {"organization": seg.pk, "role": Role.SECRETARIAT, "job_title": ""},
    )
    colleague.refresh_from_db()
    assert colleague.is_secretariat
    assert colleague.is_staff


def test_deactivation_asks_for_confirmation_then_blocks_login(client_for, secretariat, ptf):
    client = client_for(secretariat)
    url = reverse("accounts:user_deactivate", args=[ptf.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "ne pourra plus se connecter" in confirm.content.decode()
    ptf.refresh_from_db()
    assert ptf.is_active
    assert client.post(url).status_code == 302
    ptf.refresh_from_db()
    assert not ptf.is_active


def test_secretariat_cannot_deactivate_themselves(client_for, secretariat):
    client = client_for(secretariat)
    url = reverse("accounts:user_deactivate", args=[secretariat.pk])
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    secretariat.refresh_from_db()
    assert secretariat.is_active


def test_reactivation_lets_the_user_back_in(client_for, secretariat, ptf):
    ptf.is_active = False
    ptf.save()
    response = client_for(secretariat).post(reverse("accounts:user_reactivate", args=[ptf.pk]))
    assert response.status_code == 302
    ptf.refresh_from_db()
    assert ptf.is_active


def test_ptf_cannot_deactivate_a_colleague(client_for, ptf, lead):
    response = client_for(ptf).post(reverse("accounts:user_deactivate", args=[lead.pk]))
    assert response.status_code == 403
    lead.refresh_from_db()
    assert lead.is_active


ORGANISATION = {
    "name": "Agence française de développement",
    "acronym": "AFD",
    "kind": Organization.Kind.BILATERAL,
    "iati_identifier": "FR-3",
    "country": "fr",
    "website": "www.afd.fr",
}


def test_secretariat_creates_an_organisation(client_for, secretariat):
    response = client_for(secretariat).post(reverse("accounts:organization_create"), ORGANISATION)
    organization = Organization.objects.get(acronym="AFD")
    assert response.status_code == 302
    assert response.url == organization.get_absolute_url()
    assert organization.country == "FR"
    assert organization.website == "https://www.afd.fr"


@pytest.mark.parametrize("identifier", ["CH-4", "XM-DAC-41114", "XI-IATI-EC_INTPA", "US-GOV-1"])
def test_valid_iati_identifiers_are_accepted(identifier, client_for, secretariat):
    response = client_for(secretariat).post(
        reverse("accounts:organization_create"), {**ORGANISATION, "iati_identifier": identifier}
    )
    assert response.status_code == 302


@pytest.mark.parametrize("identifier", ["CH4", "ch-4", "QQ-1", "CH-4/5", "CH 4", "-4"])
def test_invalid_iati_identifiers_are_refused(identifier, client_for, secretariat):
    response = client_for(secretariat).post(
        reverse("accounts:organization_create"), {**ORGANISATION, "iati_identifier": identifier}
    )
    assert response.status_code == 200
    assert "XM-DAC-41114" in response.content.decode()
    assert not Organization.objects.filter(acronym="AFD").exists()


@pytest.mark.parametrize("country", ["XX", "FRA", "1"])
def test_unknown_countries_are_refused(country, client_for, secretariat):
    response = client_for(secretariat).post(
        reverse("accounts:organization_create"), {**ORGANISATION, "country": country}
    )
    assert response.status_code == 200
    assert not Organization.objects.filter(acronym="AFD").exists()


def test_a_duplicate_iati_identifier_is_refused(client_for, secretariat, alpha):
    response = client_for(secretariat).post(
        reverse("accounts:organization_create"),
        {**ORGANISATION, "iati_identifier": alpha.iati_identifier},
    )
    assert response.status_code == 200
    assert not Organization.objects.filter(acronym="AFD").exists()


def test_secretariat_edits_an_organisation(client_for, secretariat, beta):
    response = client_for(secretariat).post(
        reverse("accounts:organization_edit", args=[beta.pk]),
        {**ORGANISATION, "name": "Beta renamed", "acronym": "BETA", "iati_identifier": "XM-BETA"},
    )
    assert response.status_code == 302
    beta.refresh_from_db()
    assert beta.name == "Beta renamed"


def test_an_organisation_kind_that_no_longer_fits_its_members_is_refused(
    client_for, secretariat, alpha, ptf
):
    response = client_for(secretariat).post(
        reverse("accounts:organization_edit", args=[alpha.pk]),
        {
            **ORGANISATION,
            "name": alpha.name,
            "acronym": alpha.acronym,
            "iati_identifier": alpha.iati_identifier,
            "kind": Organization.Kind.GOVERNMENT,
        },
    )
    assert response.status_code == 200
    alpha.refresh_from_db()
    assert alpha.kind == Organization.Kind.BILATERAL


def test_organisation_list_searches(client_for, secretariat, alpha, beta):
    response = client_for(secretariat).get(reverse("accounts:organization_list"), {"q": "beta"})
    assert list(response.context["organizations"]) == [beta]


@pytest.mark.parametrize("size", [5, 60])
def test_organisation_list_runs_a_bounded_number_of_queries(
    size, client_for, secretariat, django_assert_max_num_queries
):
    OrganizationFactory.create_batch(size)
    client = client_for(secretariat)
    with django_assert_max_num_queries(7):
        response = client.get(reverse("accounts:organization_list"))
    assert response.status_code == 200


@pytest.mark.parametrize("cast", ["anonymous", "ptf", "other_ptf", "viewer"])
def test_no_one_but_the_secretariat_can_change_people_or_organisations(
    cast, request, client_for, lead, alpha, government
):
    client = as_user(cast, request, client_for)
    expected = 302 if cast == "anonymous" else 403
    posts = [
        (
            reverse("accounts:user_edit", args=[lead.pk]),
            {"organization": government.pk, "role": Role.VIEWER},
        ),
        (reverse("accounts:user_deactivate", args=[lead.pk]), {}),
        (reverse("accounts:user_reactivate", args=[lead.pk]), {}),
        (
            reverse("accounts:user_invite"),
            {
                "email": "sneaky@test.example",
                "first_name": "S",
                "last_name": "N",
                "organization": alpha.pk,
                "role": Role.PTF,
                "language": "fr",
            },
        ),
        (reverse("accounts:organization_create"), ORGANISATION),
        (reverse("accounts:organization_edit", args=[alpha.pk]), {**ORGANISATION, "name": "X"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == expected, url
    lead.refresh_from_db()
    alpha.refresh_from_db()
    assert lead.is_active
    assert lead.role == Role.PTF
    assert alpha.name == "Alpha Cooperation"
    assert not User.objects.filter(email="sneaky@test.example").exists()
    assert not Organization.objects.filter(acronym="AFD").exists()


@pytest.mark.parametrize("cast", CAST)
def test_an_invitation_link_opens_for_whoever_holds_it(
    cast, request, client_for, invite, alpha, mailoutbox
):
    invite(alpha)
    client = as_user(cast, request, client_for)
    response = client.get(reverse("accounts:invitation_accept", args=[token_from(mailoutbox[0])]))
    assert response.status_code == 200
    assert "Choisissez votre mot de passe" in response.content.decode()
