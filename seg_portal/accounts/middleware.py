from allauth.mfa.utils import is_mfa_enabled
from django.shortcuts import redirect
from django.urls import reverse

# Pages a secretariat member without a second factor may still reach: setting one up, and leaving.
_MFA_SETUP_PREFIXES = ("/accounts/", "/static/", "/health/", "/i18n/")


class RequireMfaForSecretariatMiddleware:
    """The secretariat can change everything, so its members must enrol a second factor first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and user.is_secretariat
            and not request.path.startswith(_MFA_SETUP_PREFIXES)
            and not is_mfa_enabled(user)
        ):
            return redirect(reverse("mfa_activate_totp") + "?next=" + request.get_full_path())
        return self.get_response(request)
