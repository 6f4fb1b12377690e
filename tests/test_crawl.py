"""Crawl the portal as each demo role and as a visitor: no link the portal shows may be broken.

The demo data set gives every app something to show. From the landing and home pages, every
internal link a page shows is followed; URLs of the same shape (ids replaced) are visited once
only, so the crawl stays small while reaching every kind of page.
"""

import re
from collections import Counter, deque
from html.parser import HTMLParser
from io import StringIO
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.core.management import call_command

from seg_portal.accounts.models import User

pytestmark = pytest.mark.django_db

DEMO_USERS = [
    None,
    "secretariat@seg.example",
    "ptf@seg.example",
    "lead@seg.example",
    "gov@seg.example",
    "cso@seg.example",
]
SKIPPED_PREFIXES = ("/accounts/logout", "/admin/", "/static/", "/media/", "/i18n/")
PER_SHAPE = 1
MAX_PAGES = 120


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.h1 = 0
        self.in_title = False
        self.title = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "h1":
            self.h1 += 1
        elif tag == "title":
            self.in_title = True

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False

    def handle_data(self, data):
        if self.in_title:
            self.title += data


def _shape(path: str) -> str:
    return re.sub(r"\d+", "N", path)


def crawl(client) -> tuple[dict[str, int], list[str]]:
    seen: dict[str, int] = {}
    problems: list[str] = []
    shapes: Counter = Counter()
    queue = deque([("/", "start"), ("/home/", "start")])
    while queue and len(seen) < MAX_PAGES:
        path, source = queue.popleft()
        if path in seen:
            continue
        shape = _shape(path)
        if shapes[shape] >= PER_SHAPE:
            continue
        shapes[shape] += 1
        response = client.get(path, follow=True)
        seen[path] = response.status_code
        if response.status_code >= 500 or response.status_code == 404:
            problems.append(f"{response.status_code} {path} (linked from {source})")
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        page = _Page()
        page.feed(html)
        if not page.h1:
            problems.append(f"no h1 on {path}")
        if not page.title.strip() or page.title.strip().startswith("·"):
            problems.append(f"no title on {path}")
        for marker in ("{{", "{%", ">None<"):
            if marker in html:
                problems.append(f"{marker!r} shown on {path}")
        here = response.request["PATH_INFO"]
        for href in page.links:
            url = urlsplit(urldefrag(urljoin(here, href))[0])
            if url.scheme not in ("", "http") or url.netloc not in ("", "testserver"):
                continue
            target = url.path + (f"?{url.query}" if url.query else "")
            if target.startswith(SKIPPED_PREFIXES) or target in seen:
                continue
            queue.append((target, path))
    return seen, problems


@pytest.fixture
def demo_portal(settings):
    settings.DEBUG = True  # seed_demo is a development command
    call_command("seed_demo", stdout=StringIO())
    settings.DEBUG = False


@pytest.mark.parametrize("email", DEMO_USERS, ids=lambda email: email or "anonymous")
def test_no_link_the_portal_shows_is_broken(demo_portal, client, email):
    if email is not None:
        client.force_login(User.objects.get(email=email))
    seen, problems = crawl(client)
    assert len(seen) > 5
    assert problems == []
