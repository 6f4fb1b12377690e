"""Every read of the Triple C, already filtered by what the viewer may see.

The yearly Triple C scorecard report uses ``scorecard(campaign=…, user=…)``,
``trends(user=…)`` and ``published_campaigns(user=…)``.
"""

import string
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from code_of_conduct import permissions
from code_of_conduct.models import (
    Answer,
    Assessment,
    Campaign,
    Commitment,
    Evidence,
    FrameworkVersion,
    Indicator,
    Principle,
)
from code_of_conduct.scoring import Score, commentary, mean, score_indicators
from seg_portal.accounts.roles import Visibility
from seg_portal.charts import Series, heat_colour, line_chart

# --- Framework ---------------------------------------------------------------------------------


def list_frameworks(*, user) -> QuerySet[FrameworkVersion]:
    if not permissions.can_manage_framework(user):
        return FrameworkVersion.objects.none()
    return FrameworkVersion.objects.all()


def get_framework(*, user, pk: int) -> FrameworkVersion:
    return get_object_or_404(list_frameworks(user=user), pk=pk)


def framework_tree(framework: FrameworkVersion) -> list[Principle]:
    """Principles with their commitments and indicators, in three queries."""
    return list(
        framework.principles.prefetch_related(
            Prefetch(
                "commitments",
                queryset=Commitment.objects.prefetch_related("indicators"),
            )
        )
    )


def get_principle(*, user, pk: int) -> Principle:
    return get_object_or_404(
        Principle.objects.filter(framework__in=list_frameworks(user=user)), pk=pk
    )


def get_commitment(*, user, pk: int) -> Commitment:
    return get_object_or_404(
        Commitment.objects.filter(
            principle__framework__in=list_frameworks(user=user)
        ).select_related("principle__framework"),
        pk=pk,
    )


def get_indicator(*, user, pk: int) -> Indicator:
    return get_object_or_404(
        Indicator.objects.filter(
            commitment__principle__framework__in=list_frameworks(user=user)
        ).select_related("commitment__principle__framework"),
        pk=pk,
    )


# --- Campaigns and assessments -----------------------------------------------------------------


def list_campaigns(*, user) -> QuerySet[Campaign]:
    if permissions.can_manage_campaigns(user):
        return Campaign.objects.select_related("framework")
    return Campaign.objects.none()


def get_campaign(*, user, pk: int) -> Campaign:
    return get_object_or_404(list_campaigns(user=user), pk=pk)


def published_campaigns(*, user) -> QuerySet[Campaign]:
    return Campaign.objects.published_to(user).select_related("framework")


def get_published_campaign(*, user, pk: int) -> Campaign:
    return get_object_or_404(published_campaigns(user=user), pk=pk)


def my_assessments(*, user) -> QuerySet[Assessment]:
    if not user.is_authenticated or not user.is_ptf:
        return Assessment.objects.none()
    return Assessment.objects.visible_to(user).select_related("campaign", "organization")


def get_assessment(*, user, pk: int) -> Assessment:
    return get_object_or_404(
        Assessment.objects.visible_to(user).select_related(
            "campaign__framework", "organization", "submitted_by"
        ),
        pk=pk,
    )


def get_evidence(*, user, pk: int) -> Evidence:
    evidence = get_object_or_404(
        Evidence.objects.select_related("answer__assessment__campaign"), pk=pk
    )
    if not permissions.can_view_assessment(user, evidence.answer.assessment):
        raise Http404
    return evidence


def get_answer(*, user, pk: int) -> Answer:
    return get_object_or_404(
        Answer.objects.filter(assessment__in=Assessment.objects.visible_to(user)).select_related(
            "assessment__campaign", "indicator"
        ),
        pk=pk,
    )


@dataclass
class IndicatorRow:
    indicator: Indicator
    answer: Answer | None

    @property
    def evidence(self) -> list[Evidence]:
        return list(self.answer.evidence.all()) if self.answer else []


@dataclass
class PrincipleBlock:
    principle: Principle
    rows: list[IndicatorRow]
    score: Score


