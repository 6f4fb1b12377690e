"""Conversion of amounts at read time, through the XOF (franc CFA BCEAO).

Amounts are stored in the currency reported. To show them in XOF, EUR or USD we go through XOF:
``value * (XOF per unit of the source currency) / (XOF per unit of the target currency)``, each
rate taken for the month of the amount's value date.

- XOF is 1 and the euro is pegged (1 EUR = 655.957 XOF since 1999): both are built in and never
  stored, so nobody can enter a wrong EUR rate.
- Other currencies use the monthly ``ExchangeRate`` the secretariat enters. A value date after
  the last month entered uses that last rate (forward plans and budgets run years ahead); a value
  date in or before the months entered, with no rate for its month, raises ``MissingRate``:
  a rate is never guessed for the past.
- Results are rounded to 2 decimals, half up, at the end only.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

EUR_XOF = Decimal("655.957")
PEGGED = {"XOF": Decimal(1), "EUR": EUR_XOF}
# The currencies a reader may choose to see amounts in.
DISPLAY_CURRENCIES = ("XOF", "EUR", "USD")
DISPLAY_CURRENCY_CHOICES = [
    ("XOF", gettext_lazy("CFA franc (XOF)")),
    ("EUR", gettext_lazy("Euro (EUR)")),
    ("USD", gettext_lazy("US dollar (USD)")),
]
DEFAULT_DISPLAY_CURRENCY = "XOF"
CENT = Decimal("0.01")


class MissingRate(Exception):
    """No exchange rate is known for this currency and month."""

    def __init__(self, currency: str, month: datetime.date) -> None:
        self.currency = currency
        self.month = month
        super().__init__(f"No exchange rate for {currency} in {month:%Y-%m}.")

    @property
    def message(self) -> str:
        return _("No exchange rate for %(currency)s in %(month)s.") % {
            "currency": self.currency,
            "month": date_format(self.month, "YEAR_MONTH_FORMAT"),
        }


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


class Rates:
    """XOF per unit of each currency, per month: loaded once, used for every amount of a page."""

    def __init__(self, table: dict[str, dict[datetime.date, Decimal]] | None = None) -> None:
        self.table = table or {}

    @classmethod
    def load(cls, currencies: Iterable[str] | None = None) -> "Rates":
        """One query: every stored rate (of these currencies, when given)."""
        from aid_tracking.models import ExchangeRate

        rates = ExchangeRate.objects.all()
        if currencies is not None:
            rates = rates.filter(currency_id__in=set(currencies) - set(PEGGED))
        table: dict[str, dict[datetime.date, Decimal]] = {}
        for currency, month, rate in rates.values_list("currency_id", "month", "rate"):
            table.setdefault(currency, {})[month] = rate
        return cls(table)

    def xof_per_unit(self, currency: str, on_date: datetime.date) -> Decimal:
        if currency in PEGGED:
            return PEGGED[currency]
        month = first_of_month(on_date)
        months = self.table.get(currency, {})
        if month in months:
            return months[month]
        if months and month > max(months):
            return months[max(months)]
        raise MissingRate(currency, month)

    def convert(self, value: Decimal, currency: str, to: str, on_date: datetime.date) -> Decimal:
        return self.convert_exact(value, currency, to, on_date).quantize(CENT, ROUND_HALF_UP)

    def convert_exact(
        self, value: Decimal, currency: str, to: str, on_date: datetime.date
    ) -> Decimal:
        if currency == to:
            return Decimal(value)
        xof = Decimal(value) * self.xof_per_unit(currency, on_date)
        return xof / self.xof_per_unit(to, on_date)


def convert(
    value: Decimal,
    currency: str,
    to: str,
    on_date: datetime.date,
    *,
    rates: Rates | None = None,
) -> Decimal:
    """``value`` in ``currency`` expressed in ``to`` at the rates of ``on_date``'s month.

    Raises ``MissingRate`` when a rate is missing. Pass ``rates`` (``Rates.load()``) to convert
    many amounts with one query.
    """
    if rates is None:
        rates = Rates.load(currencies={currency, to})
    return rates.convert(value, currency, to, on_date)


@dataclass
class Total:
    """A sum converted into one currency, with what could not be converted (shown as a marker)."""

    currency: str
    value: Decimal = Decimal(0)
    missing: set[tuple[str, datetime.date]] = field(default_factory=set)

    @property
    def is_complete(self) -> bool:
        return not self.missing

    def missing_text(self) -> str:
        return describe_missing(self.missing)


def describe_missing(missing: set[tuple[str, datetime.date]]) -> str:
    """Currency-months without an exchange rate, as a reader sees them: "USD 09/2026, …"."""
    return ", ".join(f"{code} {month:%m/%Y}" for code, month in sorted(missing))


def total_of(rows: Iterable[tuple[str, datetime.date, Decimal]], to: str, rates: Rates) -> Total:
    """Sum amounts given as (currency, value date or month, value); amounts whose rate is
    missing are left out and listed in ``missing``."""
    exact = Decimal(0)
    total = Total(currency=to)
    for currency, on_date, value in rows:
        if value is None:
            continue
        try:
            exact += rates.convert_exact(value, currency, to, on_date)
        except MissingRate as error:
            total.missing.add((error.currency, error.month))
    total.value = exact.quantize(CENT, ROUND_HALF_UP)
    return total
