from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CoordinationConfig(AppConfig):
    name = "coordination"
    label = "coordination"
    verbose_name = _("Concertation")
    nav_label = _("Concertation")

    def nav_items(self, user) -> list:
        from seg_portal.portal import NavItem

        from . import permissions

        if not user.is_authenticated:
            return [NavItem(label=_("Published minutes"), url=reverse("coordination:minutes_list"))]
        items = [
            NavItem(label=_("Bodies"), url=reverse("coordination:body_list")),
            NavItem(label=_("Calendar"), url=reverse("coordination:calendar_month")),
            NavItem(label=_("Decision register"), url=reverse("coordination:decision_register")),
            NavItem(
                label=pgettext_lazy("meeting records", "Minutes"),
                url=reverse("coordination:minutes_list"),
            ),
        ]
        if permissions.can_see_context(user):
            items.append(
                NavItem(label=_("Context monitoring"), url=reverse("coordination:context_list"))
            )
        if permissions.can_edit_checklist_questions(user):
            items.append(
                NavItem(
                    label=_("Do-No-Harm checklist"), url=reverse("coordination:checklist_questions")
                )
            )
        return items

    def home_sections(self, user) -> list:
        from seg_portal.portal import HomeSection

        from . import selectors

        if not user.is_authenticated:
            return []
        sections = []
        meetings = selectors.upcoming_meetings(user=user)
        if meetings:
            sections.append(
                HomeSection(
                    title=str(_("Next meetings")),
                    template_name="coordination/_home_meetings.html",
                    context={"meetings": meetings},
                    order=20,
                )
            )
        if user.is_ptf:
            decisions = selectors.my_decisions_due(user=user)
            if decisions:
                sections.append(
                    HomeSection(
                        title=str(_("My organisation's open decisions")),
                        template_name="coordination/_home_decisions.html",
                        context={"decisions": decisions},
                        # Decisions have due dates (some overdue): the most urgent on the page.
                        order=12,
                    )
                )
        awaiting = selectors.minutes_awaiting_approval(user=user)
        if awaiting:
            sections.append(
                HomeSection(
                    title=str(_("Minutes awaiting approval")),
                    template_name="coordination/_home_meetings.html",
                    context={"meetings": awaiting},
                    order=14,
                )
            )
        return sections

    def public_sections(self) -> list:
        from seg_portal.portal import HomeSection

        from . import selectors

        sections = []
        meetings = selectors.public_upcoming_meetings()
        if meetings:
            sections.append(
                HomeSection(
                    title=str(_("Upcoming public meetings")),
                    template_name="coordination/_public_meetings.html",
                    context={"meetings": meetings},
                    order=20,
                )
            )
        minutes = selectors.public_minutes()
        if minutes:
            sections.append(
                HomeSection(
                    title=str(_("Latest published minutes")),
                    template_name="coordination/_public_minutes.html",
                    context={"meetings": minutes},
                    order=21,
                )
            )
        return sections
