"""A PTF officer records an activity in the browser, adds a transaction and publishes it; a
Government viewer then finds it."""

import pytest
from playwright.sync_api import Page, expect

from tests.aid_tracking.conftest import reference_data  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.usefixtures("reference_data")
def test_ptf_creates_and_publishes_an_activity_that_a_viewer_then_sees(
    page: Page, login_as, ptf, viewer
):
    login_as(ptf)
    page.get_by_role("navigation", name="Navigation principale").get_by_text("Aide").click()
    page.get_by_role("link", name="Nouvelle activité").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nouvelle activité")

    about = page.get_by_role("group", name="L'activité")
    about.get_by_label("Identifiant IITA").fill("XM-ALPHA-PUITS-2025")
    about.get_by_label("Titre (français)").fill("Puits pastoraux dans le Gourma")
    about.get_by_label("Description (français)").fill("Réhabilitation de vingt puits pastoraux.")
    about.get_by_label("Début prévu").fill("2025-01-01")
    about.get_by_label("Fin prévue").fill("2027-12-31")
    about.get_by_label("Devise par défaut").select_option("EUR")
    page.locator("#id_sectors-0-sector").select_option("14030")
    page.locator("#id_sectors-0-percentage").fill("100")
    page.locator("#id_locations-0-region").select_option(label="Région de Mopti")
    page.locator("#id_locations-0-percentage").fill("100")
    page.get_by_role("button", name="Enregistrer", exact=True).last.click()

    # Saved as a draft; publishing is refused until there is money in it.
    expect(page.get_by_text("L'activité a été enregistrée.")).to_be_visible()
    expect(page.get_by_text("une transaction ou une prévision de décaissement")).to_be_visible()
    page.get_by_role("button", name="Publier").click()
    expect(page.get_by_text("Il lui manque : une transaction ou une prévision")).to_be_visible()

    # Add a transaction. "Add a row" posts the form back; htmx swaps only the form (the Django
    # client tests cover the same button without JavaScript).
    page.get_by_role("link", name="Modifier").click()
    expect(page.locator("#transactions")).to_be_visible()
    # The edit page has loaded its scripts (fails after the timeout if htmx never comes).
    page.wait_for_function("() => typeof htmx === 'object'")
    page.locator("#transactions").get_by_role("button", name="Ajouter une ligne").click()
    expect(page.locator("#id_transactions-1-value")).to_be_visible()
    page.locator("#id_transactions-0-transaction_type").select_option(label="3 - Décaissement")
    page.locator("#id_transactions-0-transaction_date").fill("2025-03-10")
    page.locator("#id_transactions-0-value").fill("150000")
    page.locator("#id_transactions-0-currency").select_option("EUR")
    page.get_by_role("button", name="Enregistrer", exact=True).last.click()
    expect(page.get_by_text("L'activité a été enregistrée.")).to_be_visible()
    transactions = page.locator("section", has=page.get_by_role("heading", name="Transactions"))
    expect(transactions).to_contain_text("150\u00a0000,00\u00a0EUR")

    page.get_by_role("button", name="Publier").click()
    expect(page.get_by_text("L'activité est publiée.")).to_be_visible()

    # A Government viewer (a fresh browser session) finds it among the published activities.
    page.context.clear_cookies()
    login_as(viewer)
    page.goto("/aid/")
    page.get_by_label("Recherche").fill("Gourma")
    page.get_by_role("button", name="Filtrer").click()
    row = page.get_by_role("row", name="Puits pastoraux dans le Gourma")
    expect(row).to_be_visible()
    # 150 000 EUR at the peg: 98 393 550 XOF.
    expect(row).to_contain_text("98\u00a0393\u00a0550\u00a0XOF")
    row.get_by_role("link", name="Puits pastoraux dans le Gourma").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Puits pastoraux dans le Gourma")
    expect(page.get_by_role("link", name="Modifier")).to_have_count(0)
