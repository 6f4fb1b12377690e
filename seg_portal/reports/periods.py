"""Periods as a person reads them, in the active language (the registry keeps the keys)."""

from django.utils import formats
from django.utils.translation import gettext as _

from seg_portal.reports.registry import Periodicity, parse_period


def period_label(periodicity: Periodicity, key: str) -> str:
    period = parse_period(periodicity, key)
    if period is None:
        return key
    if periodicity == Periodicity.MONTH:
        return formats.date_format(period.start, "F Y")
    if periodicity == Periodicity.QUARTER:
        return _("Quarter %(quarter)s %(year)s") % {
            "quarter": (period.start.month - 1) // 3 + 1,
            "year": period.start.year,
        }
    if periodicity == Periodicity.YEAR:
        return _("Year %(year)s") % {"year": period.start.year}
    return key
