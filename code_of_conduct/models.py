"""Triple C: the framework (principles → commitments → indicators), campaigns and assessments."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from seg_portal.accounts.models import Organization
from seg_portal.accounts.roles import Role, Visibility, visibilities_for
from seg_portal.bilingual import in_active_language

SCALE_MAX = 4


class FrameworkVersion(models.Model):
    """One edition of the framework; a campaign keeps the version it was run with."""

    label = models.CharField(_("label"), max_length=150, unique=True)
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("based on"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(
        pgettext_lazy("of a feminine noun", "created at"), auto_now_add=True
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("framework version")
        verbose_name_plural = _("framework versions")

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("code_of_conduct:framework_detail", args=[self.pk])

    @property
    def is_frozen(self) -> bool:
        """Frozen once a campaign run with it holds answers: its texts are then on record."""
        return Answer.objects.filter(assessment__campaign__framework=self).exists()


class Principle(models.Model):
    framework = models.ForeignKey(
        FrameworkVersion,
        verbose_name=_("framework version"),
        on_delete=models.CASCADE,
        related_name="principles",
    )
    code = models.CharField(_("code"), max_length=10)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title_fr = models.CharField(_("title (French)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    class Meta:
        ordering = ["framework", "position", "code"]
        verbose_name = _("principle")
        verbose_name_plural = _("principles")
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="coc_unique_principle_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"

    @property
    def title(self) -> str:
        return in_active_language(self, "title")

    @property
    def description(self) -> str:
        return in_active_language(self, "description")


class Commitment(models.Model):
    principle = models.ForeignKey(
        Principle, verbose_name=_("principle"), on_delete=models.CASCADE, related_name="commitments"
    )
    code = models.CharField(_("code"), max_length=10)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text_fr = models.TextField(_("text (French)"))
    text_en = models.TextField(_("text (English)"))

    class Meta:
        ordering = ["principle", "position", "code"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [
            models.UniqueConstraint(
                fields=["principle", "code"], name="coc_unique_commitment_code"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"

    @property
    def text(self) -> str:
        return in_active_language(self, "text")


class Indicator(models.Model):
    class Kind(models.TextChoices):
        SCALE = "scale", _("Scale from 0 to 4")
        YES_NO = "yes_no", _("Yes or no")
        COMPUTED = "computed", _("Computed from the portal's data")

    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("commitment"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    code = models.CharField(_("code"), max_length=10)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text_fr = models.TextField(_("text (French)"))
    text_en = models.TextField(_("text (English)"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SCALE)
    source_key = models.CharField(
        _("computed source"),
        max_length=60,
        blank=True,
        help_text=_("Only for computed indicators, e.g. aid.annual_predictability."),
    )
    levels_fr = models.TextField(
        _("level descriptions (French)"),
        blank=True,
        help_text=_("For a scale: five lines, from level 0 to level 4."),
    )
    levels_en = models.TextField(_("level descriptions (English)"), blank=True)
    # On the normalised 0-4 scale used by the scorecards (yes = 4, a ratio of 100 % = 4).
    baseline = models.DecimalField(
        _("baseline"), max_digits=4, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(_("target"), max_digits=4, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["commitment", "position", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "code"], name="coc_unique_indicator_code"
            ),
            models.CheckConstraint(
                condition=(Q(kind="computed") & ~Q(source_key=""))
                | (~Q(kind="computed") & Q(source_key="")),
                name="coc_indicator_source_only_when_computed",
            ),
            models.CheckConstraint(
                condition=Q(baseline__isnull=True) | Q(baseline__gte=0, baseline__lte=SCALE_MAX),
                name="coc_indicator_baseline_in_scale",
            ),
            models.CheckConstraint(
                condition=Q(target__isnull=True) | Q(target__gte=0, target__lte=SCALE_MAX),
                name="coc_indicator_target_in_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"

    @property
    def text(self) -> str:
        return in_active_language(self, "text")

    @property
    def levels(self) -> list[str]:
        return [line.strip() for line in in_active_language(self, "levels").splitlines() if line]

    @property
    def is_self_assessed(self) -> bool:
        return self.kind != self.Kind.COMPUTED


class CampaignQuerySet(models.QuerySet):
    def published_to(self, user) -> "CampaignQuerySet":
        """Campaigns whose aggregate scorecard this user may read."""
        if user.is_authenticated and user.is_secretariat:
            return self
        return self.filter(is_published=True, visibility__in=visibilities_for(user))


class Campaign(models.Model):
    """The yearly cycle of self-assessments."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    framework = models.ForeignKey(
        FrameworkVersion,
        verbose_name=_("framework version"),
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    deadline = models.DateField(_("deadline"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.OPEN)
    is_published = models.BooleanField(_("scorecard published"), default=False)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility, default=Visibility.INTERNAL
    )
    name_partners = models.BooleanField(
        _("name the PTF in the published scorecard"),
        default=False,
        help_text=_("Otherwise the published aggregate shows them as PTF A, PTF B…"),
    )
    created_at = models.DateTimeField(
        pgettext_lazy("of a feminine noun", "created at"), auto_now_add=True
    )

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="coc_campaign_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return _("Triple C campaign %(year)s") % {"year": self.year}

    def get_absolute_url(self) -> str:
        return reverse("code_of_conduct:campaign_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class AssessmentQuerySet(models.QuerySet):
    def visible_to(self, user) -> "AssessmentQuerySet":
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_secretariat:
            return self
        if user.role == Role.PTF and user.organization_id:
            return self.filter(organization_id=user.organization_id)
        return self.none()

    def editable_by(self, user) -> "AssessmentQuerySet":
        if not user.is_authenticated or not user.is_ptf or not user.organization_id:
            return self.none()
        return self.filter(
            organization_id=user.organization_id,
            campaign__status=Campaign.Status.OPEN,
            status__in=Assessment.EDITABLE_STATUSES,
        )


class Assessment(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned for correction")
        VALIDATED = "validated", _("Validated")

    EDITABLE_STATUSES = (Status.NOT_STARTED, Status.DRAFT, Status.RETURNED)

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="assessments"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="triple_c_assessments",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status, default=Status.NOT_STARTED
    )
    return_comment = models.TextField(_("secretariat's comments on return"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    validated_at = models.DateTimeField(_("validated at"), null=True, blank=True)
    updated_at = models.DateTimeField(
        pgettext_lazy("of a feminine noun", "updated at"), auto_now=True
    )

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["campaign", "organization__acronym"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "organization"], name="coc_one_assessment_per_ptf_per_campaign"
            ),
        ]

    def __str__(self) -> str:
        return _("%(organization)s — %(year)s") % {
            "organization": self.organization,
            "year": self.campaign.year,
        }

    def get_absolute_url(self) -> str:
        return reverse("code_of_conduct:assessment_detail", args=[self.pk])

    @property
    def status_badge(self) -> str:
        return {
            self.Status.NOT_STARTED: "badge-danger",
            self.Status.DRAFT: "badge-warning",
            self.Status.SUBMITTED: "badge-info",
            self.Status.RETURNED: "badge-warning",
            self.Status.VALIDATED: "badge-success",
        }[self.status]


class Answer(models.Model):
    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="answers"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="answers"
    )
    # Scale: 0-4; yes/no: 0 (no) or 1 (yes). Computed indicators keep the source's value instead.
    value = models.PositiveSmallIntegerField(_("answer"), null=True, blank=True)
    computed_value = models.DecimalField(
        _("computed value"), max_digits=7, decimal_places=4, null=True, blank=True
    )
    provenance = models.JSONField(_("provenance"), default=list, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    secretariat_comment = models.TextField(_("secretariat's comment"), blank=True)
    updated_at = models.DateTimeField(
        pgettext_lazy("of a feminine noun", "updated at"), auto_now=True
    )

    class Meta:
        ordering = ["assessment", "indicator"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "indicator"], name="coc_one_answer_per_indicator"
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__lte=SCALE_MAX),
                name="coc_answer_value_in_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment} · {self.indicator.code}"

    @property
    def computed_percent(self) -> Decimal | None:
        """A computed ratio as a percentage, as people read a rate (0.5 → 50)."""
        if self.computed_value is None:
            return None
        return (self.computed_value * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def normalised(self) -> Decimal | None:
        """The answer on the common 0-4 scale: yes/no → 0 or 4, a ratio of 1 → 4."""
        kind = self.indicator.kind
        if kind == Indicator.Kind.COMPUTED:
            if self.computed_value is None:
                return None
            return min(Decimal(SCALE_MAX), self.computed_value * SCALE_MAX)
        if self.value is None:
            return None
        if kind == Indicator.Kind.YES_NO:
            return Decimal(SCALE_MAX) if self.value else Decimal(0)
        return Decimal(self.value)


def evidence_path(instance: "Evidence", filename: str) -> str:
    return f"code_of_conduct/evidence/{instance.answer.assessment_id}/{filename}"


class Evidence(models.Model):
    answer = models.ForeignKey(
        Answer, verbose_name=_("answer"), on_delete=models.CASCADE, related_name="evidence"
    )
    label = models.CharField(_("label"), max_length=200)
    file = models.FileField(_("file"), upload_to=evidence_path, blank=True)
    link = models.URLField(_("link"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(link="")) | (~Q(file="") & Q(link="")),
                name="coc_evidence_file_xor_link",
            ),
        ]

    def __str__(self) -> str:
        return self.label


class Reminder(models.Model):
    """One reminder e-mail sent: the unique key makes the reminder task safe to run twice."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="reminders"
    )
    days_before = models.PositiveSmallIntegerField(_("days before the deadline"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "days_before"], name="coc_one_reminder_per_step"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment} -{self.days_before}"
