"""Invitations: sent in the invitee's language, used once, refused clearly otherwise."""

from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from seg_portal.accounts import services
from seg_portal.accounts.models import Invitation, User
from seg_portal.accounts.roles import Role
from tests.accounts.conftest import token_from

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Baobab-de-Kayes-2026"


def accept_url(token: str) -> str:
    return reverse("accounts:invitation_accept", args=[token])


def test_invitation_creates_an_inactive_account_and_emails_a_link(invite, alpha, mailoutbox):
    sent = invite(alpha)
    user = User.objects.get(email="new.person@test.example")
    assert not user.is_active
    assert not user.has_usable_password()
    assert user.organization == alpha
    assert user.role == Role.PTF
    assert not user.is_staff
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["new.person@test.example"]
    assert sent.url in mailoutbox[0].body
    assert sent.url in mailoutbox[0].alternatives[0][0]


def test_only_a_hash_of_the_token_is_stored(invite, alpha, mailoutbox):
    invite(alpha)
    token = token_from(mailoutbox[0])
    invitation = Invitation.objects.get()
    assert token not in invitation.token_hash
    assert invitation.token_hash == services.hash_token(token)


def test_invitation_email_is_written_in_the_invitees_language(invite, alpha, mailoutbox):
    invite(alpha, email="fr@test.example", language="fr")
    invite(alpha, email="en@test.example", language="en")
    french, english = mailoutbox
    assert french.subject == "Votre invitation sur le Portail SEG"
    assert "Bonjour Awa" in french.body
    assert "Hello Awa" in english.body
    assert "Your invitation" in english.subject


def test_invitation_expires_after_the_configured_number_of_days(invite, alpha, settings):
    settings.INVITATION_VALID_DAYS = 3
    with time_machine.travel("2026-03-02 09:00 +0000", tick=False):
        sent = invite(alpha)
    assert sent.invitation.expires_at == timezone.now().replace(
        year=2026, month=3, day=5, hour=9, minute=0, second=0, microsecond=0
    )


