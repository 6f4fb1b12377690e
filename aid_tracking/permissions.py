"""Who may do what with aid activities (DESIGN.md), as predicates and their queryset twins.

- A published activity is visible according to its ``visibility``: by default ``public``
  (anyone, including anonymous visitors); the secretariat may restrict it to ``partners``
  (every logged-in user: PTF staff, Government and civil-society viewers) or ``internal``
  (secretariat and PTF staff).
- A draft is visible only to the users of its reporting organisation and to the secretariat.
- PTF staff edit (and publish, unpublish, delete drafts of) their own organisation's activities
  only; the secretariat edits everything and alone enters exchange rates and sets visibility.
- Aggregate figures (dashboards, totals) count published activities visible to the reader.

The predicates take the user (or ``AnonymousUser``) and the object; ``visible_activities_q`` and
``editable_activities_q`` express the same rules as filters for ``Activity.objects``.
"""

from django.db.models import Q

from seg_portal.accounts.roles import Role, visibilities_for


def _is_member(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.organization_id)


def visible_activities_q(user) -> Q:
    from aid_tracking.models import Activity

    if user.is_authenticated and user.is_secretariat:
        return Q()
    published = Q(publication_status=Activity.PublicationStatus.PUBLISHED) & Q(
        visibility__in=visibilities_for(user)
    )
    if _is_member(user):
        return published | Q(reporting_organization_id=user.organization_id)
    return published


def editable_activities_q(user) -> Q:
    if not (user.is_authenticated and user.is_active):
        return Q(pk__in=[])
    if user.is_secretariat:
        return Q()
    if user.role == Role.PTF and user.organization_id:
        return Q(reporting_organization_id=user.organization_id)
    return Q(pk__in=[])


def can_view_activity(user, activity) -> bool:
    if user.is_authenticated and user.is_secretariat:
        return True
    if _is_member(user) and activity.reporting_organization_id == user.organization_id:
        return True
    return activity.is_published and activity.visibility in visibilities_for(user)


def can_create_activity(user) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_secretariat or (user.role == Role.PTF and user.organization_id))
    )


def can_edit_activity(user, activity) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_secretariat:
        return True
    return bool(
        user.role == Role.PTF
        and user.organization_id
        and activity.reporting_organization_id == user.organization_id
    )


def can_publish_activity(user, activity) -> bool:
    return can_edit_activity(user, activity)


def can_delete_activity(user, activity) -> bool:
    """Only drafts are deleted; a published activity is unpublished first."""
    return can_edit_activity(user, activity) and not activity.is_published


def can_set_activity_visibility(user, activity) -> bool:
    return bool(user.is_authenticated and user.is_secretariat)


def can_view_history(user, activity) -> bool:
    """The history shows who changed what: for those who may edit the activity."""
    return can_edit_activity(user, activity)


def can_manage_exchange_rates(user) -> bool:
    return bool(user.is_authenticated and user.is_secretariat)


def can_view_data_quality(user, organization) -> bool:
    """PTF staff see their own organisation's data quality; the secretariat sees every PTF's."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_secretariat or (user.is_ptf and user.organization_id == organization.pk)
