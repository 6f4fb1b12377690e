"""The two places where the apps plug into the portal's shell: the navigation and the home page.

An app's AppConfig may define ``nav_items(user) -> list[NavItem]`` (what its menu shows this user)
``home_sections(user) -> list[HomeSection]`` (what this user has to do now in that axis) and
``public_sections() -> list[HomeSection]`` (what the public landing page shows anonymous visitors).
Each AppConfig decides with its own permission predicates; the shell only lays the results out.
"""

from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.utils.translation import gettext_lazy as _

# The shell orders the menu by the three axes of the secretariat, then the cross-cutting groups,
# and names each group the same way everywhere (an app not listed here comes last, under its own
# ``nav_label``).
NAV_GROUPS: dict[str, tuple[int, Any]] = {
    "code_of_conduct": (1, _("Triple C")),
    "coordination": (2, _("Concertation")),
    "aid_tracking": (3, _("Aid flows")),
    "reports": (4, _("Reports")),
    "accounts": (5, _("People")),
}


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str


@dataclass(frozen=True)
class NavGroup:
    label: str
    items: list[NavItem]


# A section ordered below this is something to do now (an overdue decision, minutes to approve,
# an assessment to fill in or review, enabling two-factor): those come first, by order. The others
# follow in the axis order of the menu (Triple C, Concertation, Aid, Reports, then People), and by
# order within an axis.
URGENT_BELOW = 20


@dataclass
class HomeSection:
    """One block of the home page, rendered with ``template_name`` and ``context``."""

    title: str
    template_name: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100
    app_label: str = ""  # set by the shell: the app whose AppConfig gave the section


def _axis_order(sections: list[HomeSection]) -> list[HomeSection]:
    def key(section: HomeSection) -> tuple[int, int, int]:
        if section.order < URGENT_BELOW:
            return (0, 0, section.order)
        rank = NAV_GROUPS.get(section.app_label, (len(NAV_GROUPS) + 1, None))[0]
        return (1, rank, section.order)

    return sorted(sections, key=key)


def _sections(method: str, *args) -> list[HomeSection]:
    sections = []
    for config in apps.get_app_configs():
        if hasattr(config, method):
            for section in getattr(config, method)(*args):
                section.app_label = config.label
                sections.append(section)
    return _axis_order(sections)


def navigation_for(user) -> list[NavGroup]:
    ranked = []
    for config in apps.get_app_configs():
        if not hasattr(config, "nav_items"):
            continue
        items = config.nav_items(user)
        if items:
            rank, label = NAV_GROUPS.get(config.label, (len(NAV_GROUPS) + 1, config.nav_label))
            ranked.append((rank, NavGroup(label=str(label), items=items)))
    return [group for _rank, group in sorted(ranked, key=lambda pair: pair[0])]


def current_group(groups: list[NavGroup], path: str) -> str | None:
    """The label of the group whose item is the longest beginning of ``path`` (the section the
    person is in), or None."""
    best, best_length = None, 0
    for group in groups:
        for item in group.items:
            url = str(item.url).split("?")[0]
            if url != "/" and path.startswith(url) and len(url) > best_length:
                best, best_length = group.label, len(url)
    return best


def home_sections_for(user) -> list[HomeSection]:
    return _sections("home_sections", user)


def public_sections() -> list[HomeSection]:
    return _sections("public_sections")
