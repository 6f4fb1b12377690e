"""Time the aid dashboard, indicator and list pages and count their queries, against a static
page of the same layout (base.html with an empty content block).

    SQLITE_PATH=/tmp/aid_bench.sqlite3 .venv/bin/python bench/aid_pages.py [--runs 5]

Run ``bench/aid_generate.py`` first. Reports the median wall time of ``--runs`` requests (after
one warm-up) and the number of queries, anonymous and as a PTF staff member
(ptf@seg.example of seed_demo).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seg_portal.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.db import connection  # noqa: E402
from django.shortcuts import render  # noqa: E402
from django.test import Client, RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from aid_tracking.models import Transaction  # noqa: E402
from seg_portal.accounts.models import User  # noqa: E402


def static_page(request):
    return render(request, "base.html", {})


def measure(call, runs: int) -> tuple[float, int]:
    call()
    times = []
    for _run in range(runs):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            call()
            times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, len(queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    count = Transaction.objects.count()
    print(f"{count} transactions")
    # The secretariat must pass its second factor: a PTF staff member (seed_demo) logs in.
    secretariat = User.objects.filter(email="ptf@seg.example").first()
    factory = RequestFactory()
    for who in ("anonymous", "ptf"):
        client = Client()
        if who == "ptf":
            if secretariat is None:
                continue
            client.force_login(secretariat)

        user = secretariat if who != "anonymous" else AnonymousUser()

        def static(user=user, c=client):
            request = factory.get("/")
            request.user = user
            request.session = c.session
            return static_page(request)

        pages = {
            "static (base.html)": static,
            "dashboard": lambda c=client: c.get(reverse("aid_tracking:dashboard")),
            "dashboard ?year=2025": lambda c=client: c.get(
                reverse("aid_tracking:dashboard"), {"year": 2025}
            ),
            "indicators 2025": lambda c=client: c.get(
                reverse("aid_tracking:indicator_overview"), {"year": 2025}
            ),
            "activity list": lambda c=client: c.get(reverse("aid_tracking:activity_list")),
        }
        for name, call in pages.items():
            assert call().status_code == 200, name
            milliseconds, queries = measure(call, args.runs)
            print(f"{who:12} {name:22} {milliseconds:9.1f} ms {queries:4d} queries")


if __name__ == "__main__":
    main()
