"""Who may do what with reports. The queryset twin is ``Report.objects.visible_to(user)``."""

from seg_portal.accounts.roles import visibilities_for
from seg_portal.reports.models import Report


def can_manage_reports(user) -> bool:
    """Request, review, publish, withdraw and retry reports: the secretariat only."""
    return user.is_authenticated and user.is_secretariat


def can_read_report(user, report: Report) -> bool:
    """The secretariat reads every report; others only what is published to their level."""
    if can_manage_reports(user):
        return True
    return report.status == Report.Status.PUBLISHED and report.audience in visibilities_for(user)


def can_download_report(user, report: Report) -> bool:
    return can_read_report(user, report) and report.has_file


def can_subscribe_to_reports(user) -> bool:
    return user.is_authenticated and user.is_active
