"""The registry of computed sources: indicators the portal measures from the other axes' data.

A source is a function ``(organization, period) -> ComputedValue``. The value is a ratio in [0, 1]
(None when it cannot be measured) and the provenance lists, in plain sentences, what was counted
and from which records, so that a PTF can check the number it is scored on.

The aid-tracking and coordination apps are built in parallel; until their selectors are wired here,
their sources are registered as *unavailable*: they yield no value and say so, never a made-up one.
Wiring a real source is one ``register(...)`` call that replaces the placeholder:

- ``aid.annual_predictability`` (5a): min(D, S) / S, D = disbursed in the year, S = scheduled;
- ``aid.forward_visibility`` (5b): mean over t+1..t+3 of whether forward plans exist;
- ``aid.reporting_timeliness``: how current the PTF's data is;
- ``coordination.attendance_rate``: meetings attended / meetings invited to;
- ``coordination.decision_follow_up_rate``: decisions followed up / decisions due.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class CampaignPeriod:
    year: int
    start: datetime.date
    end: datetime.date


@dataclass(frozen=True)
class ComputedValue:
    value: Decimal | None
    provenance: list[str] = field(default_factory=list)
    available: bool = True


@dataclass(frozen=True)
class ComputedSource:
    key: str
    label: Promise | str
    compute: Callable[..., ComputedValue]


_SOURCES: dict[str, ComputedSource] = {}

NOT_AVAILABLE = _("Not available yet — no data source.")


def register(key: str, label, compute: Callable[..., ComputedValue]) -> None:
    _SOURCES[key] = ComputedSource(key=key, label=label, compute=compute)


def unregister(key: str) -> None:
    _SOURCES.pop(key, None)


def sources() -> list[ComputedSource]:
    return sorted(_SOURCES.values(), key=lambda source: source.key)


def source_choices() -> list[tuple[str, str]]:
    return [(source.key, f"{source.key} — {source.label}") for source in sources()]


def compute(key: str, organization, period: CampaignPeriod) -> ComputedValue:
    source = _SOURCES.get(key)
    if source is None:
        return ComputedValue(value=None, provenance=[str(NOT_AVAILABLE)], available=False)
    return source.compute(organization, period)


def _not_available(organization, period: CampaignPeriod) -> ComputedValue:
    return ComputedValue(value=None, provenance=[str(NOT_AVAILABLE)], available=False)


def ratio(numerator, denominator) -> Decimal | None:
    """numerator / denominator rounded to 4 places, None when nothing was expected."""
    if not denominator:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(Decimal("0.0001"))


PLACEHOLDERS = {
    "aid.annual_predictability": _("Annual predictability (5a): disbursed against scheduled"),
    "aid.forward_visibility": _("Forward visibility (5b): forward plans for the next three years"),
    "aid.reporting_timeliness": _("Reporting timeliness: how current the PTF's data is"),
    "coordination.attendance_rate": _("Attendance rate at coordination meetings"),
    "coordination.decision_follow_up_rate": _("Follow-up rate of decisions"),
}

for _key, _label in PLACEHOLDERS.items():
    register(_key, _label, _not_available)
