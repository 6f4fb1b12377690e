from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, no_translations

from seg_portal.celery import app as celery_app
from seg_portal.reports import registry, services
from seg_portal.reports.models import Report


class Command(BaseCommand):
    help = (
        "Generate reports: the due ones (--due) or one kind (--kind, with --period or --subject; "
        "a periodic kind without --period takes its latest complete period). Through the broker "
        "when CELERY_BROKER_URL is set, in this process otherwise. --list prints the kinds."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--due", action="store_true", help="Every periodic kind's latest period."
        )
        parser.add_argument("--kind", default="", help="The slug of a kind (see --list).")
        parser.add_argument("--period", default="", help="e.g. 2026-10, 2026-Q3 or 2026.")
        parser.add_argument("--subject", default="", help="For per-subject kinds.")
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            help="One language (default: all).",
        )
        parser.add_argument("--list", action="store_true", help="Print the registered kinds.")

    @no_translations  # English output (the msgids) for an operator's tool; restored afterwards
    def handle(self, *args, **options):
        if options["list"]:
            for kind in registry.all_kinds():
                self.stdout.write(f"{kind.slug}\t{kind.periodicity}\t{kind.label}")
            return
        if options["due"]:
            if options["kind"] or options["period"] or options["subject"]:
                raise CommandError("--due takes no --kind, --period or --subject.")
            reports = services.generate_due_reports()
            if options["language"]:
                reports = [report for report in reports if report.language == options["language"]]
        elif options["kind"]:
            languages = (
                [options["language"]]
                if options["language"]
                else [code for code, _name in settings.LANGUAGES]
            )
            try:
                # Checked before any database work, so that a typo costs nothing.
                services.resolve_request(
                    kind=options["kind"], period=options["period"], subject=options["subject"]
                )
                reports = [
                    services.request_report(
                        kind=options["kind"],
                        period=options["period"],
                        subject=options["subject"],
                        language=language,
                        by=None,
                        retry_failed=True,
                    )
                    for language in languages
                ]
            except services.ReportError as error:
                raise CommandError(str(error)) from error
        else:
            raise CommandError("Give --kind KIND, --due or --list.")
        if not reports:
            self.stdout.write("No periodic report kind is registered.")
            return
        eager = celery_app.conf.task_always_eager
        through = "rendered in-process" if eager else "queued to the workers"
        self.stdout.write(f"{len(reports)} report(s), {through}:")
        failed = False
        for report in reports:
            report.refresh_from_db()
            failed = failed or report.status == Report.Status.FAILED
            path = report.file.path if report.file else "-"
            key = report.subject or report.period
            line = f"{report.kind}\t{key}\t{report.language}\t{report.status}\t{path}"
            if report.status == Report.Status.FAILED:
                line += f"\t{report.error_message}"
            self.stdout.write(line)
        if failed:
            raise CommandError("Some reports failed; see above.")
