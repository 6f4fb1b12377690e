from django.conf import settings
from django.http import HttpRequest

from seg_portal.portal import current_group, navigation_for


def portal(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    groups = navigation_for(user) if user is not None else []
    return {
        "site_name": settings.SITE_NAME,
        "nav_groups": groups,
        "current_nav_group": current_group(groups, request.path),
    }
