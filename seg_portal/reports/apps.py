from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "seg_portal.reports"
    label = "reports"
    verbose_name = _("Reports")
    nav_label = _("Reports")

    def ready(self) -> None:
        from seg_portal.reports.registry import autodiscover

        autodiscover()

    def nav_items(self, user) -> list:
        from seg_portal.portal import NavItem
        from seg_portal.reports.permissions import can_manage_reports, can_subscribe_to_reports

        items = [NavItem(label=str(_("Report archive")), url=reverse("reports:archive"))]
        if can_subscribe_to_reports(user):
            items.append(
                NavItem(label=str(_("My subscriptions")), url=reverse("reports:subscriptions"))
            )
        if can_manage_reports(user):
            items.append(NavItem(label=str(_("Manage reports")), url=reverse("reports:manage")))
        return items

    def home_sections(self, user) -> list:
        from seg_portal.portal import HomeSection
        from seg_portal.reports import selectors
        from seg_portal.reports.permissions import can_manage_reports

        if not can_manage_reports(user):
            return []
        reports = selectors.needing_review(user=user)
        if not reports:
            return []
        return [
            HomeSection(
                title=str(_("Reports to review")),
                template_name="reports/_home.html",
                context={"reports": reports},
                order=50,
            )
        ]

    def public_sections(self) -> list:
        from seg_portal.portal import HomeSection
        from seg_portal.reports import selectors

        reports = selectors.latest_public()
        if not reports:
            return []
        return [
            HomeSection(
                title=str(_("Published reports")),
                template_name="reports/_public.html",
                context={"reports": reports},
                order=50,
            )
        ]