def assessment_sheet(assessment: Assessment) -> list[PrincipleBlock]:
    """The framework of the assessment's campaign, each indicator with its answer and evidence."""
    answers = {
        answer.indicator_id: answer
        for answer in assessment.answers.prefetch_related("evidence").select_related("indicator")
    }
    blocks = []
    for principle in framework_tree(assessment.campaign.framework):
        rows = [
            IndicatorRow(indicator=indicator, answer=answers.get(indicator.pk))
            for commitment in principle.commitments.all()
            for indicator in commitment.indicators.all()
        ]
        normalised = {row.indicator.pk: row.answer.normalised for row in rows if row.answer}
        blocks.append(
            PrincipleBlock(
                principle=principle,
                rows=rows,
                score=score_indicators([row.indicator for row in rows], normalised),
            )
        )
    return blocks


@dataclass
class Progress:
    campaign: Campaign
    assessments: list[Assessment]
    counts: dict[str, int]

    @property
    def by_status(self) -> list[tuple[str, str, int]]:
        return [
            (value, label, self.counts.get(value, 0)) for value, label in Assessment.Status.choices
        ]


def campaign_progress(*, campaign: Campaign, user) -> Progress:
    if not permissions.can_manage_campaigns(user):
        raise Http404
    assessments = list(
        campaign.assessments.select_related("organization", "submitted_by").order_by(
            "status", "organization__acronym"
        )
    )
    return Progress(
        campaign=campaign,
        assessments=assessments,
        counts=Counter(assessment.status for assessment in assessments),
    )


def assessments_to_review(*, user) -> QuerySet[Assessment]:
    if not permissions.can_manage_campaigns(user):
        return Assessment.objects.none()
    return Assessment.objects.filter(status=Assessment.Status.SUBMITTED).select_related(
        "campaign", "organization"
    )


# --- Scorecards --------------------------------------------------------------------------------


