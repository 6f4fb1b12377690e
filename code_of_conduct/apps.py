from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CodeOfConductConfig(AppConfig):
    name = "code_of_conduct"
    label = "code_of_conduct"
    verbose_name = _("Triple C code of conduct")
    nav_label = _("Triple C")
