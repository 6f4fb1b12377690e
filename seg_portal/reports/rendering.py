"""PDF rendering with WeasyPrint, from Django templates, reading only the portal's static files.

The HTML is given the portal's own address as its base URL, so that ``{% static %}`` paths and
links resolve to ``PORTAL_BASE_URL/static/...`` (links in the PDF then point at the real portal).
The fetcher serves those static URLs from disk (the staticfiles finders, then STATIC_ROOT) and
refuses everything else: other hosts, other paths of the portal, ``file://``, and ``data:`` too —
charts are inline SVG and images are static files, so nothing a report needs comes as a data URI,
and one rule ("only our static files") is easier to audit than a list of exceptions. A refused
resource is logged and left out; the document still renders.
"""

import logging
import mimetypes
import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from seg_portal.reports.registry import ReportKind

logger = logging.getLogger(__name__)


class RefusedURL(ValueError):
    """A URL the PDF fetcher will not read."""


def _base_url() -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + "/"


def static_file_for(url: str) -> Path:
    """The file on disk behind one of the portal's static URLs, or RefusedURL."""
    parts = urlsplit(url)
    base = urlsplit(_base_url())
    if parts.scheme not in ("http", "https") or (parts.scheme, parts.netloc) != (
        base.scheme,
        base.netloc,
    ):
        raise RefusedURL(f"not one of the portal's static files: {url}")
    prefix = base.path.rstrip("/") + "/" + settings.STATIC_URL.strip("/") + "/"
    path = unquote(parts.path)
    if not path.startswith(prefix):
        raise RefusedURL(f"not one of the portal's static files: {url}")
    relative = path[len(prefix) :]
    normalised = posixpath.normpath(relative) if relative else ""
    if (
        not normalised
        or normalised.startswith(("/", "../"))
        or normalised in (".", "..")
        or "\\" in relative
        or "\x00" in relative
    ):
        raise RefusedURL(f"path escapes the static files: {url}")
    try:
        found = finders.find(normalised)
    except SuspiciousFileOperation as error:
        raise RefusedURL(f"path escapes the static files: {url}") from error
    if found:
        return Path(found)
    if settings.STATIC_ROOT:
        root = Path(settings.STATIC_ROOT).resolve()
        candidate = (root / normalised).resolve()
        if candidate.is_relative_to(root) and candidate.is_file():
            return candidate
    raise RefusedURL(f"no such static file: {url}")


class StaticFilesURLFetcher(URLFetcher):
    """Serves the portal's static files from disk; refuses every other URL (never the network)."""

    def __init__(self) -> None:
        super().__init__(fail_on_errors=False)
        self.refused: list[str] = []
        self.served: list[str] = []

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        try:
            path = static_file_for(url)
        except RefusedURL:
            self.refused.append(url)
            logger.warning("PDF rendering refused to fetch %s", url[:200])
            raise
        self.served.append(url)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, path.read_bytes(), headers={"Content-Type": content_type}, status=200
        )


@dataclass(frozen=True)
class RenderedPDF:
    content: bytes
    page_count: int
    refused_urls: list[str]


def render_html(*, kind: ReportKind, report: Any, extra: dict | None = None) -> str:
    """The HTML of a report, in the active language (the caller chooses it)."""
    context = {
        "report": report,
        "kind": kind,
        "portal_name": settings.SITE_NAME,
        "generated_at": timezone.localtime(),
        "base_url": _base_url(),
        **kind.build_context(report),
        **(extra or {}),
    }
    return render_to_string(kind.template_name, context)


def render_pdf(*, kind: ReportKind, report: Any, language: str) -> RenderedPDF:
    """Render ``report`` with its kind's template inside ``translation.override(language)``."""
    fetcher = StaticFilesURLFetcher()
    with translation.override(language):
        html = render_html(kind=kind, report=report)
        document = HTML(string=html, base_url=_base_url(), url_fetcher=fetcher).render()
        content = document.write_pdf()
    return RenderedPDF(
        content=content, page_count=len(document.pages), refused_urls=fetcher.refused
    )
