"""The portal's roles and the visibility levels of everything it publishes (DESIGN.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", _("Secretariat")
    PTF = "ptf", _("PTF staff")
    VIEWER = "viewer", _("Viewer")


class Visibility(models.TextChoices):
    """Who may read a published thing; each level includes the audiences of the one above it."""

    INTERNAL = "internal", _("Internal (secretariat and PTF)")
    PARTNERS = "partners", _("Partners (with Government and civil society)")
    PUBLIC = "public", _("Public")


def visibilities_for(user) -> list[str]:
    """The visibility levels a user (or an anonymous visitor) may read."""
    if not user.is_authenticated or not user.is_active:
        return [Visibility.PUBLIC]
    if user.role == Role.VIEWER:
        return [Visibility.PARTNERS, Visibility.PUBLIC]
    return [Visibility.INTERNAL, Visibility.PARTNERS, Visibility.PUBLIC]
