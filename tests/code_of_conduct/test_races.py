"""Two reviewers act on one submitted assessment at once: only the first transition wins."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction

from code_of_conduct import services
from code_of_conduct.models import Assessment
from tests.code_of_conduct.factories import make_assessment, make_campaign, make_framework
from tests.factories import OrganizationFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks need PostgreSQL (SQLite locks the file)",
    ),
]


def test_return_waits_for_a_concurrent_validation_and_then_refuses():
    assessment = make_assessment(
        make_campaign(make_framework()),
        OrganizationFactory(acronym="RACE"),
        status=Assessment.Status.SUBMITTED,
    )
    validated = threading.Event()
    commit = threading.Event()
    outcome: dict[str, object] = {}

    def validate():
        try:
            with transaction.atomic():
                services.validate_assessment(assessment=assessment)
                validated.set()
                commit.wait(5)  # hold the row lock while the other reviewer tries
        finally:
            connections.close_all()

    def give_back():
        try:
            services.return_assessment(assessment=assessment, comment="À revoir")
            outcome["return"] = "returned"
        except ValidationError as error:
            outcome["return"] = error.code
        finally:
            connections.close_all()

    first = threading.Thread(target=validate)
    first.start()
    assert validated.wait(5)
    second = threading.Thread(target=give_back)
    second.start()
    time.sleep(0.5)  # the second reviewer is now waiting on the row lock
    assert "return" not in outcome
    commit.set()
    first.join(5)
    second.join(5)
    assert outcome["return"] == "not_submitted"
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.VALIDATED
