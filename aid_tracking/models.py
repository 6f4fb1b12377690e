from django.db import models
from django.utils.translation import gettext_lazy as _

from seg_portal.bilingual import BilingualName


class Region(BilingualName):
    """A first-level subdivision of Mali (ISO 3166-2:ML): its regions and the district of Bamako."""

    code = models.CharField(_("ISO 3166-2 code"), max_length=10, unique=True)
    is_district = models.BooleanField(_("district"), default=False)

    class Meta:
        ordering = ["name_fr"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
