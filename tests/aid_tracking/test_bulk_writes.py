"""Rows written by ``bulk_writes.insert_dicts`` (COPY on PostgreSQL, multi-row INSERT on SQLite)
read back exactly as they were given."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aid_tracking import bulk_writes
from aid_tracking.models import Activity, Currency, Transaction
from tests.aid_tracking.factories import ActivityFactory, code

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]

HOSTILE = [
    "tab\there",
    "line\nbreak",
    "carriage\rreturn\r\n",
    "back\\slash",
    "ends with a backslash\\",
    "\\N",
    "\\.",
    "\\t is not a tab",
    "quotes ' \" `",
    "unicode é ç ✓ 𝄞 مالي ߒߞߏ",
    "",
    "  spaces kept  ",
    "commas, semicolons; and | pipes",
]
VALUES = [
    Decimal("0.00"),
    Decimal("-0.01"),
    Decimal("9876543210123.45"),
    Decimal("1000.50"),
]


def transaction_rows(activity: Activity) -> list[dict]:
    disbursement = code("TransactionType", "3").pk
    return [
        {
            "activity_id": activity.pk,
            "ref": text,
            "description": f"{text}|{text}",
            "receiver_org_name": text,
            "transaction_type_id": disbursement,
            "transaction_date": datetime.date(1999, 12, 31) + datetime.timedelta(days=index),
            "value": VALUES[index % len(VALUES)],
            "value_date": datetime.date(2025, 2, 28),
            "currency_id": "EUR",
            "is_humanitarian": (None, True, False)[index % 3],
            "flow_type_id": None if index % 2 else code("FlowType", "10").pk,
        }
        for index, text in enumerate(HOSTILE)
    ]


def stored(activity: Activity) -> list[dict]:
    names = [
        "activity_id",
        "ref",
        "description",
        "receiver_org_name",
        "transaction_type_id",
        "transaction_date",
        "value",
        "value_date",
        "currency_id",
        "is_humanitarian",
        "flow_type_id",
    ]
    return list(Transaction.objects.filter(activity=activity).order_by("pk").values(*names))


def test_strings_nulls_decimals_dates_and_booleans_read_back_exactly():
    activity = ActivityFactory()
    rows = transaction_rows(activity)

    bulk_writes.insert_dicts(Transaction, rows)

    assert stored(activity) == rows
    assert Transaction.objects.filter(ref="\\N").count() == 1  # a string, not NULL
    assert Transaction.objects.filter(ref="").count() == 1


def test_rows_beyond_one_statement_read_back_in_order():
    # 250 rows: on SQLite two full INSERTs of 100 rows (executemany) and one of the last 50.
    activity = ActivityFactory()
    pattern = transaction_rows(activity)
    rows = [
        {**pattern[index % len(pattern)], "ref": f"{index}:{pattern[index % len(pattern)]['ref']}"}
        for index in range(250)
    ]

    bulk_writes.insert_dicts(Transaction, rows)

    assert stored(activity) == rows


def test_missing_columns_take_the_field_default():
    activity = ActivityFactory()
    row = transaction_rows(activity)[0]

    bulk_writes.insert_dicts(Transaction, [row])

    transaction = Transaction.objects.get(activity=activity)
    assert transaction.provider_org_name == ""
    assert transaction.aid_type_id is None


def test_returned_keys_follow_the_order_of_the_rows():
    organization = ActivityFactory().reporting_organization
    names = [f"XM-ORDER-{number:03d}" for number in (5, 1, 4, 2, 3)]
    rows = [
        {
            "iati_identifier": name,
            "reporting_organization_id": organization.pk,
            "default_currency_id": "EUR",
            "title_fr": name,
            "created_at": datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
            "updated_at": datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
        }
        for name in names
    ]

    keys = bulk_writes.insert_dicts(Activity, rows, return_keys=True)

    assert [Activity.objects.get(pk=key).iati_identifier for key in keys] == names


def test_copy_text_escapes_what_the_format_reserves():
    assert bulk_writes.copy_text("a\tb\\c\nd\re") == "a\\tb\\\\c\\nd\\re"
    assert bulk_writes.copy_text("\\N") == "\\\\N"
    assert bulk_writes.copy_text(None) == "\\N"
    assert bulk_writes.copy_text(True) == "t"
    assert bulk_writes.copy_text(False) == "f"
    assert bulk_writes.copy_text(Decimal("-1000.50")) == "-1000.50"
    assert bulk_writes.copy_text(datetime.date(2025, 3, 1)) == "2025-03-01"
    stamp = datetime.datetime(2025, 3, 1, 12, 30, 5, 123456, tzinfo=datetime.UTC)
    assert bulk_writes.copy_text(stamp) == "2025-03-01T12:30:05.123456+00:00"


def test_copy_text_refuses_a_value_it_cannot_write():
    with pytest.raises(TypeError):
        bulk_writes.copy_text(object())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_postgresql_writes_the_rows_with_copy_not_insert():
    activity = ActivityFactory()
    rows = transaction_rows(activity)

    with CaptureQueriesContext(connection) as queries:
        bulk_writes.insert_dicts(Transaction, rows)

    assert not [query for query in queries if query["sql"].startswith("INSERT")]
    assert stored(activity) == rows


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_postgresql_stores_a_timestamp_with_its_time_zone():
    activity = ActivityFactory()
    stamp = datetime.datetime(
        2025, 3, 1, 23, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=-2))
    )
    row = {
        "iati_identifier": "XM-STAMP-1",
        "reporting_organization_id": activity.reporting_organization_id,
        "default_currency_id": Currency.objects.get(code="EUR").pk,
        "title_fr": "Horodatage",
        "created_at": stamp,
        "updated_at": stamp,
    }

    bulk_writes.insert_dicts(Activity, [row])

    assert Activity.objects.get(iati_identifier="XM-STAMP-1").created_at == stamp


def test_updated_columns_read_back_exactly_with_a_column_of_nulls():
    first, second = ActivityFactory(), ActivityFactory()
    stamp = datetime.datetime(2026, 5, 4, 3, 2, 1, tzinfo=datetime.UTC)
    for activity, text, humanitarian in ((first, HOSTILE[0], True), (second, HOSTILE[5], False)):
        activity.title_fr = text
        activity.description_en = HOSTILE[9]
        activity.planned_start = None  # NULL in every row of the statement
        activity.actual_end = datetime.date(2027, 6, 30)
        activity.is_humanitarian = humanitarian
        activity.published_at = stamp
        activity.activity_status = None
    names = [
        "title_fr",
        "description_en",
        "planned_start",
        "actual_end",
        "is_humanitarian",
        "published_at",
        "activity_status",
    ]

    bulk_writes.update_columns(
        Activity, [model_to_row(first, names), model_to_row(second, names)], names
    )

    read = {
        activity.pk: activity for activity in Activity.objects.filter(pk__in=[first.pk, second.pk])
    }
    for activity in (first, second):
        stored_activity = read[activity.pk]
        assert [getattr(stored_activity, name) for name in names] == [
            getattr(activity, name) for name in names
        ]
    assert read[first.pk].title_fr == "tab\there"
    assert read[second.pk].title_fr == "\\N"
    assert read[second.pk].title_en == second.title_en  # a column not named is left alone


def model_to_row(activity: Activity, names: list[str]) -> dict:
    """The columns ``names`` of ``activity`` by attribute name, with its key, as the import
    gives them."""
    row = {"id": activity.pk}
    for name in names:
        attname = Activity._meta.get_field(name).attname
        row[attname] = getattr(activity, attname)
    return row
