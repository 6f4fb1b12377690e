"""The secretariat runs a meeting from agenda to published minutes; a Government viewer reads."""

import datetime as dt
import re
import time

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.coordination.factories import BodyFactory, MeetingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def current_code(user) -> str:
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.data["secret"])
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


def test_secretariat_runs_a_meeting_and_a_government_viewer_reads_the_minutes(
    page: Page, login_as, secretariat, viewer, alpha, browser, live_server
):
    body = BodyFactory(name="GT Décentralisation", members=[alpha], lead_organization=alpha)
    yesterday = timezone.localdate() - dt.timedelta(days=1)

    login_as(secretariat)
    page.get_by_label("Code").fill(current_code(secretariat))
    page.get_by_role("button", name="Connexion").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bienvenue")

    page.goto(f"/coordination/bodies/{body.pk}/")
    page.get_by_role("link", name="Planifier une réunion").click()
    page.get_by_label("Titre").fill("Revue des finances locales")
    page.get_by_label("Date").fill(yesterday.isoformat())
    page.get_by_label("Heure de début (Bamako)").fill("09:00")
    page.get_by_label("Heure de fin (Bamako)").fill("11:00")
    page.get_by_label("Lieu").fill("Salle du SEG, Bamako")
    page.get_by_label("Visibilité au calendrier").select_option("partners")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".messages")).to_contain_text("Réunion planifiée.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Revue des finances locales")

    page.get_by_label(re.compile(r"^Point\s*:?\s*$")).fill("Budget des collectivités 2027")
    page.get_by_label("Présentateur").fill("ALPHA")
    page.get_by_role("button", name="Ajouter à l'ordre du jour").click()
    expect(page.locator("ol")).to_contain_text("Budget des collectivités 2027")

    page.locator(f"input[name=organizations][value='{alpha.pk}']").check()
    page.get_by_label("Femmes présentes").fill("3")
    page.get_by_label("Hommes présents").fill("4")
    page.get_by_role("button", name="Saisir les présences").click()
    expect(page.locator(".messages")).to_contain_text("Présences enregistrées.")
    expect(page.locator("dl.details")).to_contain_text("3 femmes, 4 hommes")

    page.get_by_label("Décision ou recommandation").fill(
        "Partager la note sur les transferts aux communes."
    )
    page.get_by_label("Organisation responsable").select_option(str(alpha.pk))
    page.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.locator(".messages")).to_contain_text("Décision enregistrée.")

    page.get_by_label("Compte rendu (Markdown)").fill(
        "## Conclusions\n\nLes PTF **soutiennent** la réforme des finances locales."
    )
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    page.get_by_role("button", name="Approuver le compte rendu").click()
    expect(page.locator(".messages")).to_contain_text("Compte rendu approuvé.")
    page.get_by_label("Publier pour").select_option("partners")
    page.get_by_role("button", name="Publier le compte rendu").click()
    expect(page.locator(".messages")).to_contain_text("Compte rendu publié.")

    government = browser.new_context(base_url=live_server.url, locale="fr-FR")
    try:
        government.set_default_timeout(10_000)
        reader = government.new_page()
        reader.goto("/accounts/login/")
        reader.fill("input[name=login]", viewer.email)
        reader.fill("input[name=password]", "correct horse battery staple")
        reader.click("main form button[type=submit]")
        reader.goto("/coordination/minutes/")
        reader.get_by_role("link", name=re.compile("Revue des finances locales")).click()
        expect(reader.locator(".minutes strong")).to_have_text("soutiennent")
        expect(reader.locator("main")).to_contain_text(
            "Partager la note sur les transferts aux communes."
        )
    finally:
        government.close()


def test_the_month_calendar_fits_a_phone_without_scrolling_sideways(
    page: Page, login_as, ptf, alpha
):
    body = BodyFactory(name="GT Décentralisation", acronym="GT Décentralisation", members=[alpha])
    first = timezone.localdate().replace(day=1)
    for day, title in ((3, "Revue trimestrielle"), (17, "Atelier budget")):
        starts_at = timezone.make_aware(dt.datetime.combine(first.replace(day=day), dt.time(9)))
        MeetingFactory(body=body, title=title, starts_at=starts_at, visibility="partners")
    page.set_viewport_size({"width": 390, "height": 844})
    login_as(ptf)
    page.goto("/coordination/calendar/")
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= 390
    # Nothing inside scrolls sideways either: every day and its meetings are readable as is.
    overflowing = page.evaluate(
        "[...document.querySelectorAll('main *')].filter(e => e.scrollWidth > e.clientWidth + 1"
        " && getComputedStyle(e).overflowX !== 'visible').length"
    )
    assert overflowing == 0
    expect(page.get_by_role("link", name=re.compile("GT Décentralisation"))).to_have_count(2)
    expect(page.locator(".calendar")).to_contain_text("Atelier budget")


def test_a_body_page_fits_a_phone(page: Page, login_as, ptf, alpha):
    body = BodyFactory(
        name="Groupe exécutif de coopération (GEC)",
        mandate="Réunion mensuelle des chefs d'agence des PTF du Mali.",
        members=[alpha],
    )
    page.set_viewport_size({"width": 390, "height": 844})
    login_as(ptf)
    page.goto(f"/coordination/bodies/{body.pk}/")
    expect(page.locator("dl.details")).to_contain_text("calendar.ics")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390


def test_a_meeting_page_with_minutes_for_partners_fits_a_phone(page: Page, login_as, ptf, alpha):
    body = BodyFactory(name="Groupe exécutif de coopération (GEC)", members=[alpha])
    meeting = MeetingFactory(
        body=body,
        starts_at=timezone.now() - dt.timedelta(days=3),
        status="held",
        visibility="partners",
        minutes="## Points discutés",
        minutes_status="published",
        minutes_visibility="partners",
        minutes_published_at=timezone.now(),
    )
    page.set_viewport_size({"width": 390, "height": 844})
    login_as(ptf)
    page.goto(meeting.get_absolute_url())
    expect(
        page.get_by_text("Partenaires (avec le Gouvernement et la société civile)")
    ).to_be_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
