from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from seg_portal.accounts import demo
from seg_portal.accounts.models import User


class Command(BaseCommand):
    help = (
        "Print the current two-factor code of the demo secretariat user (or of --email), as "
        "their authenticator application would show it. For demonstrations only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--email", default=demo.DEMO_SECRETARIAT_EMAIL)
        parser.add_argument(
            "--force", action="store_true", help="Run even when DEBUG is off (never on production)."
        )

    def handle(self, *args, email: str, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("DEBUG is off: demo_totp_code refuses to run without --force.")
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No user {email}: run `python manage.py seed_demo` first.")
        try:
            code = demo.current_totp_code(user)
        except Authenticator.DoesNotExist:
            raise CommandError(f"{email} has no authenticator: run seed_demo first.") from None
        self.stdout.write(code)
