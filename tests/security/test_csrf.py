"""Every state-changing POST needs the CSRF token of the form it came from."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def strict_client() -> Client:
    return Client(enforce_csrf_checks=True)


def csrf_token_of(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]


def test_login_without_csrf_token_is_refused(strict_client, ptf):
    response = strict_client.post(
        reverse("account_login"), {"login": ptf.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 403
    assert "_auth_user_id" not in strict_client.session


def test_login_with_the_forms_csrf_token_works(strict_client, ptf):
    token = csrf_token_of(strict_client.get(reverse("account_login")).content.decode())
    response = strict_client.post(
        reverse("account_login"),
        {"login": ptf.email, "password": TEST_PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert strict_client.session["_auth_user_id"] == str(ptf.pk)


@pytest.mark.parametrize("cast", [None, "ptf", "other_ptf", "viewer", "secretariat"])
def test_language_switch_without_csrf_token_is_refused(strict_client, cast, request):
    if cast is not None:
        user = request.getfixturevalue(cast)
        strict_client.force_login(user)
    response = strict_client.post(reverse("switch_language"), {"language": "en", "next": "/"})
    assert response.status_code == 403
    assert "seg_language" not in response.cookies
    if cast is not None:
        user.refresh_from_db()
        assert user.language == "fr"


def test_language_switch_with_a_forged_csrf_token_is_refused(strict_client):
    strict_client.get("/")
    response = strict_client.post(
        reverse("switch_language"),
        {"language": "en", "next": "/", "csrfmiddlewaretoken": "x" * 64},
    )
    assert response.status_code == 403


def test_language_switch_with_the_pages_csrf_token_works(strict_client):
    token = csrf_token_of(strict_client.get("/").content.decode())
    response = strict_client.post(
        reverse("switch_language"), {"language": "en", "next": "/", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert response.cookies["seg_language"].value == "en"


def test_logout_without_csrf_token_keeps_the_user_logged_in(strict_client, ptf):
    strict_client.force_login(ptf)
    response = strict_client.post(reverse("account_logout"))
    assert response.status_code == 403
    assert strict_client.session["_auth_user_id"] == str(ptf.pk)
