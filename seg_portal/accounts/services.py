"""Every change to users, organisations and invitations."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from seg_portal.accounts.models import Invitation, Organization, User
from seg_portal.accounts.roles import Role

# What each role's organisation must be (DESIGN.md: who uses it).
ROLE_KINDS: dict[str, tuple[str, ...]] = {
    Role.SECRETARIAT: (Organization.Kind.SECRETARIAT,),
    Role.PTF: Organization.PTF_KINDS,
    Role.VIEWER: (Organization.Kind.GOVERNMENT, Organization.Kind.CSO),
}

ROLE_MISMATCH_MESSAGES = {
    Role.SECRETARIAT: _("A secretariat member must belong to the secretariat's organisation."),
    Role.PTF: _(
        "PTF staff must belong to a technical and financial partner: a bilateral or multilateral "
        "partner, or a UN agency."
    ),
    Role.VIEWER: _("A viewer must belong to a Government of Mali or civil society organisation."),
}


class InvitationRefused(Exception):
    """An invitation link that cannot be used; ``reason`` is one of the class constants."""

    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"
    REVOKED = "revoked"

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class SentInvitation:
    invitation: Invitation
    url: str


def check_role_matches_organization(*, role: str, organization: Organization | None) -> None:
    """Raise a ValidationError a person understands when a role does not fit the organisation."""
    if organization is None or organization.kind not in ROLE_KINDS[role]:
        raise ValidationError(ROLE_MISMATCH_MESSAGES[role], code="role_organization_mismatch")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _invitation_url(token: str) -> str:
    path = reverse("accounts:invitation_accept", args=[token])
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def _send_invitation_email(*, invitation: Invitation, url: str) -> None:
    user = invitation.user
    context = {
        "user": user,
        "invited_by": invitation.invited_by,
        "url": url,
        "expires_at": invitation.expires_at,
        "site_name": settings.SITE_NAME,
    }
    with translation.override(user.language):
        subject = render_to_string("emails/invitation_subject.txt", context)
        text = render_to_string("emails/invitation_body.txt", context)
        html = render_to_string("emails/invitation_body.html", context)
    message = EmailMultiAlternatives(subject=" ".join(subject.split()), body=text, to=[user.email])
    message.attach_alternative(html, "text/html")
    message.send()


def _issue_invitation(*, user: User, by: User) -> SentInvitation:
    now = timezone.now()
    Invitation.objects.filter(user=user).pending().update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        user=user,
        token_hash=hash_token(token),
        invited_by=by,
        created_at=now,
        expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    url = _invitation_url(token)
    # Sent after commit so that nobody receives a link to a row that was rolled back. The raw token
    # exists only in this closure and the e-mail, never in the database or a task broker.
    transaction.on_commit(lambda: _send_invitation_email(invitation=invitation, url=url))
    return SentInvitation(invitation=invitation, url=url)


@transaction.atomic
def invite_user(
    *,
    by: User,
    email: str,
    first_name: str,
    last_name: str,
    organization: Organization,
    role: str,
    language: str,
    job_title: str = "",
) -> SentInvitation:
    """Create the invitee's account (inactive, without a password) and e-mail them a link."""
    check_role_matches_organization(role=role, organization=organization)
    email = User.objects.normalize_email(email).lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(
            _("A user with this e-mail address already exists."), code="duplicate_email"
        )
    user = User.objects.create_user(
        email=email,
        password=None,
        first_name=first_name,
        last_name=last_name,
        organization=organization,
        role=role,
        language=language,
        job_title=job_title,
        is_active=False,
        is_staff=role == Role.SECRETARIAT,
        is_superuser=role == Role.SECRETARIAT,
    )
    EmailAddress.objects.create(user=user, email=email, verified=False, primary=True)
    return _issue_invitation(user=user, by=by)


@transaction.atomic
def resend_invitation(*, user: User, by: User) -> SentInvitation:
    """A new link (the previous ones stop working) for someone who has not accepted yet."""
    if user.has_usable_password():
        raise ValidationError(
            _("This person has already accepted an invitation."), code="already_accepted"
        )
    return _issue_invitation(user=user, by=by)


