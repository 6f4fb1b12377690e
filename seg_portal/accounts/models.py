from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from seg_portal.accounts.roles import Role


class OrganizationQuerySet(models.QuerySet):
    """Queryset twins of ``permissions.can_view_organization`` / ``can_manage_organizations``."""

    def visible_to(self, user) -> "OrganizationQuerySet":
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        return self

    def editable_by(self, user) -> "OrganizationQuerySet":
        if user is None or not user.is_authenticated or not user.is_secretariat:
            return self.none()
        return self


class Organization(models.Model):
    class Kind(models.TextChoices):
        BILATERAL = "bilateral", _("Bilateral partner")
        MULTILATERAL = "multilateral", _("Multilateral partner")
        UN_AGENCY = "un_agency", _("UN agency")
        GOVERNMENT = "government", _("Government of Mali")
        CSO = "cso", _("Civil society organisation")
        SECRETARIAT = "secretariat", _("Secretariat")

    PTF_KINDS = (Kind.BILATERAL, Kind.MULTILATERAL, Kind.UN_AGENCY)

    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    iati_identifier = models.CharField(
        _("IATI organisation identifier"),
        max_length=100,
        blank=True,
        help_text=_("For example CH-4 for the Swiss Agency for Development and Cooperation."),
    )
    country = models.CharField(
        _("country"), max_length=2, blank=True, help_text=_("ISO 3166-1 alpha-2 code, e.g. CH.")
    )
    website = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["acronym"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["iati_identifier"],
                condition=~models.Q(iati_identifier=""),
                name="unique_organization_iati_identifier",
            ),
        ]

    def __str__(self) -> str:
        return self.acronym or self.name

    def get_absolute_url(self) -> str:
        return reverse("accounts:organization_detail", args=[self.pk])

    @property
    def is_ptf(self) -> bool:
        return self.kind in self.PTF_KINDS


class UserQuerySet(models.QuerySet):
    """The queryset twins of ``permissions.can_view_user`` / ``can_manage_users``."""

    def visible_to(self, user) -> "UserQuerySet":
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_secretariat:
            return self
        if user.organization_id is None:
            return self.filter(pk=user.pk)
        return self.filter(organization_id=user.organization_id)

    def editable_by(self, user) -> "UserQuerySet":
        if user is None or not user.is_authenticated or not user.is_secretariat:
            return self.none()
        return self


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("role", Role.SECRETARIAT)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who logs in with an e-mail address, belonging to one organisation."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    job_title = models.CharField(_("job title"), max_length=150, blank=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        ordering = ["last_name", "first_name", "email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="unique_user_email_case_insensitive"),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @property
    def is_secretariat(self) -> bool:
        return self.is_active and self.role == Role.SECRETARIAT

    @property
    def is_ptf(self) -> bool:
        return self.is_active and self.role == Role.PTF

    @property
    def is_viewer(self) -> bool:
        return self.is_active and self.role == Role.VIEWER


class InvitationQuerySet(models.QuerySet):
    def pending(self) -> "InvitationQuerySet":
        """Invitations whose link still works: not used, not revoked, not expired."""
        return self.filter(used_at=None, revoked_at=None, expires_at__gt=timezone.now())

    def visible_to(self, user) -> "InvitationQuerySet":
        if user is None or not user.is_authenticated or not user.is_secretariat:
            return self.none()
        return self


class Invitation(models.Model):
    """A one-time link that lets an invited person choose a password and log in.

    Only a SHA-256 hash of the token is kept: whoever reads the database cannot use a link.
    """

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="invitations"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        User,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(
        pgettext_lazy("of a feminine noun", "sent at"), default=timezone.now
    )
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="invitation_expires_after_creation",
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_pending(self) -> bool:
        return self.used_at is None and self.revoked_at is None and not self.is_expired
