from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

HOME_LIST_LIMIT = 5


class AccountsConfig(AppConfig):
    name = "seg_portal.accounts"
    label = "accounts"
    verbose_name = _("Accounts and organisations")
    nav_label = _("People")

    def nav_items(self, user) -> list:
        from seg_portal.accounts import permissions
        from seg_portal.portal import NavItem

        if user is None or not user.is_authenticated:
            return []
        items = []
        if permissions.can_manage_users(user):
            items += [
                NavItem(gettext("Users"), reverse("accounts:user_list")),
                NavItem(gettext("Invite a user"), reverse("accounts:user_invite")),
            ]
        if permissions.can_manage_organizations(user):
            items.append(NavItem(gettext("Organisations"), reverse("accounts:organization_list")))
        elif user.organization_id is not None:
            items.append(
                NavItem(
                    gettext("My organisation"),
                    reverse("accounts:organization_detail", args=[user.organization_id]),
                )
            )
        return items

    def home_sections(self, user) -> list:
        from seg_portal.accounts import permissions, selectors
        from seg_portal.portal import HomeSection

        if user is None or not user.is_authenticated:
            return []
        sections = []
        if not selectors.has_totp(user):
            sections.append(
                HomeSection(
                    title=gettext("Enable two-factor authentication"),
                    template_name="accounts/_home_enable_totp.html",
                    order=10,
                )
            )
        if permissions.can_manage_users(user):
            invitations = list(selectors.pending_invitations(user=user, limit=HOME_LIST_LIMIT))
            sections.append(
                HomeSection(
                    title=gettext("Pending invitations"),
                    template_name="accounts/_home_invitations.html",
                    context={"invitations": invitations},
                    order=90,
                )
            )
            without_totp = selectors.users_without_totp(user=user)
            count = without_totp.count()
            if count:
                sections.append(
                    HomeSection(
                        title=gettext("Users without two-factor authentication"),
                        template_name="accounts/_home_without_totp.html",
                        context={"count": count, "users": list(without_totp[:HOME_LIST_LIMIT])},
                        order=95,
                    )
                )
        return sections
