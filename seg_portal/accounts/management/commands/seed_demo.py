import os

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string, module_has_submodule

from seg_portal.accounts import demo

# The documented demo password (README); real accounts are invited and choose their own.
DEFAULT_DEMO_PASSWORD = "seg-demo-2026"  # noqa: S105


class Command(BaseCommand):
    help = (
        "Create the demo organisations, one user per role and each app's demo data. "
        "Idempotent: running it again changes nothing that is already there."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Run even when DEBUG is off (never on production)."
        )

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("DEBUG is off: seed_demo refuses to run without --force.")
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD
        with transaction.atomic():
            organizations = demo.seed_organizations()
            users = demo.seed_users(organizations=organizations, password=password)
            demo.seed_totp(
                user=users[demo.DEMO_SECRETARIAT_EMAIL],
                secret=os.environ.get("DEMO_TOTP_SECRET") or demo.DEFAULT_DEMO_TOTP_SECRET,
            )
            for seed in self._app_seeders():
                seed(organizations=organizations, users=users)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Logins (password: {password}):"))
        for email, *_rest, role, _title in demo.USERS:
            self.stdout.write(f"  {email:<28} {role.label}")
        self.stdout.write(
            f"{demo.DEMO_SECRETARIAT_EMAIL} also needs a two-factor code: run "
            "`python manage.py demo_totp_code` for the current one, or add the secret "
            "DEMO_TOTP_SECRET (see README, Demo logins) to an authenticator application."
        )

    @staticmethod
    def _app_seeders():
        """Each app may provide ``demo.seed(*, organizations, users)``; they run in app order."""
        for config in apps.get_app_configs():
            if config.name != "seg_portal.accounts" and module_has_submodule(config.module, "demo"):
                yield import_string(f"{config.name}.demo.seed")
