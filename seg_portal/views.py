from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from seg_portal.celery import HEARTBEAT_CACHE_KEY
from seg_portal.portal import home_sections_for, public_sections


@require_GET
def landing(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    return render(request, "landing.html", {"public_sections": public_sections()})


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html", {"sections": home_sections_for(request.user)})


@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    available = {code for code, _name in settings.LANGUAGES}
    language = request.POST.get("language", settings.LANGUAGE_CODE)
    if language not in available:
        language = settings.LANGUAGE_CODE
    next_url = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    if request.user.is_authenticated and request.user.language != language:
        request.user.language = language
        request.user.save(update_fields=["language"])
    response = redirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def _broker_answers() -> bool:
    from seg_portal.celery import app

    try:
        with app.connection_for_write() as broker:
            broker.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:
        return False


@require_GET
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    checks = {"database": "ok" if _database_answers() else "down"}
    if settings.CELERY_BROKER_URL:
        checks["broker"] = "ok" if _broker_answers() else "down"
    healthy = all(state == "ok" for state in checks.values())
    # Informative only: beat runs only with a broker, and a late heartbeat is not a web outage.
    try:
        beat_last_seen = cache.get(HEARTBEAT_CACHE_KEY)
    except Exception:
        beat_last_seen = None
    return JsonResponse(
        {"status": "ok" if healthy else "down", **checks, "beat_last_seen": beat_last_seen},
        status=200 if healthy else 503,
    )
