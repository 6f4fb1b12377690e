"""Every page for anonymous visitors, each role and the outsider (STYLE.md §11)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from aid_tracking.models import Activity, ExchangeRate
from tests.aid_tracking.factories import ExchangeRateFactory

USERS = ["anonymous", "secretariat", "ptf", "lead", "other_ptf", "viewer"]


@pytest.fixture
def cast(secretariat, ptf, lead, other_ptf, viewer):
    return {
        "anonymous": None,
        "secretariat": secretariat,
        "ptf": ptf,
        "lead": lead,
        "other_ptf": other_ptf,
        "viewer": viewer,
    }


def status_for(client_for, user, method: str, url: str, data=None) -> int:
    client = client_for(user)
    response = client.post(url, data or {}) if method == "post" else client.get(url)
    return response.status_code


LOGIN = 302  # anonymous visitors are sent to the login page


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", 200),
        ("secretariat", 200),
        ("ptf", 200),
        ("lead", 200),
        ("other_ptf", 200),
        ("viewer", 200),
    ],
)
def test_everyone_reads_the_activity_list(alpha_published, client_for, cast, who, expected):
    response = client_for(cast[who]).get(reverse("aid_tracking:activity_list"))
    assert response.status_code == expected
    assert alpha_published.iati_identifier in response.content.decode()


@pytest.mark.parametrize(
    ("who", "sees_draft"),
    [
        ("anonymous", False),
        ("secretariat", True),
        ("ptf", True),
        ("lead", True),
        ("other_ptf", False),
        ("viewer", False),
    ],
)
def test_drafts_are_listed_only_for_their_organisation_and_the_secretariat(
    alpha_draft, alpha_published, client_for, cast, who, sees_draft
):
    page = client_for(cast[who]).get(reverse("aid_tracking:activity_list")).content.decode()
    assert (alpha_draft.iati_identifier in page) is sees_draft


@pytest.mark.parametrize(
    ("who", "draft", "published"),
    [
        ("anonymous", 404, 200),
        ("secretariat", 200, 200),
        ("ptf", 200, 200),
        ("lead", 200, 200),
        ("other_ptf", 404, 200),
        ("viewer", 404, 200),
    ],
)
def test_activity_detail(alpha_draft, alpha_published, client_for, cast, who, draft, published):
    assert status_for(client_for, cast[who], "get", alpha_draft.get_absolute_url()) == draft
    assert status_for(client_for, cast[who], "get", alpha_published.get_absolute_url()) == published


def test_a_missing_activity_is_404(reference_data, client_for, secretariat):
    url = reverse("aid_tracking:activity_detail", args=[999999])
    assert client_for(secretariat).get(url).status_code == 404


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", LOGIN),
        ("secretariat", 200),
        ("ptf", 200),
        ("lead", 200),
        ("other_ptf", 200),
        ("viewer", 403),
    ],
)
def test_new_activity_page(reference_data, client_for, cast, who, expected):
    assert (
        status_for(client_for, cast[who], "get", reverse("aid_tracking:activity_create"))
        == expected
    )


@pytest.mark.parametrize(
    ("who", "draft", "published"),
    [
        ("anonymous", LOGIN, LOGIN),
        ("secretariat", 200, 200),
        ("ptf", 200, 200),
        ("lead", 200, 200),
        ("other_ptf", 404, 403),
        ("viewer", 404, 403),
    ],
)
def test_edit_page(alpha_draft, alpha_published, client_for, cast, who, draft, published):
    for activity, expected in ((alpha_draft, draft), (alpha_published, published)):
        url = reverse("aid_tracking:activity_edit", args=[activity.pk])
        assert status_for(client_for, cast[who], "get", url) == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", LOGIN),
        ("secretariat", 200),
        ("ptf", 200),
        ("lead", 200),
        ("other_ptf", 403),
        ("viewer", 403),
    ],
)
def test_history_page(alpha_published, client_for, cast, who, expected):
    url = reverse("aid_tracking:activity_history", args=[alpha_published.pk])
    assert status_for(client_for, cast[who], "get", url) == expected


@pytest.mark.parametrize(
    ("who", "expected", "published_after"),
    [
        ("anonymous", LOGIN, False),
        ("secretariat", 302, True),
        ("ptf", 302, True),
        ("lead", 302, True),
        ("other_ptf", 404, False),
        ("viewer", 404, False),
    ],
)
def test_publish(alpha_draft, client_for, cast, who, expected, published_after):
    url = reverse("aid_tracking:activity_publish", args=[alpha_draft.pk])
    assert status_for(client_for, cast[who], "post", url) == expected
    alpha_draft.refresh_from_db()
    assert alpha_draft.is_published is published_after


@pytest.mark.parametrize(
    ("who", "expected", "draft_after"),
    [
        ("anonymous", LOGIN, False),
        ("secretariat", 302, True),
        ("ptf", 302, True),
        ("lead", 302, True),
        ("other_ptf", 403, False),
        ("viewer", 403, False),
    ],
)
def test_unpublish(alpha_published, client_for, cast, who, expected, draft_after):
    url = reverse("aid_tracking:activity_unpublish", args=[alpha_published.pk])
    assert status_for(client_for, cast[who], "post", url) == expected
    alpha_published.refresh_from_db()
    assert (not alpha_published.is_published) is draft_after


def test_publish_and_unpublish_need_a_post(alpha_draft, client_for, ptf):
    url = reverse("aid_tracking:activity_publish", args=[alpha_draft.pk])
    assert client_for(ptf).get(url).status_code == 405


def test_publishing_an_incomplete_draft_shows_what_is_missing(alpha_draft, client_for, ptf):
    alpha_draft.sectors.all().delete()
    alpha_draft.locations.all().delete()
    url = reverse("aid_tracking:activity_publish", args=[alpha_draft.pk])
    response = client_for(ptf).post(url, follow=True)
    page = response.content.decode()
    assert "Il lui manque : un secteur, une région." in page
    alpha_draft.refresh_from_db()
    assert not alpha_draft.is_published


@pytest.mark.parametrize(
    ("who", "expected", "deleted"),
    [
        ("anonymous", LOGIN, False),
        ("secretariat", 302, True),
        ("ptf", 302, True),
        ("lead", 302, True),
        ("other_ptf", 404, False),
        ("viewer", 404, False),
    ],
)
def test_delete_draft(alpha_draft, client_for, cast, who, expected, deleted):
    url = reverse("aid_tracking:activity_delete", args=[alpha_draft.pk])
    assert status_for(client_for, cast[who], "post", url) == expected
    assert Activity.objects.filter(pk=alpha_draft.pk).exists() is not deleted


def test_a_published_activity_has_no_delete_page(alpha_published, client_for, ptf):
    url = reverse("aid_tracking:activity_delete", args=[alpha_published.pk])
    assert client_for(ptf).get(url).status_code == 403


def test_delete_asks_for_confirmation_first(alpha_draft, client_for, ptf):
    url = reverse("aid_tracking:activity_delete", args=[alpha_draft.pk])
    assert client_for(ptf).get(url).status_code == 200
    assert Activity.objects.filter(pk=alpha_draft.pk).exists()


@pytest.mark.parametrize("who", USERS)
def test_organisation_profile_is_open_to_everyone(alpha_published, alpha, client_for, cast, who):
    url = reverse("aid_tracking:organization_profile", args=[alpha.pk])
    assert status_for(client_for, cast[who], "get", url) == 200


def test_organisation_profile_counts_only_what_the_reader_sees(
    alpha_draft, alpha_published, alpha, client_for, ptf, other_ptf
):
    url = reverse("aid_tracking:organization_profile", args=[alpha.pk])
    assert client_for(other_ptf).get(url).context["portfolio"].activity_count == 1
    assert client_for(ptf).get(url).context["portfolio"].activity_count == 2


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", LOGIN),
        ("secretariat", 200),
        ("ptf", 403),
        ("lead", 403),
        ("other_ptf", 403),
        ("viewer", 403),
    ],
)
def test_exchange_rate_pages_are_for_the_secretariat(
    reference_data, client_for, cast, who, expected
):
    rate = ExchangeRateFactory()
    for url in (
        reverse("aid_tracking:exchange_rate_list"),
        reverse("aid_tracking:exchange_rate_create"),
        reverse("aid_tracking:exchange_rate_edit", args=[rate.pk]),
    ):
        assert status_for(client_for, cast[who], "get", url) == expected


@pytest.mark.parametrize("who", ["ptf", "other_ptf", "viewer"])
def test_others_cannot_post_a_rate(reference_data, client_for, cast, who):
    url = reverse("aid_tracking:exchange_rate_create")
    data = {"currency": "USD", "month": "2025-03", "rate": "600"}
    assert status_for(client_for, cast[who], "post", url, data) == 403
    assert not ExchangeRate.objects.exists()


def test_the_secretariat_enters_a_monthly_rate(reference_data, client_for, secretariat):
    url = reverse("aid_tracking:exchange_rate_create")
    response = client_for(secretariat).post(
        url, {"currency": "CHF", "month": "2025-03", "rate": "702.5"}
    )
    assert response.status_code == 302
    rate = ExchangeRate.objects.get()
    assert (rate.currency_id, rate.month, rate.rate) == (
        "CHF",
        datetime.date(2025, 3, 1),
        Decimal("702.5"),
    )


def test_a_rate_for_the_euro_is_refused_with_a_reason(reference_data, client_for, secretariat):
    url = reverse("aid_tracking:exchange_rate_create")
    response = client_for(secretariat).post(
        url, {"currency": "EUR", "month": "2025-03", "rate": "655"}
    )
    assert response.status_code == 400
    assert not ExchangeRate.objects.exists()


def test_the_secretariat_corrects_a_rate(reference_data, client_for, secretariat):
    rate = ExchangeRateFactory(currency_id="USD", month=datetime.date(2025, 3, 1))
    url = reverse("aid_tracking:exchange_rate_edit", args=[rate.pk])
    response = client_for(secretariat).post(
        url, {"currency": "USD", "month": "2025-03", "rate": "612"}
    )
    assert response.status_code == 302
    rate.refresh_from_db()
    assert rate.rate == Decimal(612)


def test_the_chosen_currency_sticks_in_the_session(alpha_published, client_for, viewer):
    client = client_for(viewer)
    list_url = reverse("aid_tracking:activity_list")
    response = client.post(
        reverse("aid_tracking:set_display_currency"), {"currency": "EUR", "next": list_url}
    )
    assert response.status_code == 302
    assert response["Location"] == list_url
    page = client.get(list_url)
    assert page.context["currency"] == "EUR"
    # The factory's transaction is a 100 000 EUR disbursement.
    assert page.context["rows"][0][1].disbursed.value == Decimal("100000.00")
    client.post(reverse("aid_tracking:set_display_currency"), {"currency": "XOF"})
    assert client.get(list_url).context["rows"][0][1].disbursed.value == Decimal("65595700.00")


def test_the_currency_switch_never_redirects_elsewhere(reference_data, client):
    response = client.post(
        reverse("aid_tracking:set_display_currency"),
        {"currency": "USD", "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("aid_tracking:activity_list")


def test_an_unknown_currency_is_ignored(reference_data, client):
    client.post(reverse("aid_tracking:set_display_currency"), {"currency": "GBP"})
    assert client.get(reverse("aid_tracking:activity_list")).context["currency"] == "XOF"
