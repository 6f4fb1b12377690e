"""Every change of state of a report: request, render, publish, withdraw, retry, subscribe."""

import datetime
import hashlib
import logging
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from seg_portal.accounts.models import User
from seg_portal.accounts.roles import Role, Visibility
from seg_portal.reports import registry
from seg_portal.reports.models import Report, ReportSubscription
from seg_portal.reports.registry import Periodicity, ReportKind

logger = logging.getLogger(__name__)

# A report left in 'rendering' longer than this was abandoned by a worker that died: the next run
# takes it over. Longer than any honest render (a few seconds), shorter than a person's patience.
RENDER_TIMEOUT = datetime.timedelta(minutes=10)


class ReportError(ValueError):
    """A request or a transition that cannot be done; the message is for the person."""


# --- Requesting ------------------------------------------------------------------------------


def resolve_request(
    *, kind: str, period: str = "", subject: str = "", today: datetime.date | None = None
) -> tuple[ReportKind, str, str]:
    """Check a request against the registry; a periodic kind without period takes its latest."""
    report_kind = registry.get_kind(kind)
    if report_kind is None:
        raise ReportError(_("Unknown report kind: %(kind)s.") % {"kind": kind})
    period, subject = (period or "").strip(), (subject or "").strip()
    if report_kind.periodicity == Periodicity.SUBJECT:
        if period:
            raise ReportError(_("This kind of report is made per subject, not per period."))
        if not subject or registry.parse_period(Periodicity.SUBJECT, subject) is None:
            raise ReportError(_("Choose the subject of this report."))
        if report_kind.subjects is not None and subject not in {
            key for key, _label in report_kind.subjects()
        }:
            raise ReportError(
                _("Unknown subject for this kind of report: %(subject)s.") % {"subject": subject}
            )
        return report_kind, "", subject
    if subject:
        raise ReportError(_("This kind of report is made per period, not per subject."))
    if not period:
        period = registry.latest_complete_period(
            report_kind.periodicity, today or timezone.localdate()
        )
    if registry.parse_period(report_kind.periodicity, period) is None:
        raise ReportError(
            _("%(period)s is not a period of this kind of report (expected e.g. %(example)s).")
            % {"period": period, "example": _PERIOD_EXAMPLES[report_kind.periodicity]}
        )
    return report_kind, period, ""


_PERIOD_EXAMPLES = {
    Periodicity.MONTH: "2026-10",
    Periodicity.QUARTER: "2026-Q3",
    Periodicity.YEAR: "2026",
}


def _check_language(language: str) -> None:
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise ReportError(_("Unknown language: %(language)s.") % {"language": language})


@transaction.atomic
def request_report(
    *,
    kind: str,
    period: str = "",
    subject: str = "",
    language: str,
    by: User | None,
    audience: str = "",
    retry_failed: bool = False,
) -> Report:
    """The report for this kind, period (or subject) and language, created and queued if new.

    Idempotent: the same request returns the same row (the unique constraint settles a race, and
    ``get_or_create`` re-reads the winner's row). A failed report is re-queued only when asked.
    ``audience`` (default: the kind's) is the one the cover states; it applies to a new report.
    """
    report_kind, period, subject = resolve_request(kind=kind, period=period, subject=subject)
    _check_language(language)
    if audience and audience not in Visibility.values:
        raise ReportError(_("Unknown audience: %(audience)s.") % {"audience": audience})
    audience = _bounded_audience(report_kind, subject, audience)
    report, created = Report.objects.get_or_create(
        kind=report_kind.slug,
        period=period,
        subject=subject,
        language=language,
        defaults={"audience": audience, "requested_by": by},
    )
    if report.status == Report.Status.FAILED and retry_failed:
        _requeue(report)
    if created or report.in_progress:
        # Queuing a report already queued or rendering is harmless: the claim in render_report
        # lets one run do the work; it also revives a report whose worker died.
        _queue_render(report)
    return report


def _audience_limit(report_kind: ReportKind, report: Report) -> str | None:
    if report_kind.max_audience is None:
        return None
    return report_kind.max_audience(report)


def _bounded_audience(report_kind: ReportKind, subject: str, audience: str) -> str:
    """The audience of a new report: the one asked for (refused when wider than the kind allows),
    or the kind's default narrowed to the kind's limit."""
    probe = Report(kind=report_kind.slug, subject=subject)
    limit = _audience_limit(report_kind, probe)
    if audience:
        if limit is not None and registry.is_wider(audience, limit):
            raise ReportError(_TOO_WIDE % {"limit": Visibility(limit).label})
        return audience
    default = report_kind.default_audience
    if limit is not None and registry.is_wider(default, limit):
        return limit
    return default


_TOO_WIDE = _("This report cannot reach a wider audience than its source allows: %(limit)s.")


