from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from seg_portal.portal import HomeSection, NavItem

HOME_LIMIT = 5


class CodeOfConductConfig(AppConfig):
    name = "code_of_conduct"
    label = "code_of_conduct"
    verbose_name = _("Triple C code of conduct")
    nav_label = _("Triple C")

    def ready(self) -> None:
        # Replace the "not available yet" placeholders with the sources wired to the other axes.
        from code_of_conduct.sources import register_sources

        register_sources()

    def nav_items(self, user) -> list[NavItem]:
        scorecards = NavItem(_("Scorecards"), reverse("code_of_conduct:scorecard_list"))
        if not user.is_authenticated:
            return [scorecards]  # published scorecards are public
        items = []
        if user.is_secretariat:
            items += [
                NavItem(_("Campaigns"), reverse("code_of_conduct:campaign_list")),
                NavItem(_("Framework"), reverse("code_of_conduct:framework_list")),
            ]
        if user.is_ptf:
            items.append(NavItem(_("My assessments"), reverse("code_of_conduct:my_assessments")))
        items.append(scorecards)
        return items

    def home_sections(self, user) -> list[HomeSection]:
        from code_of_conduct import selectors
        from code_of_conduct.models import Assessment, Campaign

        if not user.is_authenticated:
            return []
        if user.is_ptf:
            assessments = list(
                selectors.my_assessments(user=user).filter(campaign__status=Campaign.Status.OPEN)[
                    :HOME_LIMIT
                ]
            )
            if not assessments:
                return []
            return [
                HomeSection(
                    title=str(_("Triple C self-assessment")),
                    template_name="code_of_conduct/_home.html",
                    context={"assessments": assessments},
                    # An assessment to fill in or correct has a deadline: before the meetings.
                    order=15
                    if any(a.status in Assessment.EDITABLE_STATUSES for a in assessments)
                    else 35,
                )
            ]
        if user.is_secretariat:
            to_review = list(selectors.assessments_to_review(user=user)[: HOME_LIMIT + 1])
            if not to_review:
                return []
            return [
                HomeSection(
                    title=str(_("Triple C assessments to review")),
                    template_name="code_of_conduct/_home.html",
                    context={"to_review": to_review[:HOME_LIMIT], "more": len(to_review) > 5},
                    order=15,
                )
            ]
        campaigns = list(selectors.published_campaigns(user=user)[:HOME_LIMIT])
        if not campaigns:
            return []
        return [
            HomeSection(
                title=str(_("Published Triple C scorecards")),
                template_name="code_of_conduct/_home.html",
                context={"campaigns": campaigns},
                order=30,
            )
        ]

    def public_sections(self) -> list[HomeSection]:
        from django.contrib.auth.models import AnonymousUser

        from code_of_conduct import selectors

        campaigns = list(selectors.published_campaigns(user=AnonymousUser())[:HOME_LIMIT])
        if not campaigns:
            return []
        return [
            HomeSection(
                title=str(_("Triple C scorecards")),
                template_name="code_of_conduct/_home.html",
                context={"campaigns": campaigns},
                order=30,
            )
        ]
