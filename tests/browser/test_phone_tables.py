"""On a phone (390 px) the two most-used lists read without scrolling sideways: each row of the
activity list and of the decision register stacks into labelled lines under 40rem."""

import os

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.aid_tracking.conftest import reference_data  # noqa: F401 (a fixture)
from tests.aid_tracking.factories import complete_activity
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
