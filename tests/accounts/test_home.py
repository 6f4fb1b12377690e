"""What the accounts app adds to the menu and to each person's home page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from seg_portal.accounts.roles import Role
from seg_portal.portal import navigation_for
from tests.conftest import enrol_totp
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def people_menu(user) -> list[str]:
    groups = {group.label: group.items for group in navigation_for(user)}
    return [item.url for item in groups.get("Personnes", [])]


def test_secretariat_has_the_people_menu(secretariat):
    assert people_menu(secretariat) == [
        reverse("accounts:user_list"),
        reverse("accounts:user_invite"),
        reverse("accounts:organization_list"),
    ]


@pytest.mark.parametrize("cast", ["ptf", "other_ptf", "viewer"])
def test_other_roles_only_reach_their_own_organisation(cast, request):
    user = request.getfixturevalue(cast)
    assert people_menu(user) == [
        reverse("accounts:organization_detail", args=[user.organization_id])
    ]


def test_anonymous_has_no_people_menu(client):
    from django.contrib.auth.models import AnonymousUser

    assert people_menu(AnonymousUser()) == []


def test_secretariat_home_lists_pending_invitations_and_users_without_two_factor(
    client_for, secretariat, invite, alpha, ptf
):
    invite(alpha)
    html = client_for(secretariat).get(reverse("home")).content.decode()
    assert "Invitations en attente" in html
    assert "Awa Diallo" in html
    assert "Utilisateurs sans authentification à deux facteurs" in html
    assert ptf.get_full_name() in html
    assert "Activer l&#x27;authentification à deux facteurs" not in html


def test_users_with_two_factor_are_not_listed(client_for, secretariat, ptf):
    enrol_totp(ptf)
    html = client_for(secretariat).get(reverse("home")).content.decode()
    assert "Utilisateurs sans authentification" not in html


def test_ptf_home_prompts_for_two_factor_until_enabled(client_for, ptf):
    client = client_for(ptf)
    html = client.get(reverse("home")).content.decode()
    assert reverse("mfa_activate_totp") in html
    assert "Invitations en attente" not in html
    enrol_totp(ptf)
    assert reverse("mfa_activate_totp") not in client.get(reverse("home")).content.decode()


def test_secretariat_home_query_count_does_not_grow_with_users(
    client_for, secretariat, alpha, invite
):
    # Every app adds its own home section, so the page's budget is the sum of theirs; what must
    # hold is that none of them grows with the amount of data.
    client = client_for(secretariat)

    def queries_for_home() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("home")).status_code == 200
        return len(captured)

    UserFactory.create_batch(3, organization=alpha, role=Role.PTF)
    invite(alpha, email="invitee0@test.example")
    small = queries_for_home()
    UserFactory.create_batch(30, organization=alpha, role=Role.PTF)
    for index in range(1, 10):
        invite(alpha, email=f"invitee{index}@test.example")
    assert queries_for_home() == small
    assert small <= 40


def test_secretariat_cannot_remove_their_own_secretariat_role(client_for, secretariat, alpha):
    response = client_for(secretariat).post(
        reverse("accounts:user_edit", args=[secretariat.pk]),
        {"organization": alpha.pk, "role": Role.PTF, "job_title": ""},
    )
    assert response.status_code == 200
    assert "propre rôle de secrétariat" in response.content.decode()
    secretariat.refresh_from_db()
    assert secretariat.role == Role.SECRETARIAT
