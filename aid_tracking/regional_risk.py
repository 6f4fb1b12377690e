"""Conflict sensitivity across axes: the latest context risk of the regions an activity or a
portfolio touches, read from concertation's context monitoring.

``coordination.selectors.regional_risk`` already keeps only the notes the viewer may see, so a risk
level shows only when the viewer may see the note it comes from. Two queries whatever the number of
regions or notes.
"""

from dataclasses import dataclass

from django.urls import reverse

# Risk level (1 low … 4 critical) → badge class of seg.css.
BADGES = {1: "badge-success", 2: "badge-info", 3: "badge-warning", 4: "badge-danger"}


@dataclass(frozen=True)
class RegionRisk:
    region: object
    level: int | None
    label: str
    trend: str
    date: object

    @property
    def badge(self) -> str:
        return BADGES.get(self.level, "")


@dataclass(frozen=True)
class RiskPanel:
    risks: list[RegionRisk]
    overview_url: str


def for_regions(*, user, regions) -> RiskPanel:
    """The latest visible risk of each of ``regions`` (kept in their order, duplicates dropped),
    and the link to the regional overview when the user may open it ('' otherwise)."""
    from coordination import permissions as coordination_permissions
    from coordination.selectors import regional_risk

    wanted = list(dict.fromkeys(region.pk for region in regions))
    if not wanted:
        return RiskPanel(risks=[], overview_url="")
    by_region = {row.region.pk: row for row in regional_risk(user=user)}
    risks = [
        RegionRisk(
            region=by_region[pk].region,
            level=by_region[pk].level,
            label=by_region[pk].label,
            trend=by_region[pk].trend,
            date=by_region[pk].date,
        )
        for pk in wanted
        if pk in by_region
    ]
    overview_url = (
        reverse("coordination:context_list")
        if coordination_permissions.can_see_context(user)
        else ""
    )
    return RiskPanel(risks=risks, overview_url=overview_url)
