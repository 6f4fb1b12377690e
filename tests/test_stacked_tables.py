"""The lists that stack on a phone (table.stack in seg.css): every cell but the key one names its
column in French, with the header's words, as data-label. The layout itself at 390 px is checked
in a browser (tests/browser/test_phone_tables.py)."""

import datetime as dt

import pytest
from django.urls import reverse
from lxml import html

from tests.aid_tracking.conftest import reference_data  # noqa: F401 (a fixture)
from tests.aid_tracking.factories import ExchangeRateFactory, complete_activity
from tests.code_of_conduct.factories import make_campaign, make_framework
from tests.coordination.factories import BodyFactory, DecisionFactory, MeetingFactory, in_days

pytestmark = pytest.mark.django_db


def activity(request, alpha) -> None:
    request.getfixturevalue("reference_data")
    complete_activity(alpha)


def decision(request, alpha) -> None:
    meeting = MeetingFactory(body=BodyFactory(members=[alpha]), starts_at=in_days(-10))
    DecisionFactory(meeting=meeting, responsible_organization=alpha)


def exchange_rate(request, alpha) -> None:
    request.getfixturevalue("reference_data")
    ExchangeRateFactory(month=dt.date(2025, 3, 1))


def campaign(request, alpha) -> None:
    make_campaign(make_framework())


def people(request, alpha) -> None:
    request.getfixturevalue("ptf")


def body(request, alpha) -> None:
    BodyFactory(lead_organization=alpha, members=[alpha])


def stacked_table(content: bytes) -> tuple[list[str], list[list[str | None]]]:
    """The column headers, and the data-label of each cell row by row."""
    [table] = html.fromstring(content).xpath(
        "//main//table[contains(concat(' ', normalize-space(@class), ' '), ' stack ')]"
    )
    headers = [" ".join(th.text_content().split()) for th in table.xpath("thead/tr/th")]
    rows = [[td.get("data-label") for td in tr.xpath("td")] for tr in table.xpath("tbody/tr")]
    return headers, rows


@pytest.mark.parametrize(
    ("url", "who", "setup", "labels"),
    [
        (
            "aid_tracking:activity_list",
            "ptf",
            activity,
            ["Partenaire", "Statut", "Période", "Engagé", "Décaissé"],
        ),
        (
            "coordination:decision_register",
            "ptf",
            decision,
            ["Instance", "Organisation responsable", "Échéance", "Statut"],
        ),
        (
            "aid_tracking:exchange_rate_list",
            "secretariat",
            exchange_rate,
            ["Devise", "XOF par unité", "Mis à jour", "Actions"],
        ),
        (
            "code_of_conduct:campaign_list",
            "secretariat",
            campaign,
            ["Version du cadre", "Date limite", "Statut", "Tableau de bord"],
        ),
        (
            "accounts:user_list",
            "secretariat",
            people,
            ["Organisation", "Rôle", "Statut", "Authentification à deux facteurs"],
        ),
        ("coordination:body_list", "ptf", body, ["Type", "Chef de file", "Membres"]),
    ],
    ids=["activities", "decisions", "exchange rates", "campaigns", "people", "bodies"],
)
def test_each_stacked_cell_but_the_key_names_its_column_in_french(
    request, client_for, alpha, url, who, setup, labels
):
    setup(request, alpha)
    response = client_for(request.getfixturevalue(who)).get(reverse(url))
    assert response.status_code == 200
    headers, rows = stacked_table(response.content)
    assert headers[1:] == labels
    assert rows
    for row in rows:
        assert row == [None, *labels]
