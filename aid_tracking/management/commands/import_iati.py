"""``python manage.py import_iati FILE [--organization REF] [--dry-run]``.

Runs as the secretariat: each activity goes to the organisation named by its reporting-org
(or to ``--organization``, an acronym or IATI identifier). A file that cannot be read writes
nothing and the command exits with status 1 and the reason (never a traceback).
"""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from aid_tracking.imports import ImportReport, import_iati
from seg_portal.accounts.models import Organization


def report_lines(report: ImportReport) -> list[str]:
    lines = list(report.notes)
    for activity in report.activities:
        lines.append(f"{activity.outcome.upper():8} {activity.iati_identifier or '?'}")
        lines.extend(f"    - {reason}" for reason in activity.reasons)
        lines.extend(f"    . {note}" for note in activity.notes)
    if report.omitted:
        lines.append(
            ngettext(
                "%(count)s more activity is counted in the summary but not listed.",
                "%(count)s more activities are counted in the summary but not listed.",
                report.omitted,
            )
            % {"count": report.omitted}
        )
    return lines


class Command(BaseCommand):
    help = "Import the activities for Mali of an IATI 2.0x activity file (all or nothing)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file")
        parser.add_argument(
            "--organization",
            help="Attribute every activity to this organisation (acronym or IATI identifier).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would happen; write nothing."
        )

    def handle(self, *args, file: str, organization: str | None, dry_run: bool, **options):
        target = None
        if organization:
            target = Organization.objects.filter(
                Q(acronym__iexact=organization) | Q(iati_identifier=organization)
            ).first()
            if target is None:
                raise CommandError(
                    _("No organisation “%(value)s” in the portal.") % {"value": organization}
                )
        try:
            handle = open(file, "rb")  # noqa: SIM115 - closed below
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s.") % {"file": file, "error": error.strerror}
            ) from error
        with handle:
            report = import_iati(source=handle, organization=target, dry_run=dry_run)
        if report.error:
            raise CommandError(report.error)
        for line in report_lines(report):
            self.stdout.write(line)
        summary = _("%(created)s created, %(updated)s updated, %(skipped)s skipped.") % {
            "created": report.created,
            "updated": report.updated,
            "skipped": report.skipped,
        }
        if dry_run:
            summary += " " + _("Dry run: nothing was written.")
        self.stdout.write(self.style.SUCCESS(summary))