def test_invitee_chooses_a_password_and_is_logged_in(client, invite, alpha, mailoutbox):
    invite(alpha)
    token = token_from(mailoutbox[0])
    page = client.get(accept_url(token))
    assert page.status_code == 200
    assert page.headers["Referrer-Policy"] == "same-origin"
    response = client.post(
        accept_url(token), {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("home")
    user = User.objects.get(email="new.person@test.example")
    assert user.is_active
    assert user.check_password(NEW_PASSWORD)
    assert EmailAddress.objects.get(user=user).verified
    assert int(client.session["_auth_user_id"]) == user.pk
    assert Invitation.objects.get().used_at is not None
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert "Bienvenue, Awa" in home.content.decode()


def test_password_validators_apply_to_the_invitee(client, invite, alpha, mailoutbox):
    invite(alpha)
    token = token_from(mailoutbox[0])
    response = client.post(accept_url(token), {"new_password1": "123", "new_password2": "123"})
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    assert not User.objects.get(email="new.person@test.example").is_active


def test_a_link_used_twice_is_refused_with_a_clear_message(client, invite, alpha, mailoutbox):
    invite(alpha)
    token = token_from(mailoutbox[0])
    data = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    client.post(accept_url(token), data)
    client.logout()
    response = client.get(accept_url(token))
    assert response.status_code == 410
    assert "déjà été utilisée" in response.content.decode()
    again = client.post(accept_url(token), {**data, "new_password1": "x" + NEW_PASSWORD})
    assert again.status_code == 410
    user = User.objects.get(email="new.person@test.example")
    assert user.check_password(NEW_PASSWORD)


def test_an_expired_link_is_refused(client, invite, alpha, mailoutbox, settings):
    settings.INVITATION_VALID_DAYS = 7
    with time_machine.travel("2026-03-02 09:00 +0000", tick=False):
        invite(alpha)
    token = token_from(mailoutbox[0])
    with time_machine.travel("2026-03-09 08:59 +0000", tick=False):
        assert client.get(accept_url(token)).status_code == 200
    with time_machine.travel("2026-03-09 09:01 +0000", tick=False):
        response = client.post(
            accept_url(token), {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
        )
    assert response.status_code == 410
    assert "expiré" in response.content.decode()
    assert not User.objects.get(email="new.person@test.example").is_active


def test_an_unknown_token_is_refused_without_a_generic_404(client, invite, alpha):
    invite(alpha)
    response = client.get(accept_url("not-a-real-token"))
    assert response.status_code == 404
    assert "pas valide" in response.content.decode()
    assert "Page introuvable" not in response.content.decode()


def test_resending_makes_the_previous_link_stop_working(
    client, invite, alpha, mailoutbox, secretariat, django_capture_on_commit_callbacks
):
    invite(alpha)
    user = User.objects.get(email="new.person@test.example")
    with django_capture_on_commit_callbacks(execute=True):
        services.resend_invitation(user=user, by=secretariat)
    first, second = token_from(mailoutbox[0]), token_from(mailoutbox[1])
    assert first != second
    assert client.get(accept_url(first)).status_code == 410
    assert client.get(accept_url(second)).status_code == 200


def test_a_revoked_link_is_refused(client, invite, alpha, mailoutbox, secretariat):
    sent = invite(alpha)
    services.revoke_invitation(invitation=sent.invitation, by=secretariat)
    response = client.get(accept_url(token_from(mailoutbox[0])))
    assert response.status_code == 410
    assert "retirée" in response.content.decode()


def test_an_accepted_invitation_cannot_be_resent(invite, alpha, mailoutbox, secretariat):
    invite(alpha)
    services.accept_invitation(token=token_from(mailoutbox[0]), password=NEW_PASSWORD)
    user = User.objects.get(email="new.person@test.example")
    with pytest.raises(ValidationError):
        services.resend_invitation(user=user, by=secretariat)


@pytest.mark.parametrize(
    ("role", "organization_fixture"),
    [
        (Role.PTF, "government"),
        (Role.PTF, "seg"),
        (Role.VIEWER, "alpha"),
        (Role.SECRETARIAT, "alpha"),
        (Role.SECRETARIAT, "government"),
    ],
)
def test_a_role_that_does_not_fit_the_organisation_is_refused(
    role, organization_fixture, request, secretariat
):
    organization = request.getfixturevalue(organization_fixture)
    with pytest.raises(ValidationError):
        services.invite_user(
            by=secretariat,
            email="wrong@test.example",
            first_name="A",
            last_name="B",
            organization=organization,
            role=role,
            language="fr",
        )
    assert not User.objects.filter(email="wrong@test.example").exists()


def test_the_same_email_cannot_be_invited_twice(invite, alpha):
    invite(alpha)
    with pytest.raises(ValidationError):
        invite(alpha, email="NEW.person@test.example")


def test_deactivating_an_invitee_revokes_their_link(client, invite, alpha, mailoutbox, secretariat):
    invite(alpha)
    user = User.objects.get(email="new.person@test.example")
    services.deactivate_user(user=user, by=secretariat)
    assert client.get(accept_url(token_from(mailoutbox[0]))).status_code == 410


def test_expiry_is_after_creation_in_the_database(secretariat, ptf):
    from django.db import IntegrityError, transaction

    now = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        Invitation.objects.create(
            user=ptf, token_hash="x" * 64, created_at=now, expires_at=now - timedelta(days=1)
        )


def test_an_invited_secretariat_member_gets_the_admin(invite, seg):
    invite(seg, email="sg2@test.example", role=Role.SECRETARIAT)
    user = User.objects.get(email="sg2@test.example")
    assert user.is_staff
    assert user.is_superuser


def test_an_invited_secretariat_member_is_sent_to_two_factor_enrolment(
    client, invite, seg, mailoutbox
):
    invite(seg, email="sg2@test.example", role=Role.SECRETARIAT)
    token = token_from(mailoutbox[0])
    client.post(accept_url(token), {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_activate_totp"))
