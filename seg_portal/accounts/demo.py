"""Demo organisations and users: the cast every other app's demo data builds on."""

import time

from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt, encrypt

from seg_portal.accounts.models import Organization, User
from seg_portal.accounts.roles import Role

Kind = Organization.Kind

ORGANIZATIONS = [
    # (acronym, name, kind, IATI identifier, country)
    ("SEG", "Secrétariat exécutif du Groupe Exécutif de Coopération", Kind.SECRETARIAT, "", "ML"),
    (
        "DDC",
        "Direction du développement et de la coopération (Suisse)",
        Kind.BILATERAL,
        "CH-4",
        "CH",
    ),
    (
        "BMZ",
        "Ministère fédéral de la Coopération économique (Allemagne)",
        Kind.BILATERAL,
        "DE-1",
        "DE",
    ),
    ("AMC", "Affaires mondiales Canada", Kind.BILATERAL, "CA-3", "CA"),
    (
        "AECID",
        "Agence espagnole de coopération internationale",
        Kind.BILATERAL,
        "ES-DIR3-EA0035768",
        "ES",
    ),
    (
        "USAID",
        "Agence des États-Unis pour le développement international",
        Kind.BILATERAL,
        "US-GOV-1",
        "US",
    ),
    ("LuxDev", "Coopération luxembourgeoise", Kind.BILATERAL, "XM-DAC-22-1", "LU"),
    (
        "Asdi",
        "Agence suédoise de coopération internationale au développement",
        Kind.BILATERAL,
        "SE-0",
        "SE",
    ),
    ("UE", "Union européenne", Kind.MULTILATERAL, "XI-IATI-EC_INTPA", ""),
    (
        "PNUD",
        "Programme des Nations unies pour le développement",
        Kind.UN_AGENCY,
        "XM-DAC-41114",
        "",
    ),
    ("MEF", "Ministère de l'Économie et des Finances", Kind.GOVERNMENT, "", "ML"),
    ("SHA", "Secrétariat à l'harmonisation de l'aide", Kind.GOVERNMENT, "", "ML"),
    ("CNSC", "Conseil national de la société civile", Kind.CSO, "", "ML"),
    ("FECONG", "Fédération des collectifs d'ONG du Mali", Kind.CSO, "", "ML"),
]

# The demo secretariat user must have a second factor (the portal requires it of the secretariat).
# Its TOTP secret is documented in README.md so that anyone can log in to a demo; never reuse it.
DEMO_SECRETARIAT_EMAIL = "secretariat@seg.example"
DEFAULT_DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105

# (e-mail, first name, last name, organisation acronym, role, job title)
USERS = [
    (
        "secretariat@seg.example",
        "Aminata",
        "Traoré",
        "SEG",
        Role.SECRETARIAT,
        "Coordinatrice du secrétariat",
    ),
    ("ptf@seg.example", "Lukas", "Meier", "DDC", Role.PTF, "Chargé de programme"),
    ("ptf2@seg.example", "Claire", "Dubois", "UE", Role.PTF, "Attachée de coopération"),
    (
        "lead@seg.example",
        "Ingrid",
        "Larsson",
        "Asdi",
        Role.PTF,
        "Cheffe de file, groupe thématique",
    ),
    ("gov@seg.example", "Moussa", "Keïta", "MEF", Role.VIEWER, "Conseiller technique"),
    ("cso@seg.example", "Fatoumata", "Coulibaly", "CNSC", Role.VIEWER, "Chargée de plaidoyer"),
]


def seed_organizations() -> dict[str, Organization]:
    organizations = {}
    for acronym, name, kind, iati_identifier, country in ORGANIZATIONS:
        organization, _created = Organization.objects.update_or_create(
            acronym=acronym,
            defaults={
                "name": name,
                "kind": kind,
                "iati_identifier": iati_identifier,
                "country": country,
            },
        )
        organizations[acronym] = organization
    return organizations


def seed_users(*, organizations: dict[str, Organization], password: str) -> dict[str, User]:
    users = {}
    for email, first_name, last_name, acronym, role, job_title in USERS:
        user, created = User.objects.get_or_create(
            email=email,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "organization": organizations[acronym],
                "role": role,
                "job_title": job_title,
                "is_staff": role == Role.SECRETARIAT,
                "is_superuser": role == Role.SECRETARIAT,
            },
        )
        if created or not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        users[email] = user
    return users


def seed_totp(*, user: User, secret: str) -> Authenticator:
    """Give ``user`` a TOTP authenticator with ``secret`` (created once, kept in step after)."""
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        return TOTP.activate(user, secret).instance
    if decrypt(authenticator.data["secret"]) != secret:
        authenticator.data = {**authenticator.data, "secret": encrypt(secret)}
        authenticator.save(update_fields=["data"])
    return authenticator


def current_totp_code(user: User) -> str:
    """The 6-digit code the user's authenticator application shows right now."""
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.data["secret"])
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))