@transaction.atomic
def revoke_invitation(*, invitation: Invitation, by: User) -> None:
    Invitation.objects.filter(pk=invitation.pk, used_at=None, revoked_at=None).update(
        revoked_at=timezone.now()
    )


def find_invitation(*, token: str) -> Invitation:
    """The invitation of a link, or InvitationRefused saying why it cannot be used."""
    invitation = (
        Invitation.objects.select_related("user", "user__organization")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if invitation is None:
        raise InvitationRefused(InvitationRefused.UNKNOWN)
    if invitation.used_at is not None:
        raise InvitationRefused(InvitationRefused.USED)
    if invitation.revoked_at is not None:
        raise InvitationRefused(InvitationRefused.REVOKED)
    if invitation.is_expired:
        raise InvitationRefused(InvitationRefused.EXPIRED)
    return invitation


@transaction.atomic
def accept_invitation(*, token: str, password: str) -> User:
    """Set the invitee's password, activate the account and verify their e-mail address."""
    # Lock the row first: two submissions of the same link race here, and only one may win.
    locked = Invitation.objects.select_for_update().filter(token_hash=hash_token(token)).first()
    if locked is None:
        raise InvitationRefused(InvitationRefused.UNKNOWN)
    invitation = find_invitation(token=token)
    now = timezone.now()
    invitation.used_at = now
    invitation.save(update_fields=["used_at"])
    Invitation.objects.filter(user_id=invitation.user_id).pending().update(revoked_at=now)
    user = invitation.user
    user.set_password(password)
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
    EmailAddress.objects.filter(user=user).exclude(email__iexact=user.email).update(primary=False)
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


@transaction.atomic
def update_user(
    *, user: User, by: User, role: str, organization: Organization, job_title: str
) -> User:
    check_role_matches_organization(role=role, organization=organization)
    if user.pk == by.pk and role != Role.SECRETARIAT:
        raise ValidationError(_("You cannot remove your own secretariat role."), code="own_role")
    user.role = role
    user.organization = organization
    user.job_title = job_title
    user.is_staff = user.is_superuser = role == Role.SECRETARIAT
    user.save(update_fields=["role", "organization", "job_title", "is_staff", "is_superuser"])
    return user


@transaction.atomic
def deactivate_user(*, user: User, by: User) -> None:
    """The person can no longer log in; their open sessions end at their next request."""
    if user.pk == by.pk:
        raise ValidationError(_("You cannot deactivate your own account."), code="self")
    user.is_active = False
    user.save(update_fields=["is_active"])
    Invitation.objects.filter(user=user).pending().update(revoked_at=timezone.now())


@transaction.atomic
def reactivate_user(*, user: User, by: User) -> None:
    user.is_active = True
    user.save(update_fields=["is_active"])


ORGANIZATION_FIELDS = ("name", "acronym", "kind", "iati_identifier", "country", "website")


@transaction.atomic
def create_organization(
    *,
    by: User,
    name: str,
    acronym: str,
    kind: str,
    iati_identifier: str = "",
    country: str = "",
    website: str = "",
) -> Organization:
    organization = Organization(
        name=name,
        acronym=acronym,
        kind=kind,
        iati_identifier=iati_identifier,
        country=country,
        website=website,
    )
    organization.full_clean()
    organization.save()
    return organization


@transaction.atomic
def update_organization(
    *,
    organization: Organization,
    by: User,
    name: str,
    acronym: str,
    kind: str,
    iati_identifier: str = "",
    country: str = "",
    website: str = "",
) -> Organization:
    # A ModelForm may already have written the new kind on the instance: compare with the database.
    previous_kind = Organization.objects.values_list("kind", flat=True).get(pk=organization.pk)
    if kind != previous_kind:
        allowed_roles = [role for role, kinds in ROLE_KINDS.items() if kind in kinds]
        if organization.users.exclude(role__in=allowed_roles).exists():
            raise ValidationError(
                _(
                    "This organisation has members whose role does not fit the new kind. Change "
                    "their role or organisation first."
                ),
                code="kind_members_mismatch",
            )
    organization.name = name
    organization.acronym = acronym
    organization.kind = kind
    organization.iati_identifier = iati_identifier
    organization.country = country
    organization.website = website
    organization.full_clean()
    organization.save(update_fields=list(ORGANIZATION_FIELDS))
    return organization
