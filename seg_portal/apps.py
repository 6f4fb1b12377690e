from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SegPortalConfig(AppConfig):
    name = "seg_portal"
    verbose_name = _("SEG Portal")
