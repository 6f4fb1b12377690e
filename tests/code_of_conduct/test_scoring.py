"""Scores and ratings: expected values are worked out by hand in each test."""

from decimal import Decimal as D

import pytest
from django.utils import translation

from code_of_conduct.models import Answer, Assessment, Campaign, Indicator
from code_of_conduct.scoring import Rating, Score, commentary, mean, rate, score_indicators
from code_of_conduct.selectors import scorecard
from seg_portal.accounts.roles import Visibility
from tests.code_of_conduct.factories import answer, indicator, make_assessment


@pytest.mark.parametrize(
    ("score", "baseline", "target", "expected"),
    [
        (D("3"), D("1"), D("3"), Rating.MET),  # reaching the target exactly is meeting it
        (D("3.5"), D("1"), D("3"), Rating.MET),
        (D("2"), D("1"), D("3"), Rating.PROGRESSING),
        (D("1"), D("1"), D("3"), Rating.NOT_MET),  # at the baseline is no progress
        (D("0.5"), D("1"), D("3"), Rating.NOT_MET),
        (D("2"), None, D("3"), Rating.NOT_MET),
        (D("4"), None, D("3"), Rating.MET),
        (D("2"), D("1"), None, Rating.PROGRESSING),
        (D("2"), None, None, None),
        (None, D("1"), D("3"), None),
    ],
)
def test_rating_against_baseline_and_target(score, baseline, target, expected):
    assert rate(score, baseline, target) == expected


def test_mean_leaves_out_missing_values():
    assert mean([D("4"), None, D("1")]) == D("2.50")
    assert mean([None, None]) is None


def _indicator(pk, kind, baseline=None, target=None):
    return Indicator(pk=pk, kind=kind, baseline=baseline, target=target)


def test_yes_no_counts_as_zero_or_four_and_mixes_with_the_scale():
    scale = _indicator(1, Indicator.Kind.SCALE)
    yes_no = _indicator(2, Indicator.Kind.YES_NO)
    yes = Answer(indicator=yes_no, value=1).normalised
    no = Answer(indicator=yes_no, value=0).normalised
    two = Answer(indicator=scale, value=2).normalised
    assert (yes, no, two) == (D(4), D(0), D(2))
    # scale 2 and yes: (2 + 4) / 2 = 3
    assert score_indicators([scale, yes_no], {1: two, 2: yes}).score == D("3.00")
    # scale 2 and no: (2 + 0) / 2 = 1
    assert score_indicators([scale, yes_no], {1: two, 2: no}).score == D("1.00")


def test_missing_answers_are_excluded_from_the_mean_and_counted():
    indicators = [_indicator(pk, Indicator.Kind.SCALE, D("1"), D("3")) for pk in (1, 2, 3)]
    result = score_indicators(indicators, {1: D(4), 2: None})
    assert result.score == D("4.00")
    assert (result.answered, result.missing) == (1, 2)
    assert result.rating == Rating.MET


def test_a_computed_ratio_is_normalised_and_capped_at_four():
    computed_indicator = _indicator(1, Indicator.Kind.COMPUTED)
    assert Answer(indicator=computed_indicator, computed_value=D("0.5")).normalised == D("2.0")
    assert Answer(indicator=computed_indicator, computed_value=D("1.2")).normalised == D(4)
    assert Answer(indicator=computed_indicator, computed_value=None).normalised is None


def test_principle_baseline_and_target_are_the_means_of_its_indicators():
    indicators = [
        _indicator(1, Indicator.Kind.SCALE, D("1"), D("3")),
        _indicator(2, Indicator.Kind.YES_NO, D("2"), D("4")),
    ]
    result = score_indicators(indicators, {1: D(3), 2: D(0)})
    # score (3 + 0) / 2 = 1.5; baseline (1 + 2) / 2 = 1.5; target (3 + 4) / 2 = 3.5 → not met
    assert (result.score, result.baseline, result.target) == (D("1.50"), D("1.50"), D("3.50"))
    assert result.rating == Rating.NOT_MET


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (
            Score(D("3.50"), D("1.50"), D("3.00"), 2, 0),
            "Alpha scores 3.50 out of 4 on “Alignment”, reaching the target of 3.00.",
        ),
        (
            Score(D("2.00"), D("1.50"), D("3.00"), 2, 0),
            "Alpha scores 2.00 out of 4 on “Alignment”: above the baseline of 1.50 but short of "
            "the target of 3.00.",
        ),
        (
            Score(D("1.00"), D("1.50"), D("3.00"), 2, 0),
            "Alpha scores 1.00 out of 4 on “Alignment”, not above the baseline of 1.50.",
        ),
        (
            Score(None, D("1.50"), D("3.00"), 0, 2),
            "Alpha has no validated answer for “Alignment” yet.",
        ),
    ],
    ids=["met", "progressing", "not_met", "no_answer"],
)
def test_commentary_is_one_sentence_for_each_rating(score, expected):
    with translation.override("en"):
        assert commentary(subject="Alpha", principle="Alignment", score=score) == expected


