from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from seg_portal.accounts.roles import Visibility, visibilities_for
from seg_portal.reports.registry import Period, Periodicity, ReportKind, get_kind, parse_period


class ReportQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ReportQuerySet":
        """What ``user`` may read: everything for the secretariat, else published to their level.

        The queryset twin of ``permissions.can_read_report``.
        """
        if user.is_authenticated and user.is_secretariat:
            return self.all()
        return self.filter(status=Report.Status.PUBLISHED, audience__in=visibilities_for(user))


class Report(models.Model):
    """One PDF of one kind, for one period (or one subject), in one language."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RENDERING = "rendering", _("Rendering")
        READY = "ready", _("Ready for review")
        PUBLISHED = "published", _("Published")
        FAILED = "failed", _("Failed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    IN_PROGRESS = (Status.QUEUED, Status.RENDERING)
    WITH_FILE = (Status.READY, Status.PUBLISHED, Status.WITHDRAWN)

    kind = models.CharField(_("kind"), max_length=64)
    period = models.CharField(_("period"), max_length=16, blank=True)
    subject = models.CharField(_("subject"), max_length=64, blank=True)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    audience = models.CharField(
        _("audience"), max_length=20, choices=Visibility.choices, default=Visibility.INTERNAL
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    # Stored under MEDIA_ROOT and only ever served by the permission-checked download view.
    file = models.FileField(_("PDF file"), max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), null=True, blank=True)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    error_message = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # Set when the secretariat publishes to an audience other than the one the file was built
    # for: the report is rendered again for that audience and published as soon as it is ready.
    publish_when_ready = models.BooleanField(_("publish when ready"), default=False)
    queued_at = models.DateTimeField(_("queued at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-queued_at", "kind", "language"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            # Generation is idempotent: the same request always lands on this one row.
            models.UniqueConstraint(
                fields=["kind", "period", "subject", "language"],
                name="unique_report_kind_period_subject_language",
            ),
            models.CheckConstraint(
                condition=~models.Q(period="", subject=""),
                name="report_has_period_or_subject",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["queued", "rendering", "failed"])
                | ~models.Q(sha256=""),
                name="report_with_file_has_checksum",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
                name="published_report_has_date",
            ),
        ]
        indexes = [models.Index(fields=["status", "audience"])]

    def __str__(self) -> str:
        return f"{self.kind_label} · {self.period_label} · {self.language}"

    def get_absolute_url(self) -> str:
        return reverse("reports:detail", args=[self.pk])

    @property
    def report_kind(self) -> ReportKind | None:
        return get_kind(self.kind)

    @property
    def kind_label(self) -> str:
        kind = self.report_kind
        return str(kind.label) if kind else self.kind

    @property
    def period_obj(self) -> Period | None:
        kind = self.report_kind
        if kind is None or not self.period:
            return None
        return parse_period(kind.periodicity, self.period)

    @property
    def period_label(self) -> str:
        """The period (or subject) as a person reads it, in the active language."""
        from seg_portal.reports.periods import period_label

        kind = self.report_kind
        if kind is None:
            return self.period or self.subject
        if kind.periodicity == Periodicity.SUBJECT:
            return subject_label(kind, self.subject)
        return period_label(kind.periodicity, self.period)

    @property
    def in_progress(self) -> bool:
        return self.status in self.IN_PROGRESS

    @property
    def has_file(self) -> bool:
        return self.status in self.WITH_FILE and bool(self.file)

    @property
    def download_name(self) -> str:
        key = self.subject or self.period
        return f"{self.kind}-{key}-{self.language}.pdf"


def subject_label(kind: ReportKind, key: str) -> str:
    if kind.subjects is not None:
        for subject_key, label in kind.subjects():
            if subject_key == key:
                return str(label)
    return key


class ReportSubscription(models.Model):
    """A person who wants an e-mail when a report of this kind is published to them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="report_subscriptions",
    )
    kind = models.CharField(_("kind"), max_length=64)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["kind"]
        verbose_name = _("report subscription")
        verbose_name_plural = _("report subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="unique_report_subscription"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.kind}"
