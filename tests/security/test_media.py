"""Uploaded files are never served by URL: downloads go through permission-checked views."""

import pytest

pytestmark = pytest.mark.django_db

SECRET = b"internal minutes of the Troika"


@pytest.fixture
def uploaded_file(settings):
    media = settings.MEDIA_ROOT
    (media / "documents").mkdir(parents=True)
    (media / "documents" / "minutes.pdf").write_bytes(SECRET)
    return "documents/minutes.pdf"


@pytest.mark.parametrize(
    "prefix",
    ["/media/", "/media-not-served/", "/static/", "/static/../media/", "/uploads/", "/"],
)
@pytest.mark.parametrize("debug", [False, True])
def test_no_url_serves_a_file_from_media_root(client, settings, uploaded_file, prefix, debug):
    settings.DEBUG = debug
    response = client.get(prefix + uploaded_file)
    assert response.status_code == 404
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert SECRET not in body


@pytest.mark.parametrize("cast", ["ptf", "other_ptf", "viewer", "secretariat"])
def test_logged_in_users_cannot_fetch_media_by_url_either(client_for, cast, request, uploaded_file):
    client = client_for(request.getfixturevalue(cast))
    for prefix in ("/media/", "/media-not-served/"):
        assert client.get(prefix + uploaded_file).status_code == 404


def test_media_url_is_not_a_prefix_any_url_pattern_serves(settings):
    from django.urls import Resolver404, resolve

    with pytest.raises(Resolver404):
        resolve(settings.MEDIA_URL + "documents/minutes.pdf")
