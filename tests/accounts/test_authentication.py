"""Logging in: no sign-up, deactivation, password reset, throttling, admin, two-factor."""

import re
import time

import pytest
import time_machine
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.urls import reverse

from seg_portal.accounts import services
from seg_portal.accounts.models import User
from seg_portal.accounts.roles import Role
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def totp_code(secret: str, *, offset: int = 0) -> str:
    """What an authenticator application shows for ``secret`` now (plus ``offset`` periods)."""
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD + offset
    return format_hotp_value(hotp_value(secret, counter))


def secret_of(user) -> str:
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    return decrypt(authenticator.data["secret"])


def log_in(client, user, password=TEST_PASSWORD):
    return client.post(LOGIN, {"login": user.email, "password": password})


def test_login_page_offers_no_sign_up(client):
    response = client.get(LOGIN)
    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("account_signup") not in html
    assert "demandez au secrétariat une invitation" in html


def test_sign_up_is_closed(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "x@test.example", "password1": "Baobab-2026!", "password2": "Baobab-2026!"},
    )
    assert response.status_code == 200
    assert "account/signup_closed.html" in [t.name for t in response.templates]
    assert not User.objects.filter(email="x@test.example").exists()


def test_ptf_logs_in_with_email_and_password(client, ptf):
    response = log_in(client, ptf)
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert int(client.session["_auth_user_id"]) == ptf.pk


def test_a_deactivated_user_cannot_log_in(client, ptf):
    ptf.is_active = False
    ptf.save()
    response = log_in(client, ptf)
    assert response.status_code == 302
    assert response.url == reverse("account_inactive")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("home")).status_code == 302


def test_deactivation_ends_an_open_session(client_for, secretariat, ptf):
    client = client_for(ptf)
    assert client.get(reverse("home")).status_code == 200
    services.deactivate_user(user=ptf, by=secretariat)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


def test_password_reset_email_link_lets_the_user_choose_a_new_password(client, ptf, mailoutbox):
    response = client.post(reverse("account_reset_password"), {"email": ptf.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", mailoutbox[0].body)
    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    new_password = "Fleuve-Niger-2026"
    done = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link.group(1),
        {"password1": new_password, "password2": new_password},
    )
    assert done.status_code == 302
    ptf.refresh_from_db()
    assert ptf.check_password(new_password)
    assert log_in(client, ptf, new_password).url == reverse("home")


def test_password_reset_for_an_unknown_address_sends_nothing_revealing(client, mailoutbox):
    response = client.post(reverse("account_reset_password"), {"email": "nobody@test.example"})
    assert response.status_code == 302
    assert all("reset/key" not in message.body for message in mailoutbox)


def test_failed_logins_for_one_address_are_throttled(client, ptf, settings):
    """ACCOUNT_RATE_LIMITS['login_failed'] is 5 failures per address every 5 minutes."""
    assert settings.ACCOUNT_RATE_LIMITS["login_failed"].endswith("5/5m/key")
    for _attempt in range(5):
        response = log_in(client, ptf, "wrong password")
        assert response.status_code == 200
    blocked = log_in(client, ptf)
    assert blocked.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Trop de tentatives" in blocked.content.decode()


def test_too_many_login_requests_answer_429(client, ptf):
    """The per-IP 'login' limit of allauth (30 a minute) answers 429 Too Many Requests."""
    statuses = [log_in(client, ptf, f"guess {n}").status_code for n in range(31)]
    assert 429 not in statuses[:30]
    assert statuses[30] == 429
    assert "Trop de tentatives" in log_in(client, ptf).content.decode()


def test_admin_login_goes_through_allauth(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    login = client.get(response.url)
    assert login.status_code == 302
    assert login.url.startswith(LOGIN)


def test_secretariat_staff_reaches_the_admin(client_for, secretariat):
    secretariat.is_staff = secretariat.is_superuser = True  # as invite_user and seed_demo set it
    secretariat.save()
    assert client_for(secretariat).get("/admin/").status_code == 200


def test_ptf_is_refused_the_admin_login(client_for, ptf):
    response = client_for(ptf).get("/admin/", follow=True)
    assert response.status_code == 403
    assert response.redirect_chain == [("/admin/login/?next=/admin/", 302)]


# --- Two-factor authentication ----------------------------------------------------------------


@pytest.fixture
def secretariat_without_totp(seg):
    return UserFactory(email="new.sg@test.example", organization=seg, role=Role.SECRETARIAT)


def test_secretariat_member_without_totp_is_sent_to_enrolment(client_for, secretariat_without_totp):
    response = client_for(secretariat_without_totp).get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_activate_totp"))


def test_secretariat_member_with_totp_is_let_through(client_for, secretariat):
    assert client_for(secretariat).get(reverse("home")).status_code == 200


def test_other_roles_may_work_without_totp(client_for, ptf):
    response = client_for(ptf).get(reverse("home"))
    assert response.status_code == 200
    assert "Activer l&#x27;authentification à deux facteurs" in response.content.decode()


def test_secretariat_enrols_totp_then_logs_in_with_a_code(client, secretariat_without_totp):
    user = secretariat_without_totp
    with time_machine.travel("2026-05-04 08:00:05 +0000", tick=False) as traveller:
        assert log_in(client, user).status_code == 302
        blocked = client.get(reverse("accounts:user_list"))
        assert blocked.url.startswith(reverse("mfa_activate_totp"))
        # allauth asks for the password again before any change to the second factors.
        reauthenticate = client.get(blocked.url)
        assert reauthenticate.url.startswith(reverse("account_reauthenticate"))
        client.post(reauthenticate.url, {"password": TEST_PASSWORD})
        page = client.get(reverse("mfa_activate_totp"))
        secret = page.context["form"].secret
        wrong = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
        assert wrong.status_code == 200
        enrolled = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
        assert enrolled.status_code == 302
        assert secret_of(user) == secret
        assert Authenticator.objects.filter(
            user=user, type=Authenticator.Type.RECOVERY_CODES
        ).exists()
        assert client.get(reverse("accounts:user_list")).status_code == 200

        client.post(reverse("account_logout"))
        traveller.shift(60)
        after_password = log_in(client, user)
        assert after_password.url == reverse("mfa_authenticate")
        assert "_auth_user_id" not in client.session
        bad = client.post(reverse("mfa_authenticate"), {"code": "123456"})
        assert "_auth_user_id" not in client.session
        assert bad.status_code == 200
        good = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
        assert good.status_code == 302
        assert int(client.session["_auth_user_id"]) == user.pk
        assert client.get(reverse("accounts:user_list")).status_code == 200


def test_a_recovery_code_replaces_the_authenticator_once(client, secretariat):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    codes = RecoveryCodes.activate(secretariat).get_unused_codes()
    assert log_in(client, secretariat).url == reverse("mfa_authenticate")
    client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert int(client.session["_auth_user_id"]) == secretariat.pk
    client.post(reverse("account_logout"))
    log_in(client, secretariat)
    client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "url_name",
    [
        "account_change_password",
        "mfa_index",
        "account_reauthenticate",
    ],
)
def test_account_pages_use_the_portal_layout(client_for, ptf, url_name):
    response = client_for(ptf).get(reverse(url_name))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="site-header"' in html
    assert 'class="button' in html


@pytest.mark.parametrize(
    "url_name", ["account_reset_password", "account_login", "account_reset_password_done"]
)
def test_anonymous_account_pages_use_the_portal_layout(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert 'class="site-header"' in response.content.decode()
