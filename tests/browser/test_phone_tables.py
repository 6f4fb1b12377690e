"""On a phone (390 px) the lists read without scrolling sideways: each row of the activity list,
the decision register, the exchange rates, the Triple C campaigns, the people and the coordination
bodies stacks into labelled lines under 40rem."""

import datetime as dt
import os

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.aid_tracking.conftest import reference_data  # noqa: F401 (a fixture)
from tests.aid_tracking.factories import ExchangeRateFactory, complete_activity
from tests.browser.test_code_of_conduct import totp_code
from tests.code_of_conduct.factories import make_campaign, make_framework
from tests.coordination.factories import BodyFactory, DecisionFactory, MeetingFactory, in_days

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
# Elements of the page's main column that scroll sideways inside their own box.
SIDEWAYS = (
    "[...document.querySelectorAll('main *')].filter(e => e.scrollWidth > e.clientWidth + 1"
    " && getComputedStyle(e).overflowX !== 'visible').map(e => e.className + ' ' + e.scrollWidth)"
)


def look(page: Page, name: str) -> None:
    # For a person checking the layout by eye: PHONE_SCREENSHOTS=/some/dir.
    if folder := os.environ.get("PHONE_SCREENSHOTS"):
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def fits_a_phone(page: Page) -> None:
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    assert page.evaluate(SIDEWAYS) == []


@pytest.mark.usefixtures("reference_data")
def test_the_activity_list_stacks_its_rows_on_a_phone(page: Page, login_as, ptf, alpha):
    title = "Réhabilitation des puits pastoraux du Gourma et du Delta intérieur du Niger"
    complete_activity(alpha, title_fr=title)
    complete_activity(alpha)
    page.set_viewport_size(PHONE)
    login_as(ptf)
    page.goto(reverse("aid_tracking:activity_list"))
    look(page, "activity_list")
    fits_a_phone(page)
    # Once scrolled down to it, the whole title is on screen, not cut off by the table's box.
    link = page.get_by_role("link", name=title)
    link.scroll_into_view_if_needed()
    expect(link).to_be_in_viewport(ratio=1)
    # Each stacked cell says which column it stands for.
    row = page.locator("tbody tr").filter(has_text=title)
    expect(row.locator("td[data-label='Partenaire']")).to_be_visible()
    expect(row.locator("td[data-label='Décaissé']")).to_be_visible()


def test_the_decision_register_stacks_its_rows_on_a_phone(page: Page, login_as, ptf, alpha):
    body = BodyFactory(name="Groupe thématique Décentralisation", members=[alpha])
    meeting = MeetingFactory(body=body, starts_at=in_days(-10))
    text = "Transmettre au ministère la matrice consolidée des appuis à la décentralisation"
    DecisionFactory(meeting=meeting, responsible_organization=alpha, text=text)
    page.set_viewport_size(PHONE)
    login_as(ptf)
    page.goto(reverse("coordination:decision_register"))
    look(page, "decision_register")
    fits_a_phone(page)
    link = page.get_by_role("link", name=text)
    link.scroll_into_view_if_needed()
    expect(link).to_be_in_viewport(ratio=1)
    row = page.locator("tbody tr").filter(has_text=text)
    expect(row.locator("td[data-label='Échéance']")).to_be_visible()
    # The "overdue only" box has its label beside it (not under it), on one line.
    box = page.locator("#id_overdue").bounding_box()
    label = page.locator("label[for=id_overdue]")
    beside = label.bounding_box()
    assert beside["x"] >= box["x"] + box["width"]
    assert box["y"] <= beside["y"] + beside["height"] / 2 <= box["y"] + box["height"]
    line_height = float(label.evaluate("e => getComputedStyle(e).lineHeight").removesuffix("px"))
    assert beside["height"] < 1.5 * line_height


@pytest.mark.usefixtures("reference_data")
def test_the_secretariats_lists_stack_their_rows_on_a_phone(
    page: Page, login_as, secretariat, ptf, alpha
):
    ExchangeRateFactory(month=dt.date(2025, 3, 1))
    make_campaign(make_framework(label="Cadre Triple C révisé après la revue à mi-parcours"))
    BodyFactory(
        name="Groupe thématique Décentralisation et réforme de l'État", lead_organization=alpha
    )
    page.set_viewport_size(PHONE)
    login_as(secretariat)
    page.fill("input[name=code]", totp_code(secretariat))
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    expect(page.locator("input[name=code]")).to_have_count(0)
    # Each page, the key of a row and one of its labelled cells.
    lists = [
        ("aid_tracking:exchange_rate_list", "mars 2025", "XOF par unité"),
        ("code_of_conduct:campaign_list", "2026", "Version du cadre"),
        ("accounts:user_list", ptf.email, "Authentification à deux facteurs"),
        ("coordination:body_list", "Décentralisation et réforme", "Chef de file"),
    ]
    for url, key, label in lists:
        page.goto(reverse(url))
        look(page, url.split(":")[1])
        fits_a_phone(page)
        row = page.locator("tbody tr").filter(has_text=key)
        expect(row.locator(f"td[data-label='{label}']")).to_be_visible()
