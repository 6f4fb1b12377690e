"""The engine's optional audience limit: ReportKind.max_audience."""

import pytest

from seg_portal.accounts.roles import Visibility
from seg_portal.reports import registry, services
from seg_portal.reports.registry import Periodicity, ReportKind
from tests.reports import kinds

pytestmark = pytest.mark.django_db

LIMITED = ReportKind(
    slug="test_limited",
    label="Limited",
    periodicity=Periodicity.MONTH,
    template_name=kinds.DIRECTORY.template_name,
    build_context=kinds.DIRECTORY.build_context,
    default_audience=Visibility.PUBLIC,
    max_audience=lambda report: Visibility.PARTNERS,
)


@pytest.fixture(autouse=True)
def limited():
    registry.register(LIMITED)
    yield
    registry.unregister(LIMITED.slug)


@pytest.mark.parametrize(
    ("audience", "than", "wider"),
    [("public", "partners", True), ("partners", "partners", False), ("internal", "public", False)],
)
def test_is_wider_follows_the_order_of_audiences(audience, than, wider):
    assert registry.is_wider(audience, than) is wider


def test_a_default_audience_wider_than_the_limit_is_narrowed_to_it():
    report = services.request_report(kind="test_limited", period="2026-10", language="en", by=None)

    assert report.audience == Visibility.PARTNERS


def test_an_asked_audience_within_the_limit_is_kept():
    report = services.request_report(
        kind="test_limited", period="2026-10", language="en", by=None, audience="internal"
    )

    assert report.audience == Visibility.INTERNAL


def test_an_asked_audience_wider_than_the_limit_is_refused():
    with pytest.raises(services.ReportError):
        services.request_report(
            kind="test_limited", period="2026-10", language="en", by=None, audience="public"
        )


def test_a_kind_without_limit_takes_any_audience():
    report = services.request_report(
        kind=kinds.DIRECTORY.slug, period="2026-10", language="en", by=None, audience="public"
    )

    assert report.audience == Visibility.PUBLIC