def test_commentary_is_translated():
    score = Score(D("3.50"), D("1.50"), D("3.00"), 2, 0)
    with translation.override("fr"):
        sentence = commentary(subject="PTF A", principle="Alignement", score=score)
    assert sentence == "PTF A obtient 3,50 sur 4 pour « Alignement » et atteint la cible de 3,00."


def test_scorecard_from_validated_assessments_only(campaign, framework, alpha, beta, secretariat):
    """Alpha (validated): scale 4, no, computed 0.5 → P1 = (4 + 0)/2 = 2, P2 = 2, overall 2.
    Beta (validated): scale 2, yes, computed missing → P1 = (2 + 4)/2 = 3, P2 none (1 missing).
    A third PTF only submitted is left out and counted as pending."""
    from tests.factories import OrganizationFactory

    a = make_assessment(campaign, alpha, status=Assessment.Status.VALIDATED)
    answer(a, indicator(framework, "1.1.1"), value=4)
    answer(a, indicator(framework, "1.1.2"), value=0)
    answer(a, indicator(framework, "2.1.1"), computed=D("0.5"))
    b = make_assessment(campaign, beta, status=Assessment.Status.VALIDATED)
    answer(b, indicator(framework, "1.1.1"), value=2)
    answer(b, indicator(framework, "1.1.2"), value=1)
    pending = make_assessment(
        campaign, OrganizationFactory(acronym="GAMMA"), status=Assessment.Status.SUBMITTED
    )
    answer(pending, indicator(framework, "1.1.1"), value=0)

    card = scorecard(campaign=campaign, user=secretariat)
    rows = {row.label: row for row in card.rows}
    assert set(rows) == {"ALPHA", "BETA"}
    assert [cell.score.score for cell in rows["ALPHA"].cells] == [D("2.00"), D("2.00")]
    assert rows["ALPHA"].overall.score == D("2.00")  # (4 + 0 + 2) / 3
    assert [cell.score.score for cell in rows["BETA"].cells] == [D("3.00"), None]
    assert rows["BETA"].overall.missing == 1
    # By principle: P1 = (2 + 3) / 2 = 2.5 against baseline (1+2)/2 = 1.5, target (3+4)/2 = 3.5
    p1, p2 = card.principles
    assert (p1.score.score, p1.score.baseline, p1.score.target) == (D("2.50"), D("1.50"), D("3.50"))
    assert p1.score.rating == Rating.PROGRESSING
    # P2 = Alpha's 2 only (Beta missing): baseline 2, target 3 → not above the baseline
    assert (p2.score.score, p2.score.missing) == (D("2.00"), 1)
    assert p2.score.rating == Rating.NOT_MET
    assert card.pending == 1
    assert rows["ALPHA"].cells[0].colour.startswith("#")


def test_scorecard_labels_are_stable_letters_when_anonymised(
    campaign, framework, alpha, beta, viewer
):
    for org in (alpha, beta):
        make_assessment(campaign, org, status=Assessment.Status.VALIDATED)
    Campaign.objects.filter(pk=campaign.pk).update(
        is_published=True, visibility=Visibility.PARTNERS
    )
    campaign.refresh_from_db()
    with translation.override("en"):
        card = scorecard(campaign=campaign, user=viewer)
    assert [row.label for row in card.rows] == ["PTF A", "PTF B"]
    assert not card.named


def test_a_computed_rate_reads_as_a_percentage():
    computed_indicator = _indicator(1, Indicator.Kind.COMPUTED)
    answer = Answer(indicator=computed_indicator, computed_value=D("0.9665"))
    assert answer.computed_percent == D("96.7")
    assert Answer(indicator=computed_indicator, computed_value=None).computed_percent is None
