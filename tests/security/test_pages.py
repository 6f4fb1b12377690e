"""Error pages, the document language, and the language switch's redirect target."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def failing_urls(settings):
    settings.ROOT_URLCONF = "tests.security.urls"


@pytest.fixture
def quiet_client() -> Client:
    """A browser's view: a server error gives the 500 page, not an exception in the test."""
    return Client(raise_request_exception=False)


def test_server_error_shows_the_portals_500_page_without_details(failing_urls, quiet_client):
    response = quiet_client.get("/test-only/broken/")
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert "Une erreur est survenue" in html
    assert "RuntimeError" not in html
    assert "a bug in a view" not in html
    assert "Traceback" not in html


def test_server_error_page_for_a_logged_in_user_shows_no_details_either(
    failing_urls, quiet_client, ptf
):
    quiet_client.force_login(ptf)
    response = quiet_client.get("/test-only/broken/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Une erreur est survenue" in html
    assert "a bug in a view" not in html


def test_permission_denied_shows_the_portals_403_page(failing_urls, client):
    response = client.get("/test-only/forbidden/")
    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert "Vous ne pouvez pas effectuer cette action" in html


def test_unknown_url_shows_the_portals_404_page_in_french(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert "Page introuvable" in html


def test_unknown_url_shows_the_404_page_in_english_after_switching(client):
    client.post(reverse("switch_language"), {"language": "en", "next": "/"})
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Page not found" in html


@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/accounts/password/reset/"])
def test_pages_are_in_french_by_default(client, url):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert response.status_code == 200
    assert '<html lang="fr">' in response.content.decode()
    assert response.headers["Content-Language"] == "fr"


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example/",
        "///evil.example/",
        "/\\evil.example/",
        "\\\\evil.example/",
        "http:evil.example",
        "javascript:alert(1)",
        "https://testserver.evil.example/",
    ],
)
@pytest.mark.parametrize("cast", [None, "ptf", "viewer"])
def test_language_switch_refuses_offsite_next(client_for, cast, request, next_url):
    user = request.getfixturevalue(cast) if cast else None
    response = client_for(user).post(
        reverse("switch_language"), {"language": "en", "next": next_url}
    )
    assert response.status_code == 302
    assert response.url == "/"


def test_language_switch_keeps_an_onsite_next(client):
    response = client.post(
        reverse("switch_language"), {"language": "en", "next": "/accounts/login/?next=/home/"}
    )
    assert response.url == "/accounts/login/?next=/home/"


def test_language_switch_ignores_an_unknown_language(client):
    response = client.post(reverse("switch_language"), {"language": "xx", "next": "/"})
    assert response.cookies["seg_language"].value == "fr"


def test_language_switch_refuses_get(client):
    assert client.get(reverse("switch_language"), {"language": "en"}).status_code == 405
