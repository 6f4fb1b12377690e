import re
import time

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from playwright.sync_api import Page, expect

from seg_portal.accounts.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def current_code(user) -> str:
    """What the user's authenticator application shows now, from the secret it was given."""
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.data["secret"])
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


def test_secretariat_invites_a_person_who_sets_a_password_and_lands_home_in_french(
    page: Page, login_as, secretariat, alpha, browser, live_server, mailoutbox
):
    login_as(secretariat)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    page.get_by_label("Code").fill(current_code(secretariat))
    page.get_by_role("button", name="Connexion").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bienvenue")

    page.get_by_text("Personnes", exact=True).click()
    page.get_by_role("link", name="Inviter un utilisateur").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inviter un utilisateur")
    page.get_by_label("Adresse e-mail").fill("awa.diallo@alpha.example")
    page.get_by_label("Prénom").fill("Awa")
    page.get_by_label("Nom", exact=False).last.fill("Diallo")
    page.get_by_label("Organisation").select_option(label="ALPHA — Alpha Cooperation")
    page.get_by_label("Rôle").select_option(label="Personnel PTF")
    page.get_by_label("Fonction").fill("Chargée de programme")
    page.get_by_role("button", name="Envoyer l'invitation").click()
    expect(page.locator(".messages")).to_contain_text(
        "Invitation envoyée à awa.diallo@alpha.example"
    )

    assert len(mailoutbox) == 1
    link = re.search(r"https?://\S+/people/invitation/\S+/", mailoutbox[0].body).group(0)
    path = link.split("/people/", 1)[1]

    invitee = browser.new_context(base_url=live_server.url, locale="fr-FR")
    try:
        invitee.set_default_timeout(10_000)
        person = invitee.new_page()
        person.goto(f"/people/{path}")
        expect(person.get_by_role("heading", level=1)).to_have_text("Choisissez votre mot de passe")
        person.get_by_label(re.compile(r"^Nouveau mot de passe")).fill("Baobab-de-Kayes-2026")
        person.get_by_label("Confirmation du nouveau mot de passe").fill("Baobab-de-Kayes-2026")
        person.get_by_role("button", name="Activer mon compte").click()
        expect(person.locator("html")).to_have_attribute("lang", "fr")
        expect(person.get_by_role("heading", level=1)).to_contain_text("Bienvenue, Awa")
        expect(person.locator(".messages")).to_contain_text("Votre compte est prêt")
    finally:
        invitee.close()

    awa = User.objects.get(email="awa.diallo@alpha.example")
    assert awa.is_active
    assert awa.organization == alpha
