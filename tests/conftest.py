"""The cast every test uses (STYLE.md §11), defined once."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

from seg_portal.accounts.models import Organization
from seg_portal.accounts.roles import Role
from tests.factories import OrganizationFactory, UserFactory


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    _clear_own_cache()
    yield
    _clear_own_cache()


def _clear_own_cache() -> None:
    """Empty this test process's cache entries only.

    On Redis, ``cache.clear()`` flushes the whole database, including the entries (rate-limit
    counters…) of the other xdist worker's running test; each worker has its own key prefix.
    """
    backend = caches["default"]  # ``cache`` is a proxy: isinstance needs the backend itself
    if not isinstance(backend, RedisCache):
        backend.clear()
        return
    client = backend._cache.get_client(write=True)
    keys = list(client.scan_iter(match=f"{backend.key_prefix}:*"))
    if keys:
        client.delete(*keys)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def enrol_totp(user) -> Authenticator:
    """Give a user a TOTP authenticator, as the secretariat must have one."""
    return TOTP.activate(user, generate_totp_secret()).instance


@pytest.fixture
def seg(db) -> Organization:
    return OrganizationFactory(
        acronym="SEG", name="Secrétariat exécutif", kind=Organization.Kind.SECRETARIAT
    )


@pytest.fixture
def alpha(db) -> Organization:
    return OrganizationFactory(
        acronym="ALPHA", name="Alpha Cooperation", iati_identifier="XM-ALPHA"
    )


@pytest.fixture
def beta(db) -> Organization:
    return OrganizationFactory(
        acronym="BETA", name="Beta Development Agency", iati_identifier="XM-BETA"
    )


@pytest.fixture
def government(db) -> Organization:
    return OrganizationFactory(
        acronym="MEF",
        name="Ministère de l'Économie et des Finances",
        kind=Organization.Kind.GOVERNMENT,
    )


@pytest.fixture
def secretariat(seg):
    user = UserFactory(email="secretariat@test.example", organization=seg, role=Role.SECRETARIAT)
    enrol_totp(user)
    return user


@pytest.fixture
def ptf(alpha):
    return UserFactory(email="ptf@test.example", organization=alpha, role=Role.PTF)


@pytest.fixture
def other_ptf(beta):
    return UserFactory(email="outsider@test.example", organization=beta, role=Role.PTF)


@pytest.fixture
def lead(alpha):
    """Alpha staff who leads a thematic group (the coordination tests give them the group)."""
    return UserFactory(email="lead@test.example", organization=alpha, role=Role.PTF)


@pytest.fixture
def viewer(government):
    return UserFactory(email="viewer@test.example", organization=government, role=Role.VIEWER)


@pytest.fixture
def client_for(client):
    """``client_for(user)``: the test client logged in as that user (``None`` stays anonymous)."""

    def login(user):
        if user is not None:
            client.force_login(user)
        return client

    return login


@pytest.fixture
def regions(db):
    """Mali's regions, as the migration loads them (tests run without migrations)."""
    from aid_tracking.models import Region
    from aid_tracking.reference.regions import load_regions

    load_regions(Region)
    return {region.code: region for region in Region.objects.all()}
