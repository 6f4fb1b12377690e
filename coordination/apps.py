from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    name = "coordination"
    label = "coordination"
    verbose_name = _("Concertation")
    nav_label = _("Concertation")
