"""Each predicate and its queryset twin agree, for every member of the cast."""

import pytest
from django.contrib.auth.models import AnonymousUser

from seg_portal.accounts import permissions
from seg_portal.accounts.models import Invitation, Organization, User

pytestmark = pytest.mark.django_db

CAST = ["secretariat", "ptf", "other_ptf", "lead", "viewer"]


@pytest.fixture
def everyone(request):
    return {name: request.getfixturevalue(name) for name in CAST}


@pytest.mark.parametrize("cast", CAST)
def test_user_visibility_predicate_and_queryset_agree(cast, everyone):
    viewer = everyone[cast]
    visible = set(User.objects.visible_to(viewer))
    for target in User.objects.all():
        assert permissions.can_view_user(viewer, target) == (target in visible), target


@pytest.mark.parametrize("cast", CAST)
def test_organization_predicates_and_querysets_agree(cast, everyone):
    viewer = everyone[cast]
    visible = set(Organization.objects.visible_to(viewer))
    editable = set(Organization.objects.editable_by(viewer))
    for organization in Organization.objects.all():
        assert permissions.can_view_organization(viewer, organization) == (organization in visible)
        assert permissions.can_edit_organization(viewer, organization) == (organization in editable)


@pytest.mark.parametrize("cast", CAST)
def test_user_edit_predicate_and_queryset_agree(cast, everyone):
    viewer = everyone[cast]
    editable = set(User.objects.editable_by(viewer))
    for target in User.objects.all():
        assert permissions.can_edit_user(viewer, target) == (target in editable)


def test_only_the_secretariat_manages_users_and_organisations(everyone):
    for name, user in everyone.items():
        assert permissions.can_manage_users(user) == (name == "secretariat")
        assert permissions.can_manage_organizations(user) == (name == "secretariat")


def test_anonymous_sees_no_user_and_no_organisation(everyone, alpha):
    anonymous = AnonymousUser()
    assert not User.objects.visible_to(anonymous).exists()
    assert not Organization.objects.visible_to(anonymous).exists()
    assert not permissions.can_view_organization(anonymous, alpha)
    assert not permissions.can_manage_users(anonymous)


def test_members_are_shown_to_colleagues_and_secretariat_only(everyone, alpha):
    assert permissions.can_view_members(everyone["ptf"], alpha)
    assert permissions.can_view_members(everyone["secretariat"], alpha)
    assert not permissions.can_view_members(everyone["other_ptf"], alpha)
    assert not permissions.can_view_members(everyone["viewer"], alpha)


def test_secretariat_cannot_deactivate_themselves(everyone):
    secretariat = everyone["secretariat"]
    assert not permissions.can_deactivate_user(secretariat, secretariat)
    assert permissions.can_deactivate_user(secretariat, everyone["ptf"])
    assert not permissions.can_deactivate_user(everyone["ptf"], everyone["other_ptf"])


def test_a_deactivated_secretariat_member_loses_every_right(everyone, alpha):
    secretariat = everyone["secretariat"]
    secretariat.is_active = False
    assert not permissions.can_manage_users(secretariat)
    assert not User.objects.visible_to(secretariat).exists()
    assert not permissions.can_view_organization(secretariat, alpha)


@pytest.mark.parametrize("cast", CAST)
def test_invitation_predicate_and_queryset_agree(cast, everyone, invite, alpha):
    invite(alpha)
    viewer = everyone[cast]
    visible = set(Invitation.objects.visible_to(viewer))
    for invitation in Invitation.objects.all():
        assert permissions.can_manage_invitation(viewer, invitation) == (invitation in visible)
    assert bool(visible) == (cast == "secretariat")
