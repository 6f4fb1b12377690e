from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AidTrackingConfig(AppConfig):
    name = "aid_tracking"
    label = "aid_tracking"
    verbose_name = _("Aid transparency and predictability")
    nav_label = _("Aid")
