"""A Triple C self-assessment from first answer to the scorecard, clicked as people would."""

import re
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from playwright.sync_api import Page, expect

from tests.code_of_conduct.factories import (
    indicator,
    make_assessment,
    make_campaign,
    make_framework,
)
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def totp_code(user) -> str:
    """The code the secretariat's authenticator shows now; a person near the end of the 30-second
    window waits for the next code rather than type one about to expire."""
    if time.time() % 30 > 25:
        time.sleep(30 - time.time() % 30 + 0.5)
    secret = decrypt(Authenticator.objects.get(user=user, type="totp").data["secret"])
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.fixture
def secretariat_page(browser, live_server, secretariat) -> Page:
    """The secretariat works in its own browser, logged in once (a TOTP code is good only once)."""
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.fill("input[name=login]", secretariat.email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("main form button[type=submit]")
    page.fill("input[name=code]", totp_code(secretariat))
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    expect(page.locator("input[name=code]")).to_have_count(0)
    yield page
    context.close()


def test_ptf_submits_secretariat_returns_ptf_resubmits_and_scorecard_shows_it(
    page: Page, login_as, ptf, secretariat_page: Page, alpha
):
    framework = make_framework()
    campaign = make_campaign(framework)
    assessment = make_assessment(campaign, alpha)
    scale, yes_no = indicator(framework, "1.1.1"), indicator(framework, "1.1.2")

    # The PTF answers one indicator (saved as it goes) and tries to submit too early.
    login_as(ptf)
    page.goto(assessment.get_absolute_url())
    page.select_option(f"#value-{scale.pk}", "3")
    expect(page.locator(f"#indicator-{scale.pk} .coc-save-status")).to_contain_text("Enregistré")
    page.get_by_role("button", name="Soumettre au secrétariat").click()
    expect(page.locator(".form-errors")).to_contain_text("L'indicateur 1.1.2 est sans réponse")

    page.select_option(f"#value-{yes_no.pk}", "1")
    expect(page.locator(f"#indicator-{yes_no.pk} .coc-save-status")).to_contain_text("Enregistré")
    page.get_by_role("button", name="Soumettre au secrétariat").click()
    expect(page.locator("#assessment-status")).to_have_text("Soumise")

    # The secretariat returns it with a comment.
    reviewer = secretariat_page
    reviewer.goto(assessment.get_absolute_url())
    reviewer.get_by_label("Ce qui doit être corrigé").fill("Le niveau 3 paraît faible : justifiez.")
    reviewer.get_by_role("button", name="Renvoyer au PTF").click()
    expect(reviewer.locator("#assessment-status")).to_have_text("Renvoyée pour correction")

    # The PTF reads the comment, corrects the answer (without autosave: the Save button) and
    # submits again.
    page.goto(assessment.get_absolute_url())
    expect(page.locator(".coc-returned")).to_contain_text("Le niveau 3 paraît faible")
    form = page.locator(f"#indicator-{scale.pk} form.coc-answer-form")
    form.locator("select").select_option("4")
    form.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".messages")).to_contain_text("Réponse enregistrée")
    page.get_by_role("button", name="Soumettre au secrétariat").click()
    expect(page.locator("#assessment-status")).to_have_text("Soumise")

    # The secretariat validates it, and the scorecard shows Alpha: (4 + yes = 4) / 2 = 4,00.
    reviewer.goto(assessment.get_absolute_url())
    reviewer.get_by_role("button", name="Valider l'autoévaluation").click()
    expect(reviewer.locator("#assessment-status")).to_have_text("Validée")
    reviewer.goto(f"/code-of-conduct/scorecards/{campaign.pk}/")
    row = reviewer.locator("table.coc-heatmap tbody tr", has_text="ALPHA")
    expect(row).to_contain_text("4,00")
    expect(reviewer.locator(".coc-commentary")).to_contain_text("ALPHA obtient 4,00 sur 4")
    expect(reviewer.locator("h1")).to_have_text(re.compile(r"Tableau de bord Triple C\s+2026"))
