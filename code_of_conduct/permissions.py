"""Who may do what in the Triple C (DESIGN.md): pure predicates; their queryset twins are in models.

- the secretariat manages the framework and campaigns, reviews, returns and validates assessments;
- PTF staff see their own organisation's assessments and edit them while open and not submitted;
- viewers and anonymous visitors see only the published aggregate, at its visibility.
"""

from code_of_conduct.models import Assessment, Campaign
from seg_portal.accounts.roles import visibilities_for


def can_manage_framework(user) -> bool:
    return user.is_authenticated and user.is_secretariat


def can_manage_campaigns(user) -> bool:
    return user.is_authenticated and user.is_secretariat


def can_view_assessment(user, assessment: Assessment) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_secretariat:
        return True
    return user.is_ptf and assessment.organization_id == user.organization_id


def can_edit_assessment(user, assessment: Assessment) -> bool:
    return (
        user.is_authenticated
        and user.is_ptf
        and assessment.organization_id == user.organization_id
        and assessment.campaign.is_open
        and assessment.status in Assessment.EDITABLE_STATUSES
    )


def can_review_assessment(user, assessment: Assessment) -> bool:
    return (
        user.is_authenticated
        and user.is_secretariat
        and assessment.status == Assessment.Status.SUBMITTED
    )


def can_view_scorecard(user, campaign: Campaign) -> bool:
    if user.is_authenticated and user.is_secretariat:
        return True
    return campaign.is_published and campaign.visibility in visibilities_for(user)


def can_see_names(user, campaign: Campaign) -> bool:
    """PTF are named to the secretariat, or to everyone once it has decided to name them."""
    return (user.is_authenticated and user.is_secretariat) or campaign.name_partners
