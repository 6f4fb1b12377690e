"""Axis 2: the coordination bodies, their meetings, minutes, decisions, and context monitoring."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from seg_portal.accounts.roles import Visibility


def _token() -> str:
    return secrets.token_urlsafe(32)


# --- Bodies ------------------------------------------------------------------------------------


class BodyQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Confidential bodies are seen only by their members, their leads and the secretariat."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_secretariat:
            return self
        return self.filter(
            Q(is_confidential=False)
            | Q(memberships__organization_id=user.organization_id)
            | Q(lead_users=user)
        ).distinct()

    def editable_by(self, user):
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_secretariat:
            return self
        return self.filter(lead_users=user)


class Body(models.Model):
    class Kind(models.TextChoices):
        GEC = "gec", _("GEC plenary")
        TROIKA = "troika", _("Troïka élargie")
        AMBASSADORS = "ambassadors", _("Group of Ambassadors")
        THEMATIC = "thematic", _("Thematic group")
        SUBGROUP = "subgroup", _("Sub-group")
        AD_HOC = "ad_hoc", _("Ad hoc group")
        JOINT = "joint", _("Joint Government–PTF framework")  # noqa: RUF001

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("short name"), max_length=30, blank=True)
    mandate = models.TextField(_("mandate"), blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    lead_organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("lead organisation (chef de file)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_bodies",
    )
    government_counterpart = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("government counterpart"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="counterpart_bodies",
    )
    is_confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_("Only members and the secretariat see a confidential body and its meetings."),
    )
    lead_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lead focal points"),
        blank=True,
        related_name="led_bodies",
    )
    created_at = models.DateTimeField(
        pgettext_lazy("of a feminine noun", "created at"), auto_now_add=True
    )

    objects = BodyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="coordination_body_not_own_parent"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("coordination:body_detail", args=[self.pk])


class Membership(models.Model):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="body_memberships",
    )
    joined_on = models.DateField(_("member since"), default=timezone.localdate)

    class Meta:
        ordering = ["organization__acronym"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "organization"], name="coordination_membership_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} — {self.body}"


class Representative(models.Model):
    """A person representing a member organisation; at most one titular and one substitute."""

    class Role(models.TextChoices):
        TITULAR = "titular", _("Titular")
        SUBSTITUTE = "substitute", _("Substitute")

    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="representatives"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="representations",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        ordering = ["role"]
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        constraints = [
            # The GEC's rule: two representatives per institution, one titular, one substitute.
            models.UniqueConstraint(
                fields=["membership", "role"], name="coordination_one_representative_per_role"
            ),
            models.UniqueConstraint(
                fields=["membership", "user"], name="coordination_representative_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class ChairTerm(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("Chef de file")
        INCOMING = "incoming", _("Incoming")
        OUTGOING = "outgoing", _("Outgoing")

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="chair_terms")
    organization = models.ForeignKey(
        "accounts.Organization", verbose_name=_("organisation"), on_delete=models.PROTECT
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))

    class Meta:
        ordering = ["-starts_on", "role"]
        verbose_name = _("chair term")
        verbose_name_plural = _("chair terms")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="coordination_chair_term_dates_ordered",
            ),
            models.UniqueConstraint(
                fields=["body", "role", "starts_on"], name="coordination_chair_term_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} — {self.get_role_display()}"


# --- Meetings ----------------------------------------------------------------------------------


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")


class Meeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    STATUS_BADGES = {Status.PLANNED: "info", Status.HELD: "success", Status.CANCELLED: "danger"}
    MINUTES_BADGES = {
        MinutesStatus.DRAFT: "warning",
        MinutesStatus.APPROVED: "info",
        MinutesStatus.PUBLISHED: "success",
    }

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="meetings"
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("end"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    visibility = models.CharField(
        _("calendar visibility"),
        max_length=20,
        choices=Visibility.choices,
        default=Visibility.INTERNAL,
        help_text=_("Who sees that this meeting takes place (its minutes have their own)."),
    )
    series = models.UUIDField(_("series"), null=True, blank=True, editable=False)
    minutes = models.TextField(_("minutes (Markdown)"), blank=True)
    minutes_status = models.CharField(
        _("minutes status"),
        max_length=20,
        choices=MinutesStatus.choices,
        default=MinutesStatus.DRAFT,
    )
    minutes_visibility = models.CharField(
        _("minutes visibility"),
        max_length=20,
        choices=Visibility.choices,
        default=Visibility.INTERNAL,
    )
    minutes_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("minutes approved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    minutes_approved_at = models.DateTimeField(_("minutes approved at"), null=True, blank=True)
    minutes_published_at = models.DateTimeField(_("minutes published at"), null=True, blank=True)
    women_count = models.PositiveIntegerField(_("women present"), default=0)
    men_count = models.PositiveIntegerField(_("men present"), default=0)
    reminder_sent_at = models.DateTimeField(
        _("reminder sent at"), null=True, blank=True, editable=False
    )
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="coordination_meeting_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["body", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("coordination:meeting_detail", args=[self.pk])

    @property
    def status_badge(self) -> str:
        return self.STATUS_BADGES.get(self.status, "info")

    @property
    def minutes_status_badge(self) -> str:
        return self.MINUTES_BADGES.get(self.minutes_status, "info")

    @property
    def attendance_total(self) -> int:
        return self.women_count + self.men_count


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveIntegerField(_("order"))
    title = models.CharField(_("item"), max_length=300)
    presenter = models.CharField(_("presenter"), max_length=200, blank=True)
    carried_decision = models.ForeignKey(
        "Decision",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="carried_to",
        editable=False,
    )

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "carried_decision"],
                condition=Q(carried_decision__isnull=False),
                name="coordination_decision_carried_once",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Invitation(models.Model):
    class Reply(models.TextChoices):
        PENDING = "pending", _("No reply yet")
        ATTENDING = "attending", _("Attending")
        EXCUSED = "excused", _("Excused")
        SUBSTITUTE = "substitute", _("Sending a substitute")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_invitations"
    )
    token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    reply = models.CharField(
        _("reply"), max_length=20, choices=Reply.choices, default=Reply.PENDING
    )
    substitute_name = models.CharField(_("name of the substitute"), max_length=200, blank=True)
    sent_at = models.DateTimeField(
        pgettext_lazy("of a feminine noun", "sent at"), null=True, blank=True
    )
    cancellation_sent_at = models.DateTimeField(_("cancellation sent at"), null=True, blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["user__last_name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="coordination_invite_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.meeting}"


class Attendance(models.Model):
    """One organisation present at a held meeting; the gender count is kept on the meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    organization = models.ForeignKey(
        "accounts.Organization", verbose_name=_("organisation"), on_delete=models.PROTECT
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "organization"], name="coordination_attendance_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} @ {self.meeting_id}"


