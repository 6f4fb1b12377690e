"""Two submissions of one invitation link at the same moment: exactly one wins."""

import threading

import pytest
from django.db import connection

from seg_portal.accounts import services
from seg_portal.accounts.models import User
from tests.accounts.conftest import token_from

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks need PostgreSQL; SQLite serialises writers anyway",
    ),
]


def test_a_link_submitted_twice_at_once_is_accepted_once(invite, alpha, mailoutbox):
    invite(alpha)
    token = token_from(mailoutbox[0])
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def submit(password: str) -> None:
        barrier.wait()
        try:
            services.accept_invitation(token=token, password=password)
            outcomes.append(password)
        except services.InvitationRefused as refusal:
            outcomes.append(refusal.reason)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=submit, args=(password,))
        for password in ("First-Password-2026", "Second-Password-2026")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes).count(services.InvitationRefused.USED) == 1
    winner = next(outcome for outcome in outcomes if outcome != services.InvitationRefused.USED)
    assert User.objects.get(email="new.person@test.example").check_password(winner)
