from django.conf import settings
from django.utils import translation


class UserLanguageMiddleware:
    """Activate the user's chosen language, else the language cookie, else French.

    The browser's Accept-Language is deliberately ignored: the portal is French first, and a
    visitor switches to English explicitly (the choice then sticks to the cookie and the account).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = self._language_for(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response

    @staticmethod
    def _language_for(request) -> str:
        available = {code for code, _name in settings.LANGUAGES}
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language in available:
            return user.language
        cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if cookie in available:
            return cookie
        return settings.LANGUAGE_CODE
