"""Writes: an activity with its parts in one transaction, the publication rule, rates."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from aid_tracking import services
from aid_tracking.models import Activity, ActivitySector, ExchangeRate, Transaction
from seg_portal.accounts.roles import Visibility
from tests.aid_tracking.factories import (
    ActivityFactory,
    ActivitySectorFactory,
    PlannedDisbursementFactory,
    TransactionFactory,
    complete_activity,
)


@pytest.fixture(autouse=True)
def _in_english():
    """The messages are asserted in English (the msgids); French is checked by the catalogue."""
    with translation.override("en"):
        yield


FIELDS = {
    "iati_identifier": "XM-ALPHA-WATER",
    "title_fr": "Eau potable à Mopti",
    "title_en": "Drinking water in Mopti",
    "description_fr": "Forages et adductions d'eau dans le cercle de Mopti.",
    "planned_start": datetime.date(2025, 1, 1),
    "planned_end": datetime.date(2027, 12, 31),
}


@pytest.fixture
def fields(reference_data):
    return {**FIELDS, "default_currency": reference_data.currencies["EUR"]}


def transaction_row(reference_data, **overrides) -> dict:
    return {
        "transaction_type": reference_data.code("TransactionType", "2"),
        "transaction_date": datetime.date(2025, 2, 1),
        "value": Decimal("500000"),
        "currency": reference_data.currencies["EUR"],
        "value_date": datetime.date(2025, 2, 1),
        **overrides,
    }


def test_create_activity_writes_the_activity_and_its_parts(
    reference_data, regions, alpha, ptf, fields
):
    activity = services.create_activity(
        organization=alpha,
        by=ptf,
        fields=fields,
        credd_axes=[reference_data.credd[5]],
        sectors=[
            {"sector": reference_data.sectors["14030"], "percentage": Decimal(60)},
            {"sector": reference_data.sectors["12220"], "percentage": Decimal(40)},
        ],
        locations=[{"region": regions["ML-5"], "percentage": Decimal(100)}],
        transactions=[transaction_row(reference_data)],
    )
    assert activity.reporting_organization == alpha
    assert activity.publication_status == Activity.PublicationStatus.DRAFT
    assert sorted(activity.sectors.values_list("code", flat=True)) == ["12220", "14030"]
    assert activity.locations.get().region.code == "ML-5"
    assert activity.transactions.get().value == Decimal("500000")
    assert list(activity.credd_axes.values_list("number", flat=True)) == [5]
    assert {record.history_user for record in activity.history.all()} == {ptf}
    assert Transaction.history.get().history_user == ptf


def test_sector_percentages_must_add_up_to_100(reference_data, alpha, ptf, fields):
    with pytest.raises(ValidationError) as error:
        services.create_activity(
            organization=alpha,
            by=ptf,
            fields=fields,
            sectors=[
                {"sector": reference_data.sectors["14030"], "percentage": Decimal(60)},
                {"sector": reference_data.sectors["12220"], "percentage": Decimal(30)},
            ],
        )
    assert "add up to 90 %" in str(error.value)
    assert not Activity.objects.exists()


def test_region_percentages_must_add_up_to_100(reference_data, regions, alpha, ptf, fields):
    with pytest.raises(ValidationError, match="region percentages add up to 150"):
        services.create_activity(
            organization=alpha,
            by=ptf,
            fields=fields,
            locations=[
                {"region": regions["ML-5"], "percentage": Decimal(100)},
                {"region": regions["ML-BKO"], "percentage": Decimal(50)},
            ],
        )


def test_end_before_start_is_refused(reference_data, alpha, ptf, fields):
    fields["planned_end"] = datetime.date(2024, 12, 31)
    with pytest.raises(ValidationError):
        services.create_activity(organization=alpha, by=ptf, fields=fields)


def test_update_changes_kept_parts_adds_new_ones_and_deletes_the_rest(
    alpha_draft, ptf, reference_data
):
    kept = alpha_draft.transactions.get()
    removed = TransactionFactory(activity=alpha_draft)
    services.update_activity(
        activity=alpha_draft,
        by=ptf,
        fields={"title_fr": "Titre revu"},
        transactions=[
            {"id": kept.pk, **transaction_row(reference_data, value=Decimal(7))},
            transaction_row(reference_data, value=Decimal(8)),
        ],
    )
    values = sorted(alpha_draft.transactions.values_list("value", flat=True))
    assert values == [Decimal(7), Decimal(8)]
    assert not Transaction.objects.filter(pk=removed.pk).exists()
    assert alpha_draft.transactions.filter(pk=kept.pk).exists()
    assert Activity.objects.get(pk=alpha_draft.pk).title_fr == "Titre revu"


def test_update_from_the_form_keeps_sectors_of_other_vocabularies(alpha_draft, ptf, reference_data):
    ActivitySectorFactory(
        activity=alpha_draft, vocabulary="2", sector=None, code="140", percentage=Decimal(100)
    )
    services.update_activity(
        activity=alpha_draft,
        by=ptf,
        fields={},
        sectors=[{"sector": reference_data.sectors["12220"], "percentage": Decimal(100)}],
        sector_vocabularies=["1"],
    )
    assert sorted(alpha_draft.sectors.values_list("vocabulary", "code")) == [
        ("1", "12220"),
        ("2", "140"),
    ]


def test_a_complete_draft_is_published(alpha_draft, ptf):
    services.publish_activity(activity=alpha_draft, by=ptf)
    alpha_draft.refresh_from_db()
    assert alpha_draft.is_published
    assert alpha_draft.published_at is not None


def test_a_forward_plan_is_enough_instead_of_a_transaction(alpha_draft, ptf):
    alpha_draft.transactions.all().delete()
    PlannedDisbursementFactory(activity=alpha_draft)
    services.publish_activity(activity=alpha_draft, by=ptf)
    alpha_draft.refresh_from_db()
    assert alpha_draft.is_published


@pytest.mark.parametrize(
    ("remove", "named"),
    [
        (lambda a: Activity.objects.filter(pk=a.pk).update(title_fr="", title_en=""), "a title"),
        (
            lambda a: Activity.objects.filter(pk=a.pk).update(description_fr="", description_en=""),
            "a description",
        ),
        (
            lambda a: Activity.objects.filter(pk=a.pk).update(
                planned_start=None, actual_start=None
            ),
            "a start date",
        ),
        (
            lambda a: Activity.objects.filter(pk=a.pk).update(planned_end=None, actual_end=None),
            "an end date",
        ),
        (lambda a: a.sectors.all().delete(), "a sector"),
        (lambda a: a.locations.all().delete(), "a region"),
        (lambda a: a.transactions.all().delete(), "a transaction or a forward plan"),
    ],
)
def test_publishing_names_each_missing_item(alpha_draft, ptf, remove, named):
    remove(alpha_draft)
    with pytest.raises(services.PublicationRefused) as refusal:
        services.publish_activity(activity=alpha_draft, by=ptf)
    assert len(refusal.value.missing) == 1
    assert named in refusal.value.missing[0]
    assert named in refusal.value.message
    alpha_draft.refresh_from_db()
    assert not alpha_draft.is_published


def test_an_empty_draft_lists_everything_it_lacks(reference_data, alpha, ptf):
    draft = ActivityFactory(
        reporting_organization=alpha,
        title_fr="",
        title_en="",
        description_fr="",
        description_en="",
        planned_start=None,
        planned_end=None,
    )
    with pytest.raises(services.PublicationRefused) as refusal:
        services.publish_activity(activity=draft, by=ptf)
    assert len(refusal.value.missing) == 7


def test_a_published_activity_cannot_lose_what_made_it_publishable(alpha_published, ptf):
    with pytest.raises(services.PublicationRefused):
        services.update_activity(activity=alpha_published, by=ptf, fields={}, sectors=[])
    assert alpha_published.sectors.count() == 1


def test_unpublishing_returns_to_draft(alpha_published, ptf):
    services.unpublish_activity(activity=alpha_published, by=ptf)
    alpha_published.refresh_from_db()
    assert alpha_published.publication_status == Activity.PublicationStatus.DRAFT


def test_a_draft_is_deleted_with_its_parts(alpha_draft, ptf):
    services.delete_draft(activity=alpha_draft, by=ptf)
    assert not Activity.objects.filter(pk=alpha_draft.pk).exists()
    assert not ActivitySector.objects.exists()


def test_a_published_activity_cannot_be_deleted(alpha_published, ptf):
    with pytest.raises(ValidationError):
        services.delete_draft(activity=alpha_published, by=ptf)
    assert Activity.objects.filter(pk=alpha_published.pk).exists()


def test_the_secretariat_restricts_visibility(alpha_published, secretariat):
    services.set_activity_visibility(
        activity=alpha_published, visibility=Visibility.PARTNERS, by=secretariat
    )
    alpha_published.refresh_from_db()
    assert alpha_published.visibility == Visibility.PARTNERS


def test_exchange_rates_are_kept_per_month(reference_data, secretariat):
    rate = services.save_exchange_rate(
        currency=reference_data.currencies["USD"],
        month=datetime.date(2025, 3, 17),
        rate=Decimal("605.5"),
        by=secretariat,
    )
    assert rate.month == datetime.date(2025, 3, 1)
    assert rate.updated_by == secretariat
    with pytest.raises(ValidationError, match="already exists"):
        services.save_exchange_rate(
            currency=reference_data.currencies["USD"],
            month=datetime.date(2025, 3, 1),
            rate=Decimal(1),
            by=secretariat,
        )
    services.save_exchange_rate(
        currency=reference_data.currencies["USD"],
        month=datetime.date(2025, 3, 1),
        rate=Decimal("606"),
        by=secretariat,
        exchange_rate=rate,
    )
    assert ExchangeRate.objects.get().rate == Decimal("606")


@pytest.mark.parametrize("code", ["EUR", "XOF"])
def test_pegged_currencies_take_no_rate(reference_data, secretariat, code):
    with pytest.raises(ValidationError, match="pegged"):
        services.save_exchange_rate(
            currency=reference_data.currencies[code],
            month=datetime.date(2025, 3, 1),
            rate=Decimal(1),
            by=secretariat,
        )


def test_complete_activity_helper_is_publishable(reference_data, alpha):
    assert services.missing_for_publication(complete_activity(alpha, published=False)) == []
