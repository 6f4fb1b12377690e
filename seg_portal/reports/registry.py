"""The registry of report kinds. Each app contributes its kinds from its own ``reports.py``.

A kind knows how to name its periods, which period is the latest complete one, and how to build
the context of its PDF template from the data. The engine (models, rendering, scheduling,
publication) never knows what a kind contains.

    # aid_tracking/reports.py
    from seg_portal.reports.registry import Periodicity, ReportKind, register

    register(ReportKind(
        slug="aid_quarterly",
        label=_("Quarterly aid report"),
        periodicity=Periodicity.QUARTER,
        template_name="aid_tracking/pdf/quarterly.html",
        build_context=build_quarterly_context,   # (report) -> dict, run in report.language
    ))
"""

import datetime
import enum
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules

from seg_portal.accounts.roles import Visibility


class Periodicity(enum.StrEnum):
    MONTH = "month"  # "2026-10"
    QUARTER = "quarter"  # "2026-Q3"
    YEAR = "year"  # "2026"
    SUBJECT = "subject"  # one report per subject (a meeting, an organisation): period is its id


_PATTERNS = {
    Periodicity.MONTH: re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$"),
    Periodicity.QUARTER: re.compile(r"^(\d{4})-Q([1-4])$"),
    Periodicity.YEAR: re.compile(r"^(\d{4})$"),
    Periodicity.SUBJECT: re.compile(r"^[\w.-]{1,64}$"),
}


@dataclass(frozen=True)
class Period:
    """A calendar period with its first and last day (inclusive)."""

    key: str
    start: datetime.date
    end: datetime.date


def parse_period(periodicity: Periodicity, key: str) -> Period | None:
    """The period named by ``key``, or None when the key is not of that periodicity's form."""
    match = _PATTERNS[periodicity].match(key or "")
    if not match:
        return None
    if periodicity == Periodicity.MONTH:
        year, month = int(match[1]), int(match[2])
        start = datetime.date(year, month, 1)
        following = datetime.date(year + month // 12, month % 12 + 1, 1)
        return Period(key, start, following - datetime.timedelta(days=1))
    if periodicity == Periodicity.QUARTER:
        year, quarter = int(match[1]), int(match[2])
        start = datetime.date(year, 3 * quarter - 2, 1)
        following = datetime.date(year + quarter // 4, (3 * quarter) % 12 + 1, 1)
        return Period(key, start, following - datetime.timedelta(days=1))
    if periodicity == Periodicity.YEAR:
        year = int(match[1])
        return Period(key, datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    return Period(key, datetime.date.min, datetime.date.max)


def latest_complete_period(periodicity: Periodicity, today: datetime.date) -> str | None:
    """The key of the last period that ended before ``today`` (None for per-subject kinds)."""
    if periodicity == Periodicity.MONTH:
        last = today.replace(day=1) - datetime.timedelta(days=1)
        return f"{last.year}-{last.month:02d}"
    if periodicity == Periodicity.QUARTER:
        quarter = (today.month - 1) // 3 + 1
        return f"{today.year - 1}-Q4" if quarter == 1 else f"{today.year}-Q{quarter - 1}"
    if periodicity == Periodicity.YEAR:
        return str(today.year - 1)
    return None


@dataclass(frozen=True)
class ReportKind:
    slug: str
    label: str | Promise
    periodicity: Periodicity
    template_name: str
    build_context: Callable[[Any], dict]
    default_audience: str = Visibility.PARTNERS
    description: str | Promise = ""
    # Optional: the subjects a per-subject kind can be generated for, as (key, label) pairs.
    subjects: Callable[[], list[tuple[str, str]]] | None = None
    # Optional: the widest audience a report of this kind may have, from its row (e.g. a meeting's
    # minutes cannot be published wider than the minutes themselves). Enforced when a report is
    # requested and when it is published.
    max_audience: Callable[[Any], str] | None = None


# Each audience includes the readers of the one before it.
AUDIENCE_ORDER = ["internal", "partners", "public"]


def is_wider(audience: str, than: str) -> bool:
    """True when ``audience`` reaches more readers than ``than``."""
    return AUDIENCE_ORDER.index(audience) > AUDIENCE_ORDER.index(than)


_KINDS: dict[str, ReportKind] = {}


def register(kind: ReportKind) -> ReportKind:
    if kind.slug in _KINDS and _KINDS[kind.slug] != kind:
        raise ValueError(f"Report kind {kind.slug!r} is registered twice.")
    _KINDS[kind.slug] = kind
    return kind


def unregister(slug: str) -> None:
    """Forget a kind (tests register throw-away kinds and clean up after themselves)."""
    _KINDS.pop(slug, None)


def get_kind(slug: str) -> ReportKind | None:
    return _KINDS.get(slug)


def all_kinds() -> list[ReportKind]:
    return sorted(_KINDS.values(), key=lambda kind: kind.slug)


def autodiscover() -> None:
    """Import every app's ``reports`` module so that its kinds register themselves."""
    autodiscover_modules("reports")