def _document_path(instance: "MeetingDocument", filename: str) -> str:
    return f"coordination/meetings/{instance.meeting_id}/{uuid.uuid4().hex}/{filename}"


class MeetingDocument(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=_document_path)
    visibility = models.CharField(
        _("visibility"), max_length=20, choices=Visibility.choices, default=Visibility.INTERNAL
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title


class ChecklistQuestion(models.Model):
    """A Do-No-Harm / conflict-sensitivity question the secretariat asks of every meeting."""

    text = models.CharField(_("question"), max_length=300)
    position = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("checklist question")
        verbose_name_plural = _("checklist questions")

    def __str__(self) -> str:
        return self.text


class ChecklistAnswer(models.Model):
    class Answer(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")
        NOT_APPLICABLE = "na", _("Not applicable")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="checklist")
    question = models.ForeignKey(ChecklistQuestion, on_delete=models.PROTECT)
    # The question's wording at the time, kept with the minutes even if the question changes.
    question_text = models.CharField(max_length=300)
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["question__position", "question_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "question"], name="coordination_checklist_answer_once"
            )
        ]

    def __str__(self) -> str:
        return self.question_text


# --- Decisions ---------------------------------------------------------------------------------


class Decision(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS)
    STATUS_BADGES = {
        Status.OPEN: "info",
        Status.IN_PROGRESS: "warning",
        Status.DONE: "success",
        Status.DROPPED: "danger",
    }

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("decision or recommendation"))
    responsible_organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("responsible organisation"),
        on_delete=models.PROTECT,
        related_name="coordination_decisions",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(
        pgettext_lazy("of a feminine noun", "created at"), auto_now_add=True
    )

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return reverse("coordination:decision_detail", args=[self.pk])

    @property
    def status_badge(self) -> str:
        return self.STATUS_BADGES.get(self.status, "info")

    @property
    def is_overdue(self) -> bool:
        return (
            self.status in self.OPEN_STATUSES
            and self.due_date is not None
            and self.due_date < timezone.localdate()
        )


class DecisionUpdate(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("progress"))
    status = models.CharField(_("status"), max_length=20, choices=Decision.Status.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("decision follow-up")
        verbose_name_plural = _("decision follow-ups")

    def __str__(self) -> str:
        return self.text[:80]


class DigestLog(models.Model):
    """One weekly digest sent to one organisation: the unique key makes the task idempotent."""

    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE)
    week = models.DateField()
    # The digest is "la synthèse" in French.
    sent_at = models.DateTimeField(
        pgettext_lazy("of a feminine noun", "sent at"), auto_now_add=True
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "week"], name="coordination_digest_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.week}"


class CalendarFeed(models.Model):
    """A person's private iCal feed; the token in its URL is the only key, so it can be replaced."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=_token)
    # The feed is "le lien de calendrier" in French; replacing the link renews the date.
    created_at = models.DateTimeField(_("created at"), auto_now=True)

    def __str__(self) -> str:
        return str(self.user_id)


# --- Context monitoring ------------------------------------------------------------------------


class ContextNoteQuerySet(models.QuerySet):
    def visible_to(self, user):
        from seg_portal.accounts.roles import visibilities_for

        return self.filter(visibility__in=visibilities_for(user))


class ContextNote(models.Model):
    class Theme(models.TextChoices):
        SECURITY = "security", _("Security")
        HUMANITARIAN = "humanitarian", _("Humanitarian")
        POLITICAL = "political", _("Political")
        ECONOMIC = "economic", _("Economic")
        SOCIAL = "social", _("Social")

    class Risk(models.IntegerChoices):
        LOW = 1, _("Low")
        MODERATE = 2, _("Moderate")
        HIGH = 3, _("High")
        CRITICAL = 4, _("Critical")

    date = models.DateField(_("date"))
    regions = models.ManyToManyField(
        "aid_tracking.Region", verbose_name=_("regions"), related_name="context_notes"
    )
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices)
    risk_level = models.PositiveSmallIntegerField(_("risk level"), choices=Risk.choices)
    summary = models.TextField(_("summary"))
    source = models.CharField(_("source"), max_length=300, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=20, choices=Visibility.choices, default=Visibility.INTERNAL
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(
        pgettext_lazy("of a feminine noun", "created at"), auto_now_add=True
    )

    objects = ContextNoteQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("context note")
        verbose_name_plural = _("context notes")
        constraints = [
            models.CheckConstraint(
                condition=Q(risk_level__gte=1, risk_level__lte=4),
                name="coordination_context_risk_in_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.date} — {self.get_theme_display()}"
