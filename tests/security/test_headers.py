"""Headers every response carries, whoever asks."""

import pytest
from django.urls import reverse

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

PAGES = ["/", "/accounts/login/", "/health/", "/no-such-page/"]


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_responses_forbid_framing_sniffing_and_cross_site_referrers(client, url):
    response = client.get(url)
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.parametrize("cast", ["ptf", "other_ptf", "viewer", "secretariat"])
def test_pages_of_logged_in_users_carry_the_same_headers(client_for, cast, request):
    response = client_for(request.getfixturevalue(cast)).get(reverse("home"))
    assert response.status_code == 200
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_session_and_language_cookies_are_same_site_and_session_is_out_of_reach_of_scripts(
    client, ptf
):
    response = client.post(
        reverse("account_login"), {"login": ptf.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"
    language = client.post(reverse("switch_language"), {"language": "en", "next": "/"})
    assert language.cookies["seg_language"]["samesite"] == "Lax"
