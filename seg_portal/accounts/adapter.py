from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    """No open sign-up: the secretariat invites every user."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False
