"""Hand-built Triple C data for the tests: small frameworks whose scores are easy to work out."""

import datetime
from decimal import Decimal

from code_of_conduct.models import (
    Answer,
    Assessment,
    Campaign,
    Commitment,
    FrameworkVersion,
    Indicator,
    Principle,
)


def make_framework(label: str = "Test framework") -> FrameworkVersion:
    """Two principles.

    P1 "Alignment": I1 scale (baseline 1, target 3), I2 yes/no (baseline 2, target 4).
    P2 "Predictability": I3 computed from ``test.ratio`` (baseline 2, target 3).
    """
    framework = FrameworkVersion.objects.create(label=label)
    p1 = Principle.objects.create(
        framework=framework, code="1", position=1, title_fr="Alignement", title_en="Alignment"
    )
    p2 = Principle.objects.create(
        framework=framework,
        code="2",
        position=2,
        title_fr="Prévisibilité",
        title_en="Predictability",
    )
    c1 = Commitment.objects.create(principle=p1, code="1.1", text_fr="S'aligner", text_en="Align")
    c2 = Commitment.objects.create(principle=p2, code="2.1", text_fr="Prévoir", text_en="Forecast")
    Indicator.objects.create(
        commitment=c1,
        code="1.1.1",
        position=1,
        text_fr="Programmes alignés",
        text_en="Aligned programmes",
        kind=Indicator.Kind.SCALE,
        levels_fr="0 aucun\n1 peu\n2 partiel\n3 large\n4 total",
        levels_en="0 none\n1 few\n2 partial\n3 most\n4 all",
        baseline=Decimal("1"),
        target=Decimal("3"),
    )
    Indicator.objects.create(
        commitment=c1,
        code="1.1.2",
        position=2,
        text_fr="Aide sur budget",
        text_en="On-budget aid",
        kind=Indicator.Kind.YES_NO,
        baseline=Decimal("2"),
        target=Decimal("4"),
    )
    Indicator.objects.create(
        commitment=c2,
        code="2.1.1",
        position=1,
        text_fr="Prévisibilité annuelle",
        text_en="Annual predictability",
        kind=Indicator.Kind.COMPUTED,
        source_key="test.ratio",
        baseline=Decimal("2"),
        target=Decimal("3"),
    )
    return framework


def indicator(framework: FrameworkVersion, code: str) -> Indicator:
    return Indicator.objects.get(commitment__principle__framework=framework, code=code)


def make_campaign(framework: FrameworkVersion, *, year: int = 2026, **fields) -> Campaign:
    defaults = {
        "period_start": datetime.date(year, 1, 1),
        "period_end": datetime.date(year, 12, 31),
        "deadline": datetime.date(year, 12, 15),
    }
    defaults.update(fields)
    return Campaign.objects.create(year=year, framework=framework, **defaults)


def make_assessment(campaign: Campaign, organization, **fields) -> Assessment:
    return Assessment.objects.create(campaign=campaign, organization=organization, **fields)


def answer(assessment: Assessment, ind: Indicator, value=None, computed=None) -> Answer:
    return Answer.objects.create(
        assessment=assessment, indicator=ind, value=value, computed_value=computed
    )
