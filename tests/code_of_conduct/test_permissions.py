"""For every role, status and campaign state, each predicate agrees with its queryset."""

import pytest
from django.contrib.auth.models import AnonymousUser

from code_of_conduct import permissions
from code_of_conduct.models import Assessment, Campaign
from seg_portal.accounts.roles import Visibility
from tests.code_of_conduct.factories import make_assessment

ROLES = ["anonymous", "secretariat", "ptf", "lead", "other_ptf", "viewer"]


def user_for(request, role):
    return AnonymousUser() if role == "anonymous" else request.getfixturevalue(role)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("status", Assessment.Status.values)
@pytest.mark.parametrize("campaign_status", Campaign.Status.values)
def test_assessment_predicates_match_their_querysets(
    request, role, status, campaign_status, campaign, alpha
):
    Campaign.objects.filter(pk=campaign.pk).update(status=campaign_status)
    campaign.refresh_from_db()
    assessment = make_assessment(campaign, alpha, status=status)
    user = user_for(request, role)
    visible = Assessment.objects.visible_to(user).filter(pk=assessment.pk).exists()
    editable = Assessment.objects.editable_by(user).filter(pk=assessment.pk).exists()
    assert permissions.can_view_assessment(user, assessment) == visible
    assert permissions.can_edit_assessment(user, assessment) == editable
    assert visible == (role in ("secretariat", "ptf", "lead"))
    assert editable == (
        role in ("ptf", "lead")
        and campaign_status == Campaign.Status.OPEN
        and status in Assessment.EDITABLE_STATUSES
    )
    assert permissions.can_review_assessment(user, assessment) == (
        role == "secretariat" and status == Assessment.Status.SUBMITTED
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("visibility", [None, *Visibility.values])
def test_scorecard_predicate_matches_the_published_queryset(request, role, visibility, campaign):
    if visibility:
        Campaign.objects.filter(pk=campaign.pk).update(is_published=True, visibility=visibility)
        campaign.refresh_from_db()
    user = user_for(request, role)
    listed = Campaign.objects.published_to(user).filter(pk=campaign.pk).exists()
    assert permissions.can_view_scorecard(user, campaign) == listed
    if role == "anonymous":
        assert listed == (visibility == Visibility.PUBLIC)
    if role == "viewer":
        assert listed == (visibility in (Visibility.PARTNERS, Visibility.PUBLIC))
