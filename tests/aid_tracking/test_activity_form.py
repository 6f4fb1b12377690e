"""The activity form with its parts: what a person types, and the messages they get back."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from aid_tracking.models import Activity

PREFIXES = ["sectors", "locations", "participants", "transactions", "plans", "budgets"]


def management(prefix: str, total: int, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def activity_post(**overrides) -> dict:
    """A complete new activity as the browser posts it: one row in each part."""
    data = {
        "iati_identifier": "XM-ALPHA-2025-01",
        "title_fr": "Appui à la santé maternelle",
        "title_en": "Maternal health support",
        "description_fr": "Centres de santé communautaires à Ségou.",
        "planned_start": "2025-01-01",
        "planned_end": "2027-12-31",
        "default_currency": "EUR",
        "budget_execution_share": "0",
        "financial_reporting_share": "0",
        "audit_share": "0",
        "procurement_share": "0",
        "sectors-0-sector": "12220",
        "sectors-0-percentage": "100",
        "locations-0-percentage": "100",
        "participants-0-name": "ONG Santé Ségou",
        "transactions-0-transaction_date": "2025-02-03",
        "transactions-0-value": "250000",
        "transactions-0-currency": "EUR",
        "plans-0-period_start": "2026-01-01",
        "plans-0-period_end": "2026-12-31",
        "plans-0-value": "300000",
        "plans-0-currency": "EUR",
        "budgets-0-period_start": "2026-01-01",
        "budgets-0-period_end": "2026-12-31",
        "budgets-0-value": "300000",
        "budgets-0-currency": "EUR",
    }
    for prefix in PREFIXES:
        data.update(management(prefix, 1))
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def post_data(reference_data, regions):
    def build(**overrides) -> dict:
        data = activity_post(**overrides)
        data.setdefault("locations-0-region", str(regions["ML-4"].pk))
        data.setdefault(
            "transactions-0-transaction_type", str(reference_data.code("TransactionType", "3").pk)
        )
        data.setdefault("participants-0-role", str(reference_data.code("OrganisationRole", "4").pk))
        return {key: value for key, value in data.items() if value != ""}

    return build


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2025, 6, 1, 10, tzinfo=datetime.UTC)):
        yield


def test_ptf_creates_an_activity_with_all_its_parts(post_data, client_for, ptf, alpha):
    response = client_for(ptf).post(reverse("aid_tracking:activity_create"), post_data())
    activity = Activity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == activity.get_absolute_url()
    assert activity.reporting_organization == alpha
    assert activity.publication_status == Activity.PublicationStatus.DRAFT
    assert activity.sectors.get().sector.code == "12220"
    assert activity.locations.get().region.code == "ML-4"
    assert activity.participating_orgs.get().name == "ONG Santé Ségou"
    transaction = activity.transactions.get()
    # The value date was left empty: it is the transaction date.
    assert transaction.value_date == datetime.date(2025, 2, 3)
    assert transaction.value == Decimal(250000)
    assert activity.planned_disbursements.get().value_date == datetime.date(2026, 1, 1)
    assert activity.budgets.count() == 1
    assert activity.history.first().history_user == ptf


def test_ptf_cannot_create_for_another_organisation(post_data, client_for, ptf, beta, alpha):
    data = post_data(reporting_organization=str(beta.pk))
    client_for(ptf).post(reverse("aid_tracking:activity_create"), data)
    assert Activity.objects.get().reporting_organization == alpha


def test_the_secretariat_creates_for_a_chosen_partner(post_data, client_for, secretariat, alpha):
    data = post_data(reporting_organization=str(alpha.pk), visibility="partners")
    response = client_for(secretariat).post(reverse("aid_tracking:activity_create"), data)
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert (activity.reporting_organization, activity.visibility) == (alpha, "partners")


def test_ptf_staff_are_not_offered_the_visibility(post_data, client_for, ptf):
    client_for(ptf).post(reverse("aid_tracking:activity_create"), post_data(visibility="internal"))
    assert Activity.objects.get().visibility == "public"


def test_region_percentages_must_add_up_to_100(post_data, client_for, ptf, regions):
    data = post_data(
        **management("locations", 2),
        **{
            "locations-0-percentage": "60",
            "locations-1-region": str(regions["ML-BKO"].pk),
            "locations-1-percentage": "30",
        },
    )
    response = client_for(ptf).post(reverse("aid_tracking:activity_create"), data)
    assert "Les pourcentages des régions totalisent 90 %" in errors_of(response)


def errors_of(response) -> str:
    assert response.status_code == 400
    assert not Activity.objects.filter(iati_identifier="XM-ALPHA-2025-01").exists()
    return response.content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"planned_end": "2024-12-31"},
            "La date de fin ne doit pas précéder la date de début.",
        ),
        (
            {"actual_start": "2025-09-01"},
            "Une date de début effective ne peut pas être dans le futur.",
        ),
        (
            {"sectors-0-percentage": "60"},
            "Les pourcentages des secteurs totalisent 60 % ; ils doivent totaliser 100 %",
        ),
        (
            {"locations-0-percentage": "0"},
            "Un pourcentage doit être supérieur à 0 et au plus égal à 100.",
        ),
        (
            {"locations-0-percentage": "120", **management("locations", 1)},
            "Un pourcentage doit être supérieur à 0 et au plus égal à 100.",
        ),
        (
            {"transactions-0-transaction_date": "2025-07-01"},
            "Une transaction ne peut pas être datée dans le futur.",
        ),
        (
            {"transactions-0-currency": "XXQ"},
            "Sélectionnez un choix valide",
        ),
        (
            {"plans-0-period_end": "2025-12-31"},
            "La fin de la période ne doit pas précéder son début.",
        ),
        (
            {"budgets-0-period_end": "2027-06-30"},
            "Une période budgétaire ne doit pas dépasser un an.",
        ),
        (
            {"iati_identifier": "XM-BETA-2025-01"},
            "L&#x27;identifiant IITA doit commencer par l&#x27;identifiant de l&#x27;organisation "
            "déclarante suivi d&#x27;un tiret (XM-ALPHA-).",
        ),
        (
            {"participants-0-name": ""},
            "Indiquez le nom de l&#x27;organisation, son identifiant IITA ou choisissez-la",
        ),
    ],
)
def test_faulty_entries_are_explained(post_data, client_for, ptf, overrides, message):
    response = client_for(ptf).post(reverse("aid_tracking:activity_create"), post_data(**overrides))
    assert message in errors_of(response)


def test_the_same_sector_twice_is_refused(post_data, client_for, ptf):
    data = post_data(
        **management("sectors", 2),
        **{
            "sectors-0-percentage": "50",
            "sectors-1-sector": "12220",
            "sectors-1-percentage": "50",
        },
    )
    response = client_for(ptf).post(reverse("aid_tracking:activity_create"), data)
    assert "Chaque secteur ne peut figurer qu&#x27;une fois." in errors_of(response)


def test_add_a_row_without_javascript_keeps_what_was_typed(post_data, client_for, ptf):
    data = post_data(add_row="transactions")
    response = client_for(ptf).post(reverse("aid_tracking:activity_create"), data)
    page = response.content.decode()
    assert not Activity.objects.exists()
    assert 'name="transactions-1-value"' in page
    assert 'value="Appui à la santé maternelle"' in page


def test_editing_updates_deletes_and_adds_rows(post_data, client_for, ptf):
    client = client_for(ptf)
    client.post(reverse("aid_tracking:activity_create"), post_data())
    activity = Activity.objects.get()
    transaction = activity.transactions.get()
    sector = activity.sectors.get()
    location = activity.locations.get()
    participant = activity.participating_orgs.get()
    plan = activity.planned_disbursements.get()
    budget = activity.budgets.get()
    data = post_data(
        title_fr="Santé maternelle (phase 2)",
        **management("sectors", 1, 1),
        **management("locations", 1, 1),
        **management("participants", 1, 1),
        **management("transactions", 2, 1),
        **management("plans", 1, 1),
        **management("budgets", 1, 1),
        **{
            "sectors-0-id": str(sector.pk),
            "locations-0-id": str(location.pk),
            "participants-0-id": str(participant.pk),
            "transactions-0-id": str(transaction.pk),
            "transactions-0-DELETE": "on",
            "transactions-1-transaction_type": str(transaction.transaction_type_id),
            "transactions-1-transaction_date": "2025-03-01",
            "transactions-1-value": "1000",
            "transactions-1-currency": "USD",
            "transactions-1-value_date": "2025-03-05",
            "plans-0-id": str(plan.pk),
            "plans-0-value": "320000",
            "budgets-0-id": str(budget.pk),
        },
    )
    response = client.post(reverse("aid_tracking:activity_edit", args=[activity.pk]), data)
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title_fr == "Santé maternelle (phase 2)"
    new = activity.transactions.get()
    assert (new.value, new.currency_id, new.value_date) == (
        Decimal(1000),
        "USD",
        datetime.date(2025, 3, 5),
    )
    assert activity.planned_disbursements.get().value == Decimal(320000)


def test_other_ptf_cannot_edit_alphas_activity_by_posting_the_form(
    alpha_published, post_data, client_for, other_ptf
):
    url = reverse("aid_tracking:activity_edit", args=[alpha_published.pk])
    response = client_for(other_ptf).post(url, post_data(title_fr="Détourné"))
    assert response.status_code == 403
    alpha_published.refresh_from_db()
    assert alpha_published.title_fr != "Détourné"


def test_other_ptf_cannot_reach_alphas_draft_by_url(alpha_draft, post_data, client_for, other_ptf):
    url = reverse("aid_tracking:activity_edit", args=[alpha_draft.pk])
    assert client_for(other_ptf).post(url, post_data()).status_code == 404
    assert client_for(other_ptf).get(alpha_draft.get_absolute_url()).status_code == 404
    history = reverse("aid_tracking:activity_history", args=[alpha_draft.pk])
    assert client_for(other_ptf).get(history).status_code == 404


def test_other_ptf_cannot_move_a_row_of_alpha_into_its_own_activity(
    alpha_draft, beta_draft, post_data, client_for, other_ptf
):
    """A row id of another activity in the posted formset is not accepted."""
    alpha_transaction = alpha_draft.transactions.get()
    data = post_data(
        iati_identifier=beta_draft.iati_identifier,
        **management("transactions", 1, 1),
        **{"transactions-0-id": str(alpha_transaction.pk), "transactions-0-value": "1"},
    )
    url = reverse("aid_tracking:activity_edit", args=[beta_draft.pk])
    client_for(other_ptf).post(url, data)
    alpha_transaction.refresh_from_db()
    assert alpha_transaction.value == Decimal("100000.00")
    assert alpha_transaction.activity == alpha_draft


def test_history_page_shows_who_changed_what(post_data, client_for, ptf):
    client = client_for(ptf)
    client.post(reverse("aid_tracking:activity_create"), post_data())
    activity = Activity.objects.get()
    data = post_data(
        title_fr="Nouveau titre",
        **{f"{prefix}-INITIAL_FORMS": "1" for prefix in PREFIXES},
        **{"sectors-0-id": str(activity.sectors.get().pk)},
        **{"locations-0-id": str(activity.locations.get().pk)},
        **{"participants-0-id": str(activity.participating_orgs.get().pk)},
        **{"transactions-0-id": str(activity.transactions.get().pk)},
        **{"plans-0-id": str(activity.planned_disbursements.get().pk)},
        **{"budgets-0-id": str(activity.budgets.get().pk)},
    )
    client.post(reverse("aid_tracking:activity_edit", args=[activity.pk]), data)
    page = client.get(reverse("aid_tracking:activity_history", args=[activity.pk]))
    changes = page.context["changes"]
    titles = [
        fields for change in changes for fields in change.fields if fields[0] == "titre (français)"
    ]
    assert titles == [("titre (français)", "Appui à la santé maternelle", "Nouveau titre")]
    assert all(change.who == ptf for change in changes)
    assert any(change.what.startswith("Transaction") for change in changes)


def test_an_empty_row_with_only_its_currency_changed_is_ignored(post_data, client_for, ptf):
    data = post_data(
        **management("transactions", 2),
        **{"transactions-1-currency": "USD"},
    )
    response = client_for(ptf).post(reverse("aid_tracking:activity_create"), data)
    assert response.status_code == 302
    assert Activity.objects.get().transactions.count() == 1


def test_a_half_filled_row_is_explained_not_a_crash(post_data, client_for, ptf):
    data = post_data(**{"transactions-0-transaction_type": None})
    data.pop("transactions-0-transaction_type", None)
    response = client_for(ptf).post(reverse("aid_tracking:activity_create"), data)
    assert "Ce champ est obligatoire." in errors_of(response)


def test_the_edit_page_shows_the_saved_sector_selected(alpha_draft, client_for, ptf):
    page = client_for(ptf).get(reverse("aid_tracking:activity_edit", args=[alpha_draft.pk]))
    assert '<option value="14030" selected>' in page.content.decode()