def partner_labels(assessments: list[Assessment], *, named: bool) -> dict[int, str]:
    """Acronyms, or "PTF A, PTF B…" in a stable order when the scorecard is anonymised."""
    labels = {}
    for index, assessment in enumerate(sorted(assessments, key=lambda a: a.organization_id)):
        if named:
            labels[assessment.pk] = str(assessment.organization)
        else:
            letters = string.ascii_uppercase
            suffix = letters[index % 26] * (index // 26 + 1)
            labels[assessment.pk] = _("PTF %(letter)s") % {"letter": suffix}
    return labels


@dataclass
class Cell:
    score: Score

    @property
    def colour(self) -> str:
        value = self.score.score
        return heat_colour(float(value) if value is not None else None)


@dataclass
class ScorecardRow:
    assessment: Assessment
    label: str
    cells: list[Cell]
    overall: Score
    commentary: str


@dataclass
class PrincipleSummary:
    principle: Principle
    score: Score
    commentary: str


@dataclass
class Scorecard:
    campaign: Campaign
    named: bool
    principles: list[PrincipleSummary]
    rows: list[ScorecardRow]
    pending: int = 0
    overall: Score | None = None
    status_counts: dict[str, int] = field(default_factory=dict)


def _indicators_by_principle(framework_id: int) -> tuple[list[Principle], dict[int, list]]:
    indicators = list(
        Indicator.objects.filter(commitment__principle__framework_id=framework_id)
        .select_related("commitment__principle")
        .order_by("commitment__principle__position", "commitment__position", "position")
    )
    principles: dict[int, Principle] = {}
    grouped: dict[int, list[Indicator]] = defaultdict(list)
    for indicator in indicators:
        principle = indicator.commitment.principle
        principles.setdefault(principle.pk, principle)
        grouped[principle.pk].append(indicator)
    return list(principles.values()), grouped


def scorecard(*, campaign: Campaign, user) -> Scorecard:
    """The campaign's scorecard from its validated assessments, as this user may see it."""
    if not permissions.can_view_scorecard(user, campaign):
        raise Http404
    return _build_scorecard(campaign, named=permissions.can_see_names(user, campaign))


def scorecard_for_audience(*, campaign: Campaign) -> Scorecard:
    """The scorecard as a document for an audience (a report), not for a person.

    No reader's privileges apply: the PTF are named only when the campaign's publication names
    them; otherwise the document carries the anonymised aggregate (PTF A, PTF B…).
    """
    return _build_scorecard(campaign, named=campaign.is_published and campaign.name_partners)


def _build_scorecard(campaign: Campaign, *, named: bool) -> Scorecard:
    principles, grouped = _indicators_by_principle(campaign.framework_id)
    assessments = list(campaign.assessments.select_related("organization"))
    validated = [a for a in assessments if a.status == Assessment.Status.VALIDATED]
    normalised: dict[int, dict[int, Decimal | None]] = defaultdict(dict)
    answers = Answer.objects.filter(assessment__in=[a.pk for a in validated]).select_related(
        "indicator"
    )
    for answer in answers:
        normalised[answer.assessment_id][answer.indicator_id] = answer.normalised
    labels = partner_labels(validated, named=named)
    rows = []
    for assessment in sorted(validated, key=lambda a: labels[a.pk]):
        cells = [
            Cell(score_indicators(grouped[p.pk], normalised[assessment.pk])) for p in principles
        ]
        all_indicators = [i for p in principles for i in grouped[p.pk]]
        overall = score_indicators(all_indicators, normalised[assessment.pk])
        rows.append(
            ScorecardRow(
                assessment=assessment,
                label=labels[assessment.pk],
                cells=cells,
                overall=overall,
                commentary=commentary(
                    subject=labels[assessment.pk], principle=_("the whole code"), score=overall
                ),
            )
        )
    summaries = []
    for index, principle in enumerate(principles):
        cell_scores = [row.cells[index].score for row in rows]
        score = Score(
            score=mean(s.score for s in cell_scores),
            baseline=mean(i.baseline for i in grouped[principle.pk]),
            target=mean(i.target for i in grouped[principle.pk]),
            answered=sum(s.answered for s in cell_scores),
            missing=sum(s.missing for s in cell_scores),
        )
        summaries.append(
            PrincipleSummary(
                principle=principle,
                score=score,
                commentary=commentary(
                    subject=_("The PTF as a whole"), principle=principle.title, score=score
                ),
            )
        )
    return Scorecard(
        campaign=campaign,
        named=named,
        principles=summaries,
        rows=rows,
        pending=len(assessments) - len(validated),
        overall=Score(
            score=mean(row.overall.score for row in rows),
            baseline=None,
            target=None,
            answered=sum(row.overall.answered for row in rows),
            missing=sum(row.overall.missing for row in rows),
        ),
        status_counts=Counter(a.status for a in assessments),
    )


@dataclass
class Trends:
    years: list[str]
    series: list[Series]
    chart: str


def trends(*, user) -> Trends:
    """Mean score of each principle (by code) across the campaigns this user may see."""
    campaigns = list(published_campaigns(user=user).order_by("year"))
    return _build_trends(campaigns, lambda campaign: scorecard(campaign=campaign, user=user))


def trends_for_audience(*, campaign: Campaign, audience: str) -> Trends:
    """Trends up to ``campaign``'s year for a report: the campaign itself and the earlier ones
    whose scorecard is published to at least ``audience``; principle means only, never names."""
    reach = {Visibility.PUBLIC: [Visibility.PUBLIC]}.get(
        audience,
        [Visibility.PARTNERS, Visibility.PUBLIC]
        if audience == Visibility.PARTNERS
        else list(Visibility.values),
    )
    campaigns = list(
        Campaign.objects.filter(year__lte=campaign.year)
        .filter(Q(pk=campaign.pk) | Q(is_published=True, visibility__in=reach))
        .select_related("framework")
        .order_by("year")
    )
    return _build_trends(campaigns, lambda each: scorecard_for_audience(campaign=each))


def _build_trends(campaigns: list[Campaign], card_for) -> Trends:
    by_code: dict[str, list[float | None]] = {}
    titles: dict[str, str] = {}
    for position, campaign in enumerate(campaigns):
        card = card_for(campaign)
        for summary in card.principles:
            code = summary.principle.code
            titles.setdefault(code, f"{code}. {summary.principle.title}")
            values = by_code.setdefault(code, [None] * len(campaigns))
            values[position] = (
                float(summary.score.score) if summary.score.score is not None else None
            )
    years = [str(campaign.year) for campaign in campaigns]
    series = [Series(label=titles[code], values=values) for code, values in by_code.items()]
    chart = (
        line_chart(years, series, title=_("Mean score by principle"), y_max=4)
        if len(years) > 0 and series
        else ""
    )
    return Trends(years=years, series=series, chart=chart)
