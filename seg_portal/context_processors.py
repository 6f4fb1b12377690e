from django.conf import settings
from django.http import HttpRequest

from seg_portal.portal import navigation_for


def portal(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    return {
        "site_name": settings.SITE_NAME,
        "nav_groups": navigation_for(user) if user is not None else [],
    }
