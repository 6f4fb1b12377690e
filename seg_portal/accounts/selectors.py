"""Every read of users, organisations and invitations, already filtered by the viewer."""

from allauth.mfa.models import Authenticator
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from seg_portal.accounts import permissions
from seg_portal.accounts.models import Invitation, Organization, User


def _has_totp() -> Exists:
    return Exists(
        Authenticator.objects.filter(user_id=OuterRef("pk"), type=Authenticator.Type.TOTP)
    )


def _pending_invitations() -> Exists:
    return Exists(Invitation.objects.pending().filter(user_id=OuterRef("pk")))


def list_users(
    *,
    user: User,
    organization: Organization | None = None,
    role: str = "",
    active: bool | None = None,
    two_factor: bool | None = None,
    q: str = "",
) -> QuerySet[User]:
    users = (
        User.objects.visible_to(user)
        .select_related("organization")
        .annotate(has_totp=_has_totp(), invitation_pending=_pending_invitations())
    )
    if organization is not None:
        users = users.filter(organization=organization)
    if role:
        users = users.filter(role=role)
    if active is not None:
        users = users.filter(is_active=active)
    if two_factor is not None:
        users = users.filter(has_totp=two_factor)
    for word in q.split():
        users = users.filter(
            Q(email__icontains=word)
            | Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(job_title__icontains=word)
        )
    return users.order_by("last_name", "first_name", "email")


def get_user(*, user: User, pk: int) -> User:
    """A user the viewer may see, else 404 (whether missing or not visible)."""
    try:
        return (
            User.objects.visible_to(user)
            .select_related("organization")
            .annotate(has_totp=_has_totp())
            .get(pk=pk)
        )
    except User.DoesNotExist:
        raise Http404 from None


def invitations_of(*, user: User, invitee: User) -> QuerySet[Invitation]:
    return (
        Invitation.objects.visible_to(user)
        .filter(user=invitee)
        .select_related("invited_by")
        .order_by("-created_at")
    )


def get_invitation(*, user: User, pk: int) -> Invitation:
    try:
        return Invitation.objects.visible_to(user).select_related("user").get(pk=pk)
    except Invitation.DoesNotExist:
        raise Http404 from None


def pending_invitations(*, user: User, limit: int | None = None) -> QuerySet[Invitation]:
    invitations = (
        Invitation.objects.visible_to(user)
        .pending()
        .select_related("user", "user__organization")
        .order_by("expires_at")
    )
    return invitations[:limit] if limit else invitations


def users_without_totp(*, user: User) -> QuerySet[User]:
    """Active members who have not set up two-factor authentication."""
    return (
        User.objects.visible_to(user)
        .filter(is_active=True)
        .annotate(has_totp=_has_totp())
        .filter(has_totp=False)
        .select_related("organization")
        .order_by("last_name", "first_name")
    )


def has_totp(user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def list_organizations(*, user: User, kind: str = "", q: str = "") -> QuerySet[Organization]:
    organizations = Organization.objects.visible_to(user)
    if kind:
        organizations = organizations.filter(kind=kind)
    for word in q.split():
        organizations = organizations.filter(
            Q(name__icontains=word)
            | Q(acronym__icontains=word)
            | Q(iati_identifier__icontains=word)
        )
    return organizations.order_by("acronym")


def get_organization(*, user: User, pk: int) -> Organization:
    try:
        return Organization.objects.visible_to(user).get(pk=pk)
    except Organization.DoesNotExist:
        raise Http404 from None


def organization_members(*, user: User, organization: Organization) -> QuerySet[User]:
    """The active members of an organisation, for those allowed to see them; otherwise none."""
    if not permissions.can_view_members(user, organization):
        return User.objects.none()
    return (
        User.objects.visible_to(user)
        .filter(organization=organization, is_active=True)
        .order_by("last_name", "first_name")
    )