def _requeue(report: Report) -> None:
    report.status = Report.Status.QUEUED
    report.error_message = ""
    report.queued_at = timezone.now()
    report.started_at = report.finished_at = None
    report.save(update_fields=["status", "error_message", "queued_at", "started_at", "finished_at"])


def _queue_render(report: Report) -> None:
    from seg_portal.reports.tasks import render_report_task

    render_report_task.delay_on_commit(report.pk)


@transaction.atomic
def retry_report(*, report: Report, by: User | None) -> Report:
    """Queue a failed report again (its error is cleared; the file is rendered afresh)."""
    if report.status != Report.Status.FAILED:
        raise ReportError(_("Only a failed report can be retried."))
    _requeue(report)
    _queue_render(report)
    return report


def generate_due_reports(*, today: datetime.date | None = None) -> list[Report]:
    """Request the latest complete period of every periodic kind, in every language."""
    today = today or timezone.localdate()
    reports = []
    for kind in registry.all_kinds():
        if kind.periodicity == Periodicity.SUBJECT:
            continue
        period = registry.latest_complete_period(kind.periodicity, today)
        for language, _name in settings.LANGUAGES:
            reports.append(
                request_report(kind=kind.slug, period=period, language=language, by=None)
            )
    return reports


# --- Rendering -------------------------------------------------------------------------------


def _claim(report_id: int) -> datetime.datetime | None:
    """Take the work with one conditional UPDATE; returns the claim's start time, or None.

    Only a queued report, or one left 'rendering' past RENDER_TIMEOUT by a dead worker, can be
    claimed, so two workers never render the same report at once and a second run does nothing.
    """
    now = timezone.now()
    claimed = (
        Report.objects.filter(pk=report_id)
        .filter(
            Q(status=Report.Status.QUEUED)
            | Q(status=Report.Status.RENDERING, started_at__lt=now - RENDER_TIMEOUT)
        )
        .update(
            status=Report.Status.RENDERING,
            started_at=now,
            finished_at=None,
            attempts=F("attempts") + 1,
        )
    )
    return now if claimed else None


def _write_atomically(name: str, content: bytes) -> None:
    """Write to a temporary file beside the target, then rename: readers never see half a PDF."""
    target = Path(default_storage.path(name))
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".rendering-", suffix=".pdf")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def file_name_for(report: Report) -> str:
    key = report.subject or report.period
    return f"reports/{report.kind}/{key}/{report.kind}-{key}-{report.language}.pdf"


def render_report(*, report_id: int) -> Report | None:
    """Render one report if it is ours to render; None when another run has it (or it is done).

    Not one transaction on purpose: the claim and the outcome are two short writes, and the
    rendering between them (seconds) holds no lock. A worker killed in between leaves the report
    'rendering'; once stale, the next run claims it again.
    """
    from seg_portal.reports.rendering import render_pdf

    claimed_at = _claim(report_id)
    if claimed_at is None:
        return None
    report = Report.objects.get(pk=report_id)
    try:
        kind = registry.get_kind(report.kind)
        if kind is None:
            raise ReportError(_("This kind of report is no longer registered."))
        rendered = render_pdf(kind=kind, report=report, language=report.language)
        name = file_name_for(report)
        _write_atomically(name, rendered.content)
    except Exception as error:
        logger.exception("Report %s failed to render", report_id)
        message = f"{type(error).__name__}: {error}"[:2000]
        Report.objects.filter(pk=report_id, started_at=claimed_at).update(
            status=Report.Status.FAILED,
            error_message=message,
            finished_at=timezone.now(),
            publish_when_ready=False,
        )
        report.refresh_from_db()
        return report
    # Only the run that holds the claim records the outcome (a run that overran the timeout and
    # was taken over must not overwrite its successor's result).
    Report.objects.filter(
        pk=report_id, status=Report.Status.RENDERING, started_at=claimed_at
    ).update(
        status=Report.Status.READY,
        file=name,
        sha256=hashlib.sha256(rendered.content).hexdigest(),
        size=len(rendered.content),
        page_count=rendered.page_count,
        error_message="",
        finished_at=timezone.now(),
    )
    _publish_if_awaited(report_id)
    report.refresh_from_db()
    return report


# --- Publication -----------------------------------------------------------------------------


