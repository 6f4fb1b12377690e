"""Reference data and editable texts kept in both languages (STYLE.md §8)."""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


def in_active_language(obj, field: str) -> str:
    """``obj.<field>_<lang>`` for the active language, falling back to French then English."""
    language = (translation.get_language() or "fr")[:2]
    for code in (language, "fr", "en"):
        value = getattr(obj, f"{field}_{code}", "")
        if value:
            return value
    return ""


class BilingualName(models.Model):
    name_fr = models.CharField(_("name (French)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_active_language(self, "name")
