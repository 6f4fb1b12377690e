from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class AidTrackingConfig(AppConfig):
    name = "aid_tracking"
    label = "aid_tracking"
    verbose_name = _("Aid transparency and predictability")
    nav_label = _("Aid")

    def nav_items(self, user) -> list:
        from aid_tracking import permissions
        from seg_portal.portal import NavItem

        items = [
            NavItem(gettext("Dashboard"), reverse("aid_tracking:dashboard")),
            NavItem(gettext("Activities"), reverse("aid_tracking:activity_list")),
            NavItem(
                gettext("Predictability indicators"), reverse("aid_tracking:indicator_overview")
            ),
        ]
        if permissions.can_create_activity(user):
            items.append(NavItem(gettext("New activity"), reverse("aid_tracking:activity_create")))
            items.append(NavItem(gettext("Import data"), reverse("aid_tracking:iati_import")))
        if user.is_authenticated and (user.is_secretariat or user.is_ptf):
            items.append(NavItem(gettext("Data quality"), reverse("aid_tracking:data_quality")))
        if user.is_authenticated and user.is_ptf and user.organization_id:
            items.append(
                NavItem(
                    gettext("Our portfolio"),
                    reverse("aid_tracking:organization_profile", args=[user.organization_id]),
                )
            )
        if permissions.can_manage_exchange_rates(user):
            items.append(
                NavItem(gettext("Exchange rates"), reverse("aid_tracking:exchange_rate_list"))
            )
        return items

    def home_sections(self, user) -> list:
        from aid_tracking import selectors
        from seg_portal.portal import HomeSection

        sections = []
        counts = selectors.home_counts(user=user)
        if "drafts" in counts and counts["draft_count"]:
            sections.append(
                HomeSection(
                    title=gettext("Your organisation's draft activities"),
                    template_name="aid_tracking/_home_activities.html",
                    context={
                        "activities": counts["drafts"],
                        "count": counts["draft_count"],
                        "more_url": reverse("aid_tracking:activity_list")
                        + f"?organization={user.organization_id}&publication=draft",
                    },
                    order=30,
                )
            )
        if "without_plans" in counts and counts["without_plans_count"]:
            sections.append(
                HomeSection(
                    title=gettext("Activities without a forward plan for next year"),
                    template_name="aid_tracking/_home_activities.html",
                    context={
                        "activities": counts["without_plans"],
                        "count": counts["without_plans_count"],
                        "hint": gettext(
                            "Add forward plans for the next three years: the Government "
                            "needs them to prepare its budget."
                        ),
                    },
                    order=31,
                )
            )
        if "recent" in counts:
            sections.append(
                HomeSection(
                    title=gettext("Recently updated activities"),
                    template_name="aid_tracking/_home_activities.html",
                    context={
                        "activities": counts["recent"],
                        "more_url": reverse("aid_tracking:activity_list"),
                    },
                    order=30,
                )
            )
        if user.is_authenticated and user.is_viewer:
            sections.append(self._headline_section(user))
        sections += self._data_quality_sections(user)
        return sections

    def public_sections(self) -> list:
        from django.contrib.auth.models import AnonymousUser

        return [self._headline_section(AnonymousUser())]

    def _headline_section(self, user):
        from django.utils import timezone

        from aid_tracking import selectors
        from aid_tracking.money import DEFAULT_DISPLAY_CURRENCY
        from seg_portal.portal import HomeSection

        year = timezone.localdate().year
        return HomeSection(
            title=gettext("Aid to Mali in figures"),
            template_name="aid_tracking/_headline.html",
            context=selectors.headline_totals(
                user=user, currency=DEFAULT_DISPLAY_CURRENCY, year=year
            ),
            order=60,
        )

    # --- Data quality on the home page (branch aid_dash) ---
    def _data_quality_sections(self, user) -> list:
        from django.utils import timezone

        from aid_tracking.dashboard import data_quality_home_sections

        return data_quality_home_sections(user=user, today=timezone.localdate())