@transaction.atomic
def publish_report(*, report: Report, audience: str, by: User) -> Report:
    """Publish a reviewed report to an audience and tell that audience's subscribers."""
    if report.status not in (Report.Status.READY, Report.Status.WITHDRAWN, Report.Status.PUBLISHED):
        raise ReportError(_("Only a rendered report can be published."))
    if audience not in Visibility.values:
        raise ReportError(_("Unknown audience: %(audience)s.") % {"audience": audience})
    report_kind = registry.get_kind(report.kind)
    limit = _audience_limit(report_kind, report) if report_kind else None
    if limit is not None and registry.is_wider(audience, limit):
        raise ReportError(_TOO_WIDE % {"limit": Visibility(limit).label})
    if audience != report.audience:
        return _render_again_for(report, audience=audience, by=by)
    newly_visible = report.status != Report.Status.PUBLISHED
    report.status = Report.Status.PUBLISHED
    report.audience = audience
    report.published_by = by
    report.published_at = timezone.now()
    report.save(update_fields=["status", "audience", "published_by", "published_at"])
    if newly_visible:
        from seg_portal.reports.tasks import notify_subscribers_task

        notify_subscribers_task.delay_on_commit(report.pk)
    return report


def _render_again_for(report: Report, *, audience: str, by: User) -> Report:
    """The file was built for another audience (its cover, and what some kinds show, depend on
    it): build it again for this one and publish it when ready. Until then nobody but the
    secretariat sees it, so the old content never reaches the new audience."""
    report.audience = audience
    report.publish_when_ready = True
    report.published_by = by
    report.save(update_fields=["audience", "publish_when_ready", "published_by"])
    _requeue(report)
    _queue_render(report)
    return report


def _publish_if_awaited(report_id: int) -> None:
    published = Report.objects.filter(
        pk=report_id, status=Report.Status.READY, publish_when_ready=True
    ).update(status=Report.Status.PUBLISHED, publish_when_ready=False, published_at=timezone.now())
    if published:
        from seg_portal.reports.tasks import notify_subscribers_task

        notify_subscribers_task.delay_on_commit(report_id)


@transaction.atomic
def withdraw_report(*, report: Report, by: User) -> Report:
    """Take a published (or ready) report back: only the secretariat sees it afterwards."""
    if report.status not in (Report.Status.PUBLISHED, Report.Status.READY):
        raise ReportError(_("Only a published or ready report can be withdrawn."))
    report.status = Report.Status.WITHDRAWN
    report.save(update_fields=["status"])
    logger.info("Report %s withdrawn by %s", report.pk, by.pk)
    return report


_AUDIENCE_ROLES = {
    Visibility.INTERNAL: [Role.SECRETARIAT, Role.PTF],
    Visibility.PARTNERS: [Role.SECRETARIAT, Role.PTF, Role.VIEWER],
    Visibility.PUBLIC: [Role.SECRETARIAT, Role.PTF, Role.VIEWER],
}


def subscribers_for(report: Report) -> list[User]:
    """Who hears of this publication: subscribers of its kind who may read it, once per report.

    A subscriber who reads another language hears of this version only when no version in their
    own language exists (that one will tell them when it is published).
    """
    other_languages = set(
        Report.objects.filter(kind=report.kind, period=report.period, subject=report.subject)
        .exclude(language=report.language)
        .exclude(status__in=[Report.Status.FAILED, Report.Status.WITHDRAWN])
        .values_list("language", flat=True)
    )
    users = User.objects.filter(
        is_active=True,
        role__in=_AUDIENCE_ROLES[report.audience],
        report_subscriptions__kind=report.kind,
    ).exclude(language__in=other_languages - {report.language})
    return list(users.distinct().order_by("pk"))


def notify_subscribers(*, report_id: int) -> int:
    """E-mail each subscriber of a published report, in their own language; returns the count."""
    report = Report.objects.filter(pk=report_id, status=Report.Status.PUBLISHED).first()
    if report is None:
        return 0
    messages = []
    for user in subscribers_for(report):
        with translation.override(user.language):
            context = {
                "report": report,
                "user": user,
                "url": settings.PORTAL_BASE_URL.rstrip("/") + report.get_absolute_url(),
                "site_name": settings.SITE_NAME,
            }
            subject = render_to_string("reports/emails/published_subject.txt", context)
            body = render_to_string("reports/emails/published_body.txt", context)
        messages.append(
            EmailMultiAlternatives(
                subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()),
                body=body,
                to=[user.email],
            )
        )
    if messages:
        get_connection().send_messages(messages)
    return len(messages)


# --- Subscriptions ---------------------------------------------------------------------------


@transaction.atomic
def set_subscriptions(*, user: User, kinds: list[str]) -> None:
    """Subscribe ``user`` to exactly these kinds (unknown slugs are ignored)."""
    wanted = {slug for slug in kinds if registry.get_kind(slug) is not None}
    ReportSubscription.objects.filter(user=user).exclude(kind__in=wanted).delete()
    existing = set(ReportSubscription.objects.filter(user=user).values_list("kind", flat=True))
    ReportSubscription.objects.bulk_create(
        [ReportSubscription(user=user, kind=slug) for slug in sorted(wanted - existing)]
    )
