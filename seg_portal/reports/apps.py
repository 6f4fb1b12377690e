from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "seg_portal.reports"
    label = "reports"
    verbose_name = _("Reports")
    nav_label = _("Reports")

    def ready(self) -> None:
        from seg_portal.reports.registry import autodiscover

        autodiscover()
