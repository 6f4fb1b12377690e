"""Who sees and edits which activity: the predicates and their queryset twins agree."""

import pytest
from django.contrib.auth.models import AnonymousUser

from aid_tracking import permissions
from aid_tracking.models import Activity
from seg_portal.accounts.roles import Visibility
from tests.aid_tracking.factories import complete_activity

USERS = ["anonymous", "secretariat", "ptf", "lead", "other_ptf", "viewer"]

# Expected visibility per user for each of Alpha's activities.
EXPECTED_VISIBLE = {
    "draft": {"secretariat", "ptf", "lead"},
    "public": set(USERS),
    "partners": {"secretariat", "ptf", "lead", "other_ptf", "viewer"},
    "internal": {"secretariat", "ptf", "lead", "other_ptf"},
}
EXPECTED_EDITABLE = {"secretariat", "ptf", "lead"}


@pytest.fixture
def activities(reference_data, alpha):
    return {
        "draft": complete_activity(alpha, published=False),
        "public": complete_activity(alpha),
        "partners": complete_activity(alpha, visibility=Visibility.PARTNERS),
        "internal": complete_activity(alpha, visibility=Visibility.INTERNAL),
    }


@pytest.fixture
def cast(secretariat, ptf, lead, other_ptf, viewer):
    return {
        "anonymous": AnonymousUser(),
        "secretariat": secretariat,
        "ptf": ptf,
        "lead": lead,
        "other_ptf": other_ptf,
        "viewer": viewer,
    }


@pytest.mark.parametrize("who", USERS)
@pytest.mark.parametrize("kind", ["draft", "public", "partners", "internal"])
def test_visibility_predicate_and_queryset_agree(activities, cast, who, kind):
    user, activity = cast[who], activities[kind]
    expected = who in EXPECTED_VISIBLE[kind]
    assert permissions.can_view_activity(user, activity) is expected
    assert Activity.objects.visible_to(user).filter(pk=activity.pk).exists() is expected


@pytest.mark.parametrize("who", USERS)
@pytest.mark.parametrize("kind", ["draft", "public", "partners", "internal"])
def test_edit_predicate_and_queryset_agree(activities, cast, who, kind):
    user, activity = cast[who], activities[kind]
    expected = who in EXPECTED_EDITABLE
    assert permissions.can_edit_activity(user, activity) is expected
    assert Activity.objects.editable_by(user).filter(pk=activity.pk).exists() is expected
    assert permissions.can_publish_activity(user, activity) is expected
    assert permissions.can_view_history(user, activity) is expected
    assert permissions.can_delete_activity(user, activity) is (expected and kind == "draft")


@pytest.mark.parametrize("who", USERS)
def test_only_ptf_staff_and_the_secretariat_create_activities(cast, who):
    assert permissions.can_create_activity(cast[who]) is (who in EXPECTED_EDITABLE | {"other_ptf"})


@pytest.mark.parametrize("who", USERS)
def test_only_the_secretariat_manages_rates_and_visibility(activities, cast, who):
    assert permissions.can_manage_exchange_rates(cast[who]) is (who == "secretariat")
    assert permissions.can_set_activity_visibility(cast[who], activities["public"]) is (
        who == "secretariat"
    )


def test_a_deactivated_ptf_user_sees_only_public_activities(activities, ptf):
    ptf.is_active = False
    ptf.save()
    visible = set(Activity.objects.visible_to(ptf))
    assert visible == {activities["public"]}
    assert not permissions.can_view_activity(ptf, activities["draft"])
    assert not permissions.can_edit_activity(ptf, activities["public"])
    assert not Activity.objects.editable_by(ptf).exists()


def test_a_viewer_of_the_reporting_organisation_sees_its_drafts_but_cannot_edit(activities, alpha):
    from seg_portal.accounts.roles import Role
    from tests.factories import UserFactory

    reader = UserFactory(organization=alpha, role=Role.VIEWER)
    assert permissions.can_view_activity(reader, activities["draft"])
    assert Activity.objects.visible_to(reader).filter(pk=activities["draft"].pk).exists()
    assert not permissions.can_edit_activity(reader, activities["draft"])
    assert not Activity.objects.editable_by(reader).exists()
