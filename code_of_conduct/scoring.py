"""Scores, ratings and commentary (pure functions, no queries).

A score is the mean of the normalised indicator scores (0-4; yes/no → 0 or 4; a computed ratio r →
4r); missing answers are left out of the mean and counted. A rating compares the score with the
baseline and target (the IHP+Results pattern): met when the score reaches the target, progressing
when it is above the baseline, not met otherwise.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Rating(models.TextChoices):
    MET = "met", _("Met")
    PROGRESSING = "progressing", _("Progressing")
    NOT_MET = "not_met", _("Not met")


RATING_BADGES = {
    Rating.MET: "badge-success",
    Rating.PROGRESSING: "badge-warning",
    Rating.NOT_MET: "badge-danger",
}

TWO_PLACES = Decimal("0.01")


def mean(values: Iterable[Decimal | None]) -> Decimal | None:
    present = [value for value in values if value is not None]
    if not present:
        return None
    return (sum(present, Decimal(0)) / len(present)).quantize(TWO_PLACES, ROUND_HALF_UP)


def rate(score: Decimal | None, baseline: Decimal | None, target: Decimal | None) -> str | None:
    if score is None or (baseline is None and target is None):
        return None
    if target is not None and score >= target:
        return Rating.MET
    if baseline is not None and score > baseline:
        return Rating.PROGRESSING
    return Rating.NOT_MET


@dataclass
class Score:
    score: Decimal | None
    baseline: Decimal | None
    target: Decimal | None
    answered: int
    missing: int

    @property
    def rating(self) -> str | None:
        return rate(self.score, self.baseline, self.target)

    @property
    def rating_label(self) -> str:
        return Rating(self.rating).label if self.rating else ""

    @property
    def rating_badge(self) -> str:
        return RATING_BADGES.get(self.rating, "")


def score_indicators(indicators, normalised_by_indicator: dict[int, Decimal | None]) -> Score:
    """Score a group of indicators (a principle) from normalised answers keyed by indicator."""
    values = [normalised_by_indicator.get(indicator.pk) for indicator in indicators]
    return Score(
        score=mean(values),
        baseline=mean(indicator.baseline for indicator in indicators),
        target=mean(indicator.target for indicator in indicators),
        answered=sum(1 for value in values if value is not None),
        missing=sum(1 for value in values if value is None),
    )


def _number(value: Decimal | None) -> str:
    """A score written the way the active language writes decimals (3,50 in French)."""
    return "" if value is None else number_format(value, 2)


def commentary(*, subject: str, principle: str, score: Score) -> str:
    """One sentence that says where a score stands against its baseline and target."""
    if score.score is None:
        return gettext("%(subject)s has no validated answer for “%(principle)s” yet.") % {
            "subject": subject,
            "principle": principle,
        }
    values = {
        "subject": subject,
        "principle": principle,
        "score": _number(score.score),
        "baseline": _number(score.baseline),
        "target": _number(score.target),
    }
    if score.rating == Rating.MET:
        return (
            gettext(
                "%(subject)s scores %(score)s out of 4 on “%(principle)s”, "
                "reaching the target of %(target)s."
            )
            % values
        )
    if score.rating == Rating.PROGRESSING:
        return (
            gettext(
                "%(subject)s scores %(score)s out of 4 on “%(principle)s”: above the baseline of "
                "%(baseline)s but short of the target of %(target)s."
            )
            % values
        )
    if score.rating == Rating.NOT_MET and score.baseline is None:
        return (
            gettext(
                "%(subject)s scores %(score)s out of 4 on “%(principle)s”, "
                "short of the target of %(target)s."
            )
            % values
        )
    if score.rating == Rating.NOT_MET:
        return (
            gettext(
                "%(subject)s scores %(score)s out of 4 on “%(principle)s”, "
                "not above the baseline of %(baseline)s."
            )
            % values
        )
    return gettext("%(subject)s scores %(score)s out of 4 on “%(principle)s”.") % values
