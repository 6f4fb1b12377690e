"""The Triple C report kind: the yearly scorecard of the code of conduct.

The document is built for its audience, not for a person: the PTF are named only when the
campaign's publication names them (otherwise PTF A, PTF B…), and it is never published wider
than the campaign's scorecard (an unpublished campaign stays internal).
"""

from django.utils.translation import gettext_lazy as _

from seg_portal.accounts.roles import Visibility
from seg_portal.reports.registry import Periodicity, ReportKind, register

from . import selectors
from .models import Campaign


def _campaign(year: str) -> Campaign | None:
    return Campaign.objects.select_related("framework").filter(year=int(year)).first()


def build_scorecard_context(report) -> dict:
    campaign = _campaign(report.period)
    if campaign is None:
        return {"campaign": None, "card": None}
    card = selectors.scorecard_for_audience(campaign=campaign)
    if not card.rows:
        return {"campaign": campaign, "card": None}
    return {
        "campaign": campaign,
        "card": card,
        "trends": selectors.trends_for_audience(campaign=campaign, audience=report.audience),
    }


def scorecard_max_audience(report) -> str:
    """The campaign's published visibility; internal while its scorecard is not published."""
    campaign = _campaign(report.period) if report.period.isdigit() else None
    if campaign is None or not campaign.is_published:
        return Visibility.INTERNAL
    return campaign.visibility


SCORECARD = register(
    ReportKind(
        slug="triple_c_scorecard",
        label=_("Triple C yearly scorecard"),
        periodicity=Periodicity.YEAR,
        template_name="code_of_conduct/pdf/scorecard.html",
        build_context=build_scorecard_context,
        default_audience=Visibility.PARTNERS,
        description=_(
            "The code of conduct campaign of the year: scores and commentary by principle, the "
            "heat map of the validated assessments and the trend across the years."
        ),
        max_audience=scorecard_max_audience,
    )
)
