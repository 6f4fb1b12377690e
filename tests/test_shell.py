"""The portal's shell: landing page, home, language, health and error pages."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext, override

pytestmark = pytest.mark.django_db


def test_anonymous_sees_the_landing_page_in_french(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert "Transparence" in html or "transparence" in html


def test_browser_english_preference_does_not_override_french_default(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="fr">' in response.content.decode()


def test_logged_in_user_is_sent_from_landing_to_home(client_for, ptf):
    response = client_for(ptf).get("/")
    assert response.status_code == 302
    assert response.url == reverse("home")


@pytest.mark.parametrize("cast", ["ptf", "other_ptf", "lead", "viewer", "secretariat"])
def test_every_role_reaches_its_home(client_for, cast, request):
    user = request.getfixturevalue(cast)
    response = client_for(user).get(reverse("home"))
    assert response.status_code == 200
    assert user.first_name in response.content.decode()


def test_anonymous_home_redirects_to_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_language_switch_sticks_to_the_user(client_for, ptf):
    client = client_for(ptf)
    response = client.post(reverse("switch_language"), {"language": "en", "next": "/home/"})
    assert response.status_code == 302
    ptf.refresh_from_db()
    assert ptf.language == "en"
    client.cookies.clear()
    client.force_login(ptf)
    assert '<html lang="en">' in client.get(reverse("home")).content.decode()


def test_language_switch_for_anonymous_uses_a_cookie(client):
    client.post(reverse("switch_language"), {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get("/").content.decode()


def test_language_switch_refuses_offsite_redirects(client):
    response = client.post(
        reverse("switch_language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response.url == "/"


def test_health_checks_the_database(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_unknown_page_gets_the_portal_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_menu_follows_the_three_axes_then_reports_and_people(client_for, secretariat):
    response = client_for(secretariat).get(reverse("home"))
    labels = [group.label for group in response.context["nav_groups"]]
    assert labels == ["Triple C", "Concertation", "Aide extérieure", "Rapports", "Personnes"]


def test_visitor_menu_keeps_the_same_order(client):
    labels = [group.label for group in client.get(reverse("landing")).context["nav_groups"]]
    assert labels == ["Triple C", "Concertation", "Aide extérieure", "Rapports"]


def test_landing_page_leads_visitors_to_each_public_section(client):
    response = client.get(reverse("landing"))
    for name in (
        "code_of_conduct:scorecard_list",
        "coordination:minutes_list",
        "aid_tracking:activity_list",
        "reports:archive",
    ):
        url = reverse(name)
        assert f'href="{url}"' in response.content.decode()
        assert client.get(url).status_code == 200


def test_french_words_of_the_portal_are_not_shadowed_by_a_library_catalogue(client_for, lead):
    # django-celery-beat translates "Minutes" (of time) as "Minutes": the portal's own words for
    # meeting records and for its filter buttons must still read as French people expect.
    response = client_for(lead).get(reverse("home"))
    items = [item.label for group in response.context["nav_groups"] for item in group.items]
    assert "Comptes rendus" in items
    assert "Minutes" not in items
    with override("fr"):
        assert gettext("Filter") == "Filtrer"


def test_menu_marks_the_group_of_the_page_the_person_is_in(client_for, secretariat):
    response = client_for(secretariat).get(reverse("coordination:decision_register"))
    assert response.context["current_nav_group"] == "Concertation"
    assert '<summary class="current">Concertation</summary>' in response.content.decode()
    assert client_for(secretariat).get(reverse("home")).context["current_nav_group"] is None


def test_list_filters_offer_all_rather_than_dashes(client):
    html = client.get(reverse("aid_tracking:activity_list")).content.decode()
    assert "---------" not in html
    assert ">Tous</option>" in html


def test_home_sections_come_urgent_first_then_in_the_axis_order():
    from seg_portal.portal import HomeSection, _axis_order

    def section(app_label, order):
        return HomeSection(title=app_label, template_name="", order=order, app_label=app_label)

    given = [
        section("aid_tracking", 60),  # the aid figures were ordered after the reports (50)
        section("reports", 50),
        section("accounts", 90),
        section("coordination", 20),
        section("code_of_conduct", 30),
        section("coordination", 12),  # an overdue decision: something to do now
        section("code_of_conduct", 15),  # an assessment to fill in
    ]
    assert [(s.app_label, s.order) for s in _axis_order(given)] == [
        ("coordination", 12),
        ("code_of_conduct", 15),
        ("code_of_conduct", 30),
        ("coordination", 20),
        ("aid_tracking", 60),
        ("reports", 50),
        ("accounts", 90),
    ]
