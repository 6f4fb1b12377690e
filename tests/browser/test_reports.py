"""The secretariat requests, follows, reviews and publishes a report; the public finds it."""

import re
import time

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from playwright.sync_api import Page, expect

from seg_portal.reports import services
from seg_portal.reports.models import Report
from tests.reports.conftest import report_kinds, tasks_in_process  # noqa: F401 (autouse)
from tests.reports.factories import ReportFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in_secretariat(page: Page, login_as, secretariat) -> None:
    login_as(secretariat)
    authenticator = Authenticator.objects.get(user=secretariat, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.data["secret"])
    code = format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Connexion").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bienvenue")


def test_secretariat_requests_and_publishes_a_report_that_the_public_then_reads(
    page: Page, login_as, secretariat, alpha, browser, live_server
):
    log_in_secretariat(page, login_as, secretariat)
    page.get_by_text("Rapports", exact=True).click()
    page.get_by_role("link", name="Gérer les rapports").click()
    page.get_by_label("Type de rapport").select_option(label="Directory of members")
    page.get_by_label("Période").fill("2026-10")
    page.get_by_label("Langue").select_option(label="Anglais")
    page.get_by_role("button", name="Demander").click()

    expect(page.locator(".messages")).to_contain_text("Le rapport est demandé.")
    expect(page.locator("#report-status")).to_contain_text("Prêt pour examen")
    expect(page.get_by_role("link", name="Télécharger le PDF")).to_be_visible()

    page.get_by_label("Public visé").select_option(label="Public")
    page.get_by_role("button", name="Publier").click()
    expect(page.locator(".messages")).to_contain_text("Le rapport est publié.")

    visitor = browser.new_context(base_url=live_server.url, locale="fr-FR").new_page()
    visitor.goto("/")
    link = visitor.get_by_role("link", name=re.compile("Directory of members · octobre 2026"))
    expect(link).to_be_visible()
    response = visitor.request.get(link.get_attribute("href"))
    assert response.status == 200
    assert response.body().startswith(b"%PDF-")
    visitor.context.close()


def test_the_progress_updates_without_reloading_and_stops_when_done(
    page: Page, login_as, secretariat
):
    report = ReportFactory(status=Report.Status.QUEUED, period="2026-10")
    log_in_secretariat(page, login_as, secretariat)
    page.goto(report.get_absolute_url())
    expect(page.locator("#report-status")).to_contain_text("En attente")
    page.evaluate("window.notReloaded = true")

    services.render_report(report_id=report.pk)  # what a worker does meanwhile

    expect(page.get_by_role("link", name="Télécharger le PDF")).to_be_visible()
    expect(page.locator("#report-status")).to_contain_text("Prêt pour examen")
    assert page.evaluate("window.notReloaded") is True
    assert page.locator("#report-status[hx-get]").count() == 0  # polling stopped
