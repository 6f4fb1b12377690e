"""Test-only URLs: the portal's, plus views that fail, to reach the error pages."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import path

from seg_portal.urls import urlpatterns as portal_urlpatterns


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug in a view")


def forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


urlpatterns = [
    path("test-only/broken/", broken),
    path("test-only/forbidden/", forbidden),
    *portal_urlpatterns,
]
