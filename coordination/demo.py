"""Demo data for the concertation axis; idempotent (natural keys, update_or_create)."""

import datetime as dt

from django.utils import timezone

from seg_portal.accounts.models import Organization, User
from seg_portal.accounts.roles import Visibility

from .models import (
    AgendaItem,
    Attendance,
    Body,
    ChairTerm,
    ContextNote,
    Decision,
    DecisionUpdate,
    Meeting,
    Membership,
    MinutesStatus,
    Representative,
)

PTF = ["DDC", "BMZ", "AMC", "AECID", "USAID", "LuxDev", "Asdi", "UE", "PNUD"]


def _at(days: int, hour: int = 9) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=timezone.get_current_timezone())


def _body(name: str, **fields) -> Body:
    body, _created = Body.objects.update_or_create(name=name, defaults=fields)
    return body


def _members(
    body: Body,
    organizations: dict[str, Organization],
    acronyms: list[str],
    since: dt.date,
    late: dict[str, int] | None = None,
) -> None:
    """Members since the body's creation (``since``), except the late joiners: days ago."""
    late = late or {}
    for acronym in acronyms:
        if acronym in organizations:
            joined_on = since
            if acronym in late:
                joined_on = timezone.localdate() - dt.timedelta(days=late[acronym])
            Membership.objects.update_or_create(
                body=body, organization=organizations[acronym], defaults={"joined_on": joined_on}
            )


def _meeting(body: Body, title: str, days: int, **fields) -> Meeting:
    starts_at = _at(days)
    meeting, _created = Meeting.objects.update_or_create(
        body=body,
        title=title,
        defaults={
            "starts_at": starts_at,
            "ends_at": starts_at + dt.timedelta(hours=2),
            "place": "Bamako, Hamdallaye ACI 2000, salle de réunion du SEG",
            **fields,
        },
    )
    return meeting


