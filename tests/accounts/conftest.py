import re

import pytest

from seg_portal.accounts import services
from seg_portal.accounts.roles import Role

INVITATION_LINK = re.compile(r"https?://[^\s\"<>]+/people/invitation/(?P<token>[^/\s\"<>]+)/")


def token_from(message) -> str:
    """The invitation token of an e-mail, read as the invitee would read it."""
    return INVITATION_LINK.search(message.body).group("token")


@pytest.fixture
def invite(secretariat, django_capture_on_commit_callbacks):
    """``invite(organization, email=..., role=..., language=...)``: send an invitation for real."""

    def send(organization, *, email="new.person@test.example", role=Role.PTF, language="fr"):
        with django_capture_on_commit_callbacks(execute=True):
            return services.invite_user(
                by=secretariat,
                email=email,
                first_name="Awa",
                last_name="Diallo",
                organization=organization,
                role=role,
                language=language,
                job_title="Chargée de suivi",
            )

    return send
