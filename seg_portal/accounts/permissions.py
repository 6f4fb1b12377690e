"""Who may do what with users, organisations and invitations.

Each predicate has its queryset twin on the model's QuerySet (``visible_to`` / ``editable_by``);
tests/accounts/test_permissions.py checks that both agree for every role.
"""

from seg_portal.accounts.models import Invitation, Organization, User


def _is_member(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def can_manage_users(user) -> bool:
    """Invite, edit, deactivate and reactivate users: the secretariat only."""
    return _is_member(user) and user.is_secretariat


def can_manage_organizations(user) -> bool:
    """Create and edit organisations: the secretariat only."""
    return _is_member(user) and user.is_secretariat


def can_view_organization(user, organization: Organization) -> bool:
    """Any logged-in, active user may read an organisation's page."""
    return _is_member(user)


def can_edit_organization(user, organization: Organization) -> bool:
    return can_manage_organizations(user)


def can_view_members(user, organization: Organization) -> bool:
    """The people of an organisation are shown to the secretariat and to their colleagues."""
    return _is_member(user) and (user.is_secretariat or user.organization_id == organization.pk)


def can_view_user(user, target: User) -> bool:
    return _is_member(user) and (
        user.is_secretariat
        or target.pk == user.pk
        or (user.organization_id is not None and target.organization_id == user.organization_id)
    )


def can_edit_user(user, target: User) -> bool:
    return can_manage_users(user)


def can_deactivate_user(user, target: User) -> bool:
    """The secretariat may deactivate anyone but themselves (someone must remain to undo it)."""
    return can_manage_users(user) and target.pk != user.pk


def can_manage_invitation(user, invitation: Invitation) -> bool:
    return can_manage_users(user)
