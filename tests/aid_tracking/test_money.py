"""Conversion at read time, with figures worked out by hand."""

import datetime
from decimal import Decimal

import pytest

from aid_tracking.money import MissingRate, Rates, convert, total_of
from tests.aid_tracking.factories import ExchangeRateFactory

MARCH = datetime.date(2025, 3, 14)


@pytest.fixture
def rates(reference_data):
    ExchangeRateFactory(currency_id="USD", month=datetime.date(2025, 3, 1), rate=Decimal(600))
    ExchangeRateFactory(currency_id="USD", month=datetime.date(2025, 4, 1), rate=Decimal(580))
    ExchangeRateFactory(currency_id="CHF", month=datetime.date(2025, 3, 1), rate=Decimal(700))


def test_euro_to_xof_uses_the_peg(db):
    # 1 000 EUR x 655.957 = 655 957 XOF; no rate is stored, none is needed.
    assert convert(Decimal(1000), "EUR", "XOF", MARCH) == Decimal("655957.00")


def test_xof_to_euro_divides_by_the_peg(db):
    # 1 000 000 / 655.957 = 1 524.4901… → 1 524.49
    assert convert(Decimal(1_000_000), "XOF", "EUR", MARCH) == Decimal("1524.49")


def test_same_currency_is_unchanged(db):
    assert convert(Decimal("12.34"), "CHF", "CHF", MARCH) == Decimal("12.34")


def test_dollars_use_the_rate_of_the_value_dates_month(rates):
    # 250 USD x 600 = 150 000 XOF in March; x 580 = 145 000 XOF in April.
    assert convert(Decimal(250), "USD", "XOF", MARCH) == Decimal("150000.00")
    assert convert(Decimal(250), "USD", "XOF", datetime.date(2025, 4, 30)) == Decimal("145000.00")


def test_cross_rates_go_through_the_xof(rates):
    # 284 791 CHF x 700 = 199 353 700 XOF; / 600 = 332 256.1666… USD; / 655.957 = 303 912.756… EUR
    assert convert(Decimal(284_791), "CHF", "USD", MARCH) == Decimal("332256.17")
    assert convert(Decimal(284_791), "CHF", "EUR", MARCH) == Decimal("303912.76")


def test_a_missing_past_month_is_an_error_not_a_guess(rates):
    with pytest.raises(MissingRate) as error:
        convert(Decimal(100), "USD", "XOF", datetime.date(2025, 2, 28))
    assert error.value.currency == "USD"
    assert error.value.month == datetime.date(2025, 2, 1)
    assert "USD" in error.value.message


def test_a_currency_without_any_rate_is_an_error(rates):
    with pytest.raises(MissingRate):
        convert(Decimal(100), "GBP", "EUR", MARCH)


def test_dates_after_the_last_month_entered_use_the_last_rate(rates):
    # A forward plan for 2027 in USD: the April 2025 rate (580) is the latest known.
    assert convert(Decimal(10), "USD", "XOF", datetime.date(2027, 6, 1)) == Decimal("5800.00")


def test_totals_convert_each_amount_and_list_what_they_leave_out(rates):
    table = Rates.load()
    total = total_of(
        [
            ("EUR", MARCH, Decimal(1000)),  # 655 957 XOF
            ("USD", MARCH, Decimal(250)),  # 150 000 XOF
            ("XOF", MARCH, Decimal(43)),  # 43 XOF
            ("USD", datetime.date(2024, 12, 1), Decimal(99)),  # no rate: left out
        ],
        "XOF",
        table,
    )
    assert total.value == Decimal("806000.00")
    assert not total.is_complete
    assert total.missing == {("USD", datetime.date(2024, 12, 1))}


def test_rates_are_loaded_in_one_query(rates, django_assert_num_queries):
    with django_assert_num_queries(1):
        table = Rates.load()
    assert table.xof_per_unit("CHF", MARCH) == Decimal(700)
