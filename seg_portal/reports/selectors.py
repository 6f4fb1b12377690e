"""Every read of reports, already filtered by what the viewer may see."""

from django.db.models import QuerySet
from django.http import Http404

from seg_portal.reports.models import Report


def get_report(*, user, pk: int) -> Report:
    """The report, or 404 when it is missing or not visible to ``user`` (nothing leaks)."""
    report = Report.objects.visible_to(user).select_related("requested_by", "published_by")
    try:
        return report.get(pk=pk)
    except Report.DoesNotExist:
        raise Http404 from None


def list_reports(
    *, user, kind: str = "", period: str = "", language: str = "", status: str = ""
) -> QuerySet[Report]:
    reports = Report.objects.visible_to(user)
    if kind:
        reports = reports.filter(kind=kind)
    if period:
        reports = reports.filter(period__startswith=period)
    if language:
        reports = reports.filter(language=language)
    if status:
        reports = reports.filter(status=status)
    return reports.select_related("requested_by", "published_by").order_by(
        "-published_at", "-queued_at", "kind", "language"
    )


def archive(*, user, kind: str = "", period: str = "", language: str = "") -> QuerySet[Report]:
    """Published reports this person may read, newest first (the secretariat sees them too)."""
    return (
        Report.objects.visible_to(user)
        .filter(status=Report.Status.PUBLISHED)
        .filter(
            **{key: value for key, value in {"kind": kind, "language": language}.items() if value}
        )
        .filter(period__startswith=period)
        .order_by("-published_at", "kind", "language")
    )


def needing_review(*, user, limit: int = 10) -> list[Report]:
    """For the secretariat's home: ready to review, or failed."""
    return list(
        Report.objects.visible_to(user)
        .filter(status__in=[Report.Status.READY, Report.Status.FAILED])
        .order_by("-finished_at")[:limit]
    )


def latest_public(*, limit: int = 5) -> list[Report]:
    from django.contrib.auth.models import AnonymousUser

    return list(Report.objects.visible_to(AnonymousUser()).order_by("-published_at")[:limit])


def subscribed_kinds(*, user) -> list[str]:
    return list(user.report_subscriptions.values_list("kind", flat=True))