def seed(*, organizations: dict[str, Organization], users: dict[str, User]) -> None:
    org = organizations.get
    gec = _body(
        "Groupe exécutif de coopération (GEC)",
        kind=Body.Kind.GEC,
        acronym="GEC",
        mandate="Réunion mensuelle des chefs d'agence des PTF du Mali.",
        lead_organization=org("UE"),
    )
    _members(gec, organizations, PTF, dt.date(2016, 3, 1), late={"USAID": 15})
    troika = _body(
        "Troïka élargie",
        kind=Body.Kind.TROIKA,
        acronym="Troïka",
        mandate="Direction du Collectif des PTF et du Groupe des Ambassadeurs.",
        lead_organization=org("UE"),
    )
    _members(troika, organizations, ["UE", "DDC", "PNUD", "BMZ"], dt.date(2018, 1, 15))
    year = timezone.localdate().year
    for acronym, role, start in [
        ("UE", ChairTerm.Role.CHAIR, dt.date(year, 1, 1)),
        ("DDC", ChairTerm.Role.INCOMING, dt.date(year, 1, 1)),
        ("PNUD", ChairTerm.Role.OUTGOING, dt.date(year, 1, 1)),
    ]:
        if org(acronym):
            ChairTerm.objects.update_or_create(
                body=troika,
                role=role,
                starts_on=start,
                defaults={"organization": org(acronym), "ends_on": dt.date(year, 12, 31)},
            )
    ambassadors = _body(
        "Groupe des Ambassadeurs",
        kind=Body.Kind.AMBASSADORS,
        acronym="GA",
        mandate="Dialogue politique des chefs de mission.",
        is_confidential=True,
        lead_organization=org("UE"),
    )
    _members(ambassadors, organizations, ["UE", "DDC", "BMZ", "USAID"], dt.date(2016, 3, 1))
    gender = _body(
        "Groupe thématique Genre",
        kind=Body.Kind.THEMATIC,
        acronym="GT Genre",
        mandate="Coordination des appuis des PTF à l'égalité entre les femmes et les hommes.",
        lead_organization=org("Asdi"),
        government_counterpart=org("MEF"),
    )
    _members(
        gender,
        organizations,
        ["Asdi", "DDC", "UE", "PNUD", "AECID"],
        dt.date(2019, 6, 1),
        late={"AECID": 120},
    )
    decentralisation = _body(
        "Groupe thématique Décentralisation",
        kind=Body.Kind.THEMATIC,
        acronym="GT Décentralisation",
        mandate="Appui à la décentralisation et à la gouvernance locale.",
        lead_organization=org("DDC"),
        government_counterpart=org("MEF"),
    )
    _members(
        decentralisation,
        organizations,
        ["DDC", "BMZ", "LuxDev", "UE"],
        dt.date(2017, 9, 1),
        late={"LuxDev": 10},
    )
    _body(
        "Sous-groupe Finances locales",
        kind=Body.Kind.SUBGROUP,
        parent=decentralisation,
        lead_organization=org("BMZ"),
    )
    joint = _body(
        "Commission mixte Mali–Partenaires",  # noqa: RUF001
        kind=Body.Kind.JOINT,
        acronym="CMMP",
        mandate="Cadre conjoint de dialogue, présidé par le Ministre de l'Économie.",
        government_counterpart=org("MEF"),
        lead_organization=org("MEF"),
    )
    _members(joint, organizations, [*PTF, "MEF"], dt.date(2015, 11, 1))

    lead = users.get("lead@seg.example")
    if lead:
        gender.lead_users.add(lead)
    ptf = users.get("ptf@seg.example")
    if ptf:
        decentralisation.lead_users.add(ptf)
    for email, body in [("ptf@seg.example", gec), ("lead@seg.example", gender)]:
        user = users.get(email)
        if user and user.organization_id:
            membership = Membership.objects.filter(
                body=body, organization_id=user.organization_id
            ).first()
            if membership and not membership.representatives.filter(role="titular").exists():
                Representative.objects.get_or_create(
                    membership=membership, user=user, defaults={"role": "titular"}
                )

    # Past meetings with published minutes and decisions in every status.
    past = _meeting(
        gec,
        "GEC — réunion mensuelle (mois dernier)",
        -30,
        status=Meeting.Status.HELD,
        visibility=Visibility.PARTNERS,
        women_count=6,
        men_count=9,
        minutes=(
            "## Points discutés\n\n1. Préparation de la revue conjointe du CREDD.\n"
            "2. Situation sécuritaire dans le Centre.\n\n**Prochaine réunion** : dans un mois."
        ),
        minutes_status=MinutesStatus.PUBLISHED,
        minutes_visibility=Visibility.PARTNERS,
        minutes_published_at=_at(-25),
    )
    for acronym in ["UE", "DDC", "BMZ", "Asdi", "PNUD"]:
        if org(acronym):
            Attendance.objects.get_or_create(meeting=past, organization=org(acronym))
    AgendaItem.objects.get_or_create(
        meeting=past, position=1, defaults={"title": "Revue conjointe du CREDD", "presenter": "UE"}
    )
    statuses = [
        ("Transmettre au MEF la note commune des PTF sur le budget 2027.", "UE", -5, "open"),
        (
            "Mettre à jour la cartographie des appuis à la décentralisation.",
            "DDC",
            20,
            "in_progress",
        ),
        ("Organiser l'atelier de restitution de l'évaluation genre.", "Asdi", -10, "done"),
        ("Préparer une mission conjointe à Mopti.", "PNUD", 10, "dropped"),
    ]
    for text, acronym, days, status in statuses:
        if not org(acronym):
            continue
        decision, _created = Decision.objects.update_or_create(
            meeting=past,
            text=text,
            defaults={
                "responsible_organization": org(acronym),
                "due_date": timezone.localdate() + dt.timedelta(days=days),
                "status": status,
            },
        )
        if status in ("in_progress", "done") and not decision.updates.exists():
            DecisionUpdate.objects.create(
                decision=decision,
                organization=org(acronym),
                text="Travail engagé avec les services techniques.",
                status=status,
            )
    _meeting(
        gender,
        "GT Genre — réunion trimestrielle",
        -20,
        status=Meeting.Status.HELD,
        visibility=Visibility.PUBLIC,
        women_count=8,
        men_count=3,
        minutes="Compte rendu : validation du plan de travail annuel du groupe.",
        minutes_status=MinutesStatus.PUBLISHED,
        minutes_visibility=Visibility.PUBLIC,
        minutes_published_at=_at(-18),
    )
    # Upcoming meetings.
    _meeting(gec, "GEC — réunion mensuelle", 7)
    _meeting(troika, "Troïka élargie — préparation du GEC", 4)
    _meeting(ambassadors, "Groupe des Ambassadeurs — point politique", 10)
    _meeting(
        gender, "GT Genre — préparation de la revue", 14, online_url="https://meet.example/gt-genre"
    )
    _meeting(joint, "Commission mixte — session annuelle", 40, visibility=Visibility.PUBLIC)

    # Context notes across regions.
    from aid_tracking.models import Region

    regions = {region.code: region for region in Region.objects.all()}
    notes = [
        ("ML-5", "security", 4, -3, "Incidents sécuritaires en hausse sur les axes routiers du cercle de Bandiagara."),  # noqa: E501
        ("ML-5", "security", 3, -40, "Situation tendue mais accès humanitaire maintenu dans le Centre."),  # noqa: E501
        ("ML-7", "humanitarian", 3, -7, "Afflux de personnes déplacées vers la ville de Gao."),
        ("ML-6", "humanitarian", 3, -12, "Difficultés d'approvisionnement des marchés de Tombouctou."),  # noqa: E501
        ("ML-BKO", "economic", 2, -5, "Hausse des prix des denrées de première nécessité à Bamako."),  # noqa: E501
        ("ML-3", "social", 1, -15, "Campagne agricole favorable dans la région de Sikasso."),
        ("ML-4", "political", 2, -9, "Concertations régionales sur la réforme territoriale à Ségou."),  # noqa: E501
    ]  # fmt: skip
    for code, theme, risk, days, summary in notes:
        if code not in regions:
            continue
        note, _created = ContextNote.objects.update_or_create(
            summary=summary,
            defaults={
                "date": timezone.localdate() + dt.timedelta(days=days),
                "theme": theme,
                "risk_level": risk,
                "source": "Note de situation du SEG",
                "visibility": Visibility.INTERNAL,
            },
        )
        note.regions.set([regions[code]])
