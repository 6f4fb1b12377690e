"""seed_demo leaves a demo secretariat that can log in, and demo_totp_code gives its code."""

import time
from io import StringIO

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.core.management import CommandError, call_command
from django.urls import reverse

from seg_portal.accounts import demo
from seg_portal.accounts.models import User

pytestmark = pytest.mark.django_db

SECRET = "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU"


@pytest.fixture(autouse=True)
def _development(settings):
    """The demo commands are for development machines (pytest-django turns DEBUG off)."""
    settings.DEBUG = True


def run(command: str, *args) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def test_seed_demo_twice_enrols_the_secretariat_once(monkeypatch):
    monkeypatch.setenv("DEMO_TOTP_SECRET", SECRET)
    first = run("seed_demo")
    run("seed_demo")
    user = User.objects.get(email=demo.DEMO_SECRETARIAT_EMAIL)
    authenticators = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP)
    assert authenticators.count() == 1
    assert decrypt(authenticators.get().data["secret"]) == SECRET
    assert "demo_totp_code" in first


def test_seed_demo_uses_the_documented_secret_by_default(monkeypatch):
    monkeypatch.delenv("DEMO_TOTP_SECRET", raising=False)
    run("seed_demo")
    user = User.objects.get(email=demo.DEMO_SECRETARIAT_EMAIL)
    secret = decrypt(Authenticator.objects.get(user=user, type="totp").data["secret"])
    assert secret == demo.DEFAULT_DEMO_TOTP_SECRET


def test_demo_totp_code_prints_what_an_authenticator_shows(monkeypatch):
    monkeypatch.setenv("DEMO_TOTP_SECRET", SECRET)
    run("seed_demo")
    code = run("demo_totp_code").strip()
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD
    expected = {format_hotp_value(hotp_value(SECRET, c)) for c in (counter, counter - 1)}
    assert code in expected


def test_demo_secretariat_logs_in_with_the_printed_code(client, monkeypatch):
    monkeypatch.setenv("DEMO_TOTP_SECRET", SECRET)
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    run("seed_demo")
    response = client.post(
        reverse("account_login"),
        {"login": demo.DEMO_SECRETARIAT_EMAIL, "password": "seg-demo-2026"},
    )
    assert response.url == reverse("mfa_authenticate")
    client.post(reverse("mfa_authenticate"), {"code": run("demo_totp_code").strip()})
    assert client.get(reverse("accounts:user_list")).status_code == 200


def test_demo_totp_code_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        run("demo_totp_code")


def test_demo_totp_code_runs_without_debug_when_forced(settings):
    run("seed_demo")
    settings.DEBUG = False
    assert len(run("demo_totp_code", "--force").strip()) == 6


def test_demo_totp_code_explains_a_missing_user():
    with pytest.raises(CommandError, match="seed_demo"):
        run("demo_totp_code")
