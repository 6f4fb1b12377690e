"""``python manage.py export_iati --output FILE [--organization REF]``: IATI 2.03 XML of the
published, public activities (all organisations, or one)."""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils.translation import gettext as _

from aid_tracking.exports import iati_export_activities, public_activities
from aid_tracking.iati import write_activities
from seg_portal.accounts.models import Organization


class Command(BaseCommand):
    help = "Write the published, public activities as IATI 2.03 XML."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--output", required=True, help="The file to write.")
        parser.add_argument(
            "--organization", help="Only this organisation (acronym or IATI identifier)."
        )

    def handle(self, *args, output: str, organization: str | None, **options) -> None:
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
            handle = open(output, "wb")  # noqa: SIM115 - closed below
        except OSError as error:
            raise CommandError(
                _("Cannot write %(file)s: %(error)s.") % {"file": output, "error": error.strerror}
            ) from error
        with handle:
            count = write_activities(
                iati_export_activities(public_activities(organization=target)), handle
            )
        self.stdout.write(
            self.style.SUCCESS(
                _("%(count)s activities written to %(file)s.") % {"count": count, "file": output}
            )
        )
