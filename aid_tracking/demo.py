"""Demo portfolio: the SEG contribution itself and the activities of each demo PTF.

Deterministic (a seeded random generator) and idempotent (every row is found by its natural key
before it is created), so ``seed_demo`` may run again and again. Amounts are in each partner's
own currency; monthly CHF, USD, CAD and SEK rates to the XOF are seeded from 2019 to 2029 so that
every amount converts. The figures are plausible, not real.
"""

import datetime
import random
from decimal import ROUND_HALF_UP, Decimal

from aid_tracking.models import (
    Activity,
    ActivityLocation,
    ActivitySector,
    Budget,
    CodelistItem,
    CreddAxis,
    Currency,
    ExchangeRate,
    ParticipatingOrg,
    PlannedDisbursement,
    Region,
    Sector,
    Transaction,
)
from aid_tracking.reference.codelists import load_reference_data

# The portfolio is described as of this date (not "today"), so that the demo is the same
# whenever it is seeded: disbursements up to it, forward plans after it.
AS_OF = datetime.date(2026, 9, 30)
REPORTING_YEAR = AS_OF.year

# Approximate yearly averages of XOF per unit (the euro is pegged at 655.957).
RATE_ANCHORS = {
    "USD": [586, 575, 555, 623, 606, 606, 580, 565, 560, 560, 560],
    "CHF": [590, 612, 607, 653, 675, 690, 700, 705, 705, 705, 705],
    "CAD": [442, 429, 443, 479, 449, 442, 415, 410, 410, 410, 410],
    "SEK": [62.0, 62.5, 64.6, 59.3, 57.2, 57.5, 59.5, 60.0, 60.0, 60.0, 60.0],
}
FIRST_RATE_YEAR = 2019

SEG_CONTRIBUTION = {
    "iati_identifier": "CH-4-7F-10101",
    "title_fr": "Appui au Secrétariat exécutif du Groupe Exécutif de Coopération (SEG)",
    "title_en": "Support to the Executive Secretariat of the Executive Cooperation Group (SEG)",
    "description_fr": (
        "Contribution de la DDC au fonctionnement du secrétariat conjoint des partenaires "
        "techniques et financiers : appui à la concertation, au Code de conduite (Triple C) et à "
        "la transparence de l'aide."
    ),
    "description_en": (
        "SDC contribution to the joint secretariat of the technical and financial partners: "
        "support to concertation, to the code of conduct (Triple C) and to aid transparency."
    ),
}

# (partner, reference, French title, English title, currency, start, end, commitment,
#  sectors, regions, CREDD axes, SDG goals, aid type, options)
ACTIVITIES = [
    (
        "DDC",
        "GOUV-LOC",
        "Programme d'appui à la décentralisation et à la gouvernance locale",
        "Decentralisation and local governance support programme",
        "CHF",
        (2022, 1, 1),
        (2027, 12, 31),
        12_000_000,
        [("15112", 100)],
        [("ML-3", 60), ("ML-4", 40)],
        [1],
        [16],
        "C01",
        {
            "on_budget": True,
            "systems": 60,
            "implementers": [
                ("Agence nationale d'investissement des collectivités territoriales", "10", True)
            ],
        },
    ),
    (
        "DDC",
        "FP-JEUNES",
        "Formation professionnelle et emploi des jeunes",
        "Vocational training and youth employment",
        "CHF",
        (2023, 4, 1),
        (2028, 3, 31),
        8_500_000,
        [("11330", 70), ("16020", 30)],
        [("ML-5", 50), ("ML-6", 50)],
        [5, 3],
        [4, 8],
        "C01",
        {
            "gender": "1",
            "implementers": [
                ("Swisscontact", "21", False),
                ("Association malienne pour la formation", "22", True),
            ],
        },
    ),
    (
        "DDC",
        "HUMA-CENTRE",
        "Aide humanitaire et protection au Centre",
        "Humanitarian aid and protection in central Mali",
        "CHF",
        (2024, 1, 1),
        (2026, 12, 31),
        3_000_000,
        [("72010", 100)],
        [("ML-5", 100)],
        [2],
        [1],
        "B03",
        {
            "humanitarian": True,
            "conflict": "2",
            "draft": True,
            "implementers": [("Comité international de la Croix-Rouge", "90", False)],
        },
    ),
    (
        "BMZ",
        "WASH-2022",
        "Programme eau potable et assainissement en milieu rural",
        "Rural drinking water and sanitation programme",
        "EUR",
        (2022, 1, 1),
        (2027, 12, 31),
        25_000_000,
        [("14030", 70), ("14032", 30)],
        [("ML-2", 50), ("ML-1", 50)],
        [5],
        [6],
        "C01",
        {
            "on_budget": True,
            "systems": 40,
            "implementers": [
                ("Direction nationale de l'hydraulique", "10", True),
                ("GIZ", "10", False),
            ],
        },
    ),
    (
        "BMZ",
        "AGRI-RES",
        "Agriculture résiliente et sécurité alimentaire",
        "Resilient agriculture and food security",
        "EUR",
        (2023, 1, 1),
        (2029, 12, 31),
        30_000_000,
        [("31120", 80), ("31140", 20)],
        [("ML-4", 60), ("ML-3", 40)],
        [4, 3],
        [2, 13],
        "C01",
        {"gender": "1", "implementers": [("KfW", "10", False), ("Office du Niger", "15", True)]},
    ),
    (
        "AMC",
        "SMI",
        "Santé maternelle et infantile",
        "Maternal and child health",
        "CAD",
        (2022, 4, 1),
        (2027, 3, 31),
        18_000_000,
        [("12220", 60), ("13020", 40)],
        [("ML-1", 50), ("ML-2", 50)],
        [5],
        [3, 5],
        "C01",
        {
            "gender": "2",
            "implementers": [
                ("UNICEF", "40", False),
                ("Réseau des ONG de santé du Mali", "22", True),
            ],
        },
    ),
    (
        "AMC",
        "EDU-FILLES",
        "Éducation des filles",
        "Girls' education",
        "CAD",
        (2024, 1, 1),
        (2028, 12, 31),
        12_000_000,
        [("11220", 100)],
        [("ML-4", 50), ("ML-5", 50)],
        [5],
        [4, 5],
        "B03",
        {
            "gender": "2",
            "implementers": [
                ("Aide et Action", "21", False),
                ("Association des mères éducatrices", "22", True),
            ],
        },
    ),
    (
        "AECID",
        "NUTRI",
        "Sécurité alimentaire et nutrition à Kayes",
        "Food security and nutrition in Kayes",
        "EUR",
        (2022, 1, 1),
        (2026, 12, 31),
        9_000_000,
        [("43072", 50), ("12240", 50)],
        [("ML-1", 100)],
        [4, 5],
        [2],
        "C01",
        {
            "no_future_plans": True,
            "gender": "1",
            "implementers": [("Action contre la faim", "21", False)],
        },
    ),
    (
        "AECID",
        "GENRE",
        "Genre et autonomisation des femmes",
        "Gender and women's empowerment",
        "EUR",
        (2023, 1, 1),
        (2027, 12, 31),
        5_000_000,
        [("15170", 100)],
        [("ML-BKO", 100)],
        [1],
        [5],
        "C01",
        {
            "no_future_plans": True,
            "gender": "2",
            "implementers": [("Ministère de la Promotion de la femme", "10", True)],
        },
    ),
    (
        "USAID",
        "URGENCE-ALIM",
        "Assistance alimentaire d'urgence dans le Nord",
        "Emergency food assistance in the North",
        "USD",
        (2022, 1, 1),
        (2026, 12, 31),
        40_000_000,
        [("72040", 100)],
        [("ML-6", 40), ("ML-7", 40), ("ML-5", 20)],
        [2],
        [2],
        "B03",
        {
            "no_future_plans": True,
            "humanitarian": True,
            "implementers": [("Programme alimentaire mondial", "40", False)],
        },
    ),
    (
        "USAID",
        "SANTE-COM",
        "Santé communautaire à Sikasso",
        "Community health in Sikasso",
        "USD",
        (2023, 10, 1),
        (2028, 9, 30),
        22_000_000,
        [("12220", 70), ("12261", 30)],
        [("ML-3", 100)],
        [5],
        [3],
        "C01",
        {
            "no_future_plans": True,
            "implementers": [("Association de santé communautaire de Sikasso", "22", True)],
        },
    ),
    (
        "LuxDev",
        "MLI-EAU-SANTE",
        "Eau potable dans les centres de santé de Ségou",
        "Drinking water in the health centres of Ségou",
        "EUR",
        (2026, 7, 1),
        (2029, 6, 30),
        6_000_000,
        [("14030", 100)],
        [("ML-4", 100)],
        [5],
        [6],
        "C01",
        {"implementers": [("Direction régionale de l'hydraulique de Ségou", "10", True)]},
    ),
    (
        "LuxDev",
        "MLI-FIP",
        "Formation et insertion professionnelles",
        "Vocational training and job placement",
        "EUR",
        (2022, 1, 1),
        (2027, 12, 31),
        15_000_000,
        [("11330", 100)],
        [("ML-4", 60), ("ML-BKO", 40)],
        [5],
        [4, 8],
        "C01",
        {
            "on_budget": True,
            "systems": 80,
            "implementers": [
                ("Fonds d'appui à la formation professionnelle et à l'apprentissage", "15", True)
            ],
        },
    ),
    (
        "LuxDev",
        "MLI-DRS",
        "Développement rural et sécurité alimentaire",
        "Rural development and food security",
        "EUR",
        (2024, 1, 1),
        (2028, 12, 31),
        10_000_000,
        [("31120", 100)],
        [("ML-4", 100)],
        [3, 4],
        [2],
        "C01",
        {"implementers": [("Chambre régionale d'agriculture de Ségou", "15", True)]},
    ),
    (
        "Asdi",
        "DEMO-DH",
        "Démocratie, droits humains et égalité de genre",
        "Democracy, human rights and gender equality",
        "SEK",
        (2022, 1, 1),
        (2026, 12, 31),
        150_000_000,
        [("15150", 60), ("15170", 40)],
        [("ML-BKO", 100)],
        [1],
        [5, 16],
        "B01",
        {
            "gender": "2",
            "conflict": "1",
            "implementers": [("Fédération des collectifs d'ONG du Mali", "22", True)],
        },
    ),
    (
        "Asdi",
        "CLIMAT",
        "Résilience climatique des communautés",
        "Climate resilience of communities",
        "SEK",
        (2024, 7, 1),
        (2029, 6, 30),
        120_000_000,
        [("41010", 50), ("31120", 50)],
        [("ML-5", 50), ("ML-1", 50)],
        [4],
        [13],
        "C01",
        {"implementers": [("Programme alimentaire mondial", "40", False), ("AMEDD", "22", True)]},
    ),
    (
        "UE",
        "ABG-ETAT",
        "Appui budgétaire à la consolidation de l'État",
        "Budget support for state building",
        "EUR",
        (2022, 1, 1),
        (2026, 12, 31),
        100_000_000,
        [("51010", 100)],
        [("ML-BKO", 100)],
        [1, 3],
        [16, 17],
        "A01",
        {
            "on_budget": True,
            "systems": 100,
            "finance": "110",
            "implementers": [("Ministère de l'Économie et des Finances", "10", True)],
        },
    ),
    (
        "UE",
        "STAB-CENTRE",
        "Stabilisation et cohésion sociale au Centre",
        "Stabilisation and social cohesion in central Mali",
        "EUR",
        (2023, 1, 1),
        (2027, 12, 31),
        35_000_000,
        [("15220", 100)],
        [("ML-5", 60), ("ML-4", 40)],
        [2],
        [16],
        "C01",
        {
            "conflict": "2",
            "implementers": [
                ("Expertise France", "10", False),
                ("Réseau des femmes pour la paix", "22", True),
            ],
        },
    ),
    (
        "UE",
        "SOLAIRE",
        "Énergie solaire pour les zones rurales",
        "Solar energy for rural areas",
        "EUR",
        (2025, 1, 1),
        (2029, 12, 31),
        45_000_000,
        [("23230", 100)],
        [("ML-1", 40), ("ML-2", 30), ("ML-3", 30)],
        [4, 3],
        [7, 13],
        "C01",
        {
            "draft": True,
            "implementers": [("Agence malienne pour l'électrification rurale", "15", True)],
        },
    ),
    (
        "PNUD",
        "ELECTIONS",
        "Appui au cycle électoral et à la gouvernance",
        "Support to the electoral cycle and governance",
        "USD",
        (2022, 1, 1),
        (2026, 12, 31),
        20_000_000,
        [("15151", 100)],
        [("ML-BKO", 100)],
        [1],
        [16],
        "B03",
        {"implementers": [("Autorité indépendante de gestion des élections", "10", True)]},
    ),
    (
        "PNUD",
        "RELEVEMENT-NORD",
        "Relèvement et cohésion sociale dans le Nord",
        "Recovery and social cohesion in the North",
        "USD",
        (2023, 1, 1),
        (2028, 12, 31),
        28_000_000,
        [("15220", 60), ("16020", 40)],
        [("ML-6", 40), ("ML-7", 30), ("ML-8", 15), ("ML-9", 15)],
        [2, 3],
        [16, 8],
        "C01",
        {
            "conflict": "2",
            "humanitarian": False,
            "implementers": [("Conseils régionaux du Nord", "11", True)],
        },
    ),
]


def _money(value) -> Decimal:
    return Decimal(value).quantize(Decimal(1), ROUND_HALF_UP)


def seed_rates(rng: random.Random, by) -> None:
    """Monthly rates around each year's average; created in bulk, only where missing."""
    existing = set(ExchangeRate.objects.values_list("currency_id", "month"))
    missing = []
    for currency, anchors in RATE_ANCHORS.items():
        for index, anchor in enumerate(anchors):
            following = anchors[min(index + 1, len(anchors) - 1)]
            for month in range(1, 13):
                trend = anchor + (following - anchor) * (month - 1) / 12
                # Draw for every month, stored or not, so that the sequence stays the same.
                rate = Decimal(str(round(trend * (1 + rng.uniform(-0.006, 0.006)), 4)))
                first = datetime.date(FIRST_RATE_YEAR + index, month, 1)
                if (currency, first) not in existing:
                    missing.append(
                        ExchangeRate(currency_id=currency, month=first, rate=rate, updated_by=by)
                    )
    ExchangeRate.objects.bulk_create(missing)


class _Codes:
    def __init__(self) -> None:
        self.items = {(item.codelist, item.code): item for item in CodelistItem.objects.all()}

    def __call__(self, codelist: str, code: str | None):
        return self.items[(codelist, code)] if code else None


def _activity(organization, identifier: str, defaults: dict, codes: _Codes) -> tuple:
    activity, created = Activity.objects.get_or_create(
        iati_identifier=identifier,
        defaults={"reporting_organization": organization, **defaults},
    )
    return activity, created


def _parts(
    activity, *, sectors, regions, credd, sdgs, codes, currency, organization, implementers
) -> None:
    sector_rows = {
        sector.code: sector
        for sector in Sector.objects.filter(code__in=[code for code, _share in sectors])
    }
    for code, share in sectors:
        ActivitySector.objects.get_or_create(
            activity=activity,
            vocabulary="1",
            code=code,
            defaults={"sector": sector_rows[code], "percentage": Decimal(share)},
        )
    region_rows = {region.code: region for region in Region.objects.all()}
    for code, share in regions:
        ActivityLocation.objects.get_or_create(
            activity=activity, region=region_rows[code], defaults={"percentage": Decimal(share)}
        )
    # Add only what is missing: an empty add() would still record a change in the history.
    axes = set(CreddAxis.objects.filter(number__in=credd)) - set(activity.credd_axes.all())
    if axes:
        activity.credd_axes.add(*axes)
    goals = {codes("UNSDG-Goals", str(goal)) for goal in sdgs} - set(activity.sdg_goals.all())
    if goals:
        activity.sdg_goals.add(*goals)
    for role in ("1", "3"):
        ParticipatingOrg.objects.get_or_create(
            activity=activity,
            role=codes("OrganisationRole", role),
            name=organization.name,
            defaults={
                "organization": organization,
                "ref": organization.iati_identifier,
                "org_type": codes(
                    "OrganisationType", "10" if organization.kind == "bilateral" else "40"
                ),
            },
        )
    for name, org_type, is_national in implementers:
        ParticipatingOrg.objects.get_or_create(
            activity=activity,
            role=codes("OrganisationRole", "4"),
            name=name,
            defaults={"org_type": codes("OrganisationType", org_type), "is_national": is_national},
        )


def _finances(
    activity, *, rng, codes, currency, start, end, commitment, organization, receiver, future_plans
) -> None:
    Transaction.objects.get_or_create(
        activity=activity,
        ref=f"{activity.iati_identifier}-C1",
        defaults={
            "transaction_type": codes("TransactionType", "2"),
            "transaction_date": start,
            "value": _money(commitment),
            "currency_id": currency,
            "value_date": start,
            "description": "Engagement initial",
            "provider_org_name": organization.name,
            "provider_org_ref": organization.iati_identifier,
            "receiver_org_name": receiver,
        },
    )
    years = list(range(start.year, end.year + 1))
    weights = [Decimal(str(round(rng.uniform(0.7, 1.3), 3))) for _year in years]
    for year, weight in zip(years, weights, strict=True):
        planned = _money(commitment * weight / sum(weights))
        period_start = max(start, datetime.date(year, 1, 1))
        period_end = min(end, datetime.date(year, 12, 31))
        if year <= REPORTING_YEAR or future_plans:
            PlannedDisbursement.objects.get_or_create(
                activity=activity,
                period_start=period_start,
                period_end=period_end,
                defaults={
                    "disbursement_type": codes("BudgetType", "1"),
                    "value": planned,
                    "currency_id": currency,
                    "value_date": period_start,
                    "provider_org_name": organization.name,
                    "receiver_org_name": receiver,
                },
            )
            Budget.objects.get_or_create(
                activity=activity,
                period_start=period_start,
                period_end=period_end,
                defaults={
                    "budget_type": codes("BudgetType", "1"),
                    "status": codes("BudgetStatus", "2"),
                    "value": planned,
                    "currency_id": currency,
                    "value_date": period_start,
                },
            )
        if year > REPORTING_YEAR:
            continue
        # Some years under-disbursed, some over: predictability is uneven.
        factor = rng.choice([0.55, 0.8, 0.92, 1.0, 1.0, 1.08, 1.2])
        disbursed = planned * Decimal(str(factor))
        for number, month in enumerate((3, 9), start=1):
            day = datetime.date(year, month, 15)
            if day < start or day > min(end, AS_OF):
                continue
            Transaction.objects.get_or_create(
                activity=activity,
                ref=f"{activity.iati_identifier}-D{year}-{number}",
                defaults={
                    "transaction_type": codes("TransactionType", "3"),
                    "transaction_date": day,
                    "value": _money(disbursed / 2),
                    "currency_id": currency,
                    "value_date": day,
                    "provider_org_name": organization.name,
                    "provider_org_ref": organization.iati_identifier,
                    "receiver_org_name": receiver,
                },
            )


def _seed_seg_contribution(organizations, codes, by) -> None:
    ddc, seg = organizations["DDC"], organizations["SEG"]
    start, end = datetime.date(2019, 7, 1), datetime.date(2021, 12, 31)
    activity, _created = _activity(
        ddc,
        SEG_CONTRIBUTION["iati_identifier"],
        {
            **{key: value for key, value in SEG_CONTRIBUTION.items() if key != "iati_identifier"},
            "activity_status": codes("ActivityStatus", "4"),
            "planned_start": start,
            "actual_start": start,
            "planned_end": end,
            "actual_end": end,
            "aid_type": codes("AidType", "B01"),
            "finance_type": codes("FinanceType", "110"),
            "flow_type": codes("FlowType", "10"),
            "tied_status": codes("TiedStatus", "5"),
            "default_currency_id": "CHF",
            "publication_status": Activity.PublicationStatus.PUBLISHED,
            "published_at": datetime.datetime(2022, 1, 31, 9, tzinfo=datetime.UTC),
            "created_by": by,
        },
        codes,
    )
    _parts(
        activity,
        sectors=[("15110", 100)],
        regions=[("ML-BKO", 100)],
        credd=[1],
        sdgs=[17],
        codes=codes,
        currency="CHF",
        organization=ddc,
        implementers=[(seg.name, "90", True)],
    )
    ParticipatingOrg.objects.filter(activity=activity, name=seg.name).update(organization=seg)
    Transaction.objects.get_or_create(
        activity=activity,
        ref="CH-4-7F-10101-C1",
        defaults={
            "transaction_type": codes("TransactionType", "2"),
            "transaction_date": datetime.date(2019, 6, 20),
            "value": Decimal(300_000),
            "currency_id": "CHF",
            "value_date": datetime.date(2019, 6, 20),
            "provider_org_name": ddc.name,
            "provider_org_ref": "CH-4",
            "receiver_org_name": seg.name,
        },
    )
    # CHF 284'791 disbursed in all, of the CHF 300'000 committed.
    for number, (day, value) in enumerate(
        [
            ((2019, 7, 15), 60_000),
            ((2020, 3, 16), 55_000),
            ((2020, 9, 15), 55_000),
            ((2021, 3, 15), 57_000),
            ((2021, 11, 30), 57_791),
        ],
        start=1,
    ):
        date = datetime.date(*day)
        Transaction.objects.get_or_create(
            activity=activity,
            ref=f"CH-4-7F-10101-D{number}",
            defaults={
                "transaction_type": codes("TransactionType", "3"),
                "transaction_date": date,
                "value": Decimal(value),
                "currency_id": "CHF",
                "value_date": date,
                "provider_org_name": ddc.name,
                "provider_org_ref": "CH-4",
                "receiver_org_name": seg.name,
            },
        )
    for year, value in ((2019, 60_000), (2020, 120_000), (2021, 120_000)):
        PlannedDisbursement.objects.get_or_create(
            activity=activity,
            period_start=max(start, datetime.date(year, 1, 1)),
            period_end=datetime.date(year, 12, 31),
            defaults={
                "disbursement_type": codes("BudgetType", "1"),
                "value": Decimal(value),
                "currency_id": "CHF",
                "value_date": max(start, datetime.date(year, 1, 1)),
            },
        )


def seed(*, organizations: dict, users: dict) -> None:
    if not Currency.objects.filter(code="CHF").exists():
        load_reference_data()  # a database built without migrations
    rng = random.Random(2026)
    secretariat = users.get("secretariat@seg.example")
    seed_rates(rng, secretariat)
    codes = _Codes()
    _seed_seg_contribution(organizations, codes, secretariat)
    staff = {
        "DDC": users.get("ptf@seg.example"),
        "UE": users.get("ptf2@seg.example"),
        "Asdi": users.get("lead@seg.example"),
    }
    for (
        acronym,
        reference,
        title_fr,
        title_en,
        currency,
        start,
        end,
        commitment,
        sectors,
        regions,
        credd,
        sdgs,
        aid_type,
        options,
    ) in ACTIVITIES:
        organization = organizations[acronym]
        start, end = datetime.date(*start), datetime.date(*end)
        status = "2" if end >= AS_OF else "3"
        implementers = options.get("implementers", [])
        systems = Decimal(options.get("systems", 0))
        activity, _created = _activity(
            organization,
            f"{organization.iati_identifier}-{reference}",
            {
                "title_fr": title_fr,
                "title_en": title_en,
                "description_fr": f"{title_fr} : activité de démonstration du portail du SEG.",
                "description_en": f"{title_en}: a demonstration activity of the SEG portal.",
                "activity_status": codes("ActivityStatus", status),
                "planned_start": start,
                "actual_start": start,
                "planned_end": end,
                "aid_type": codes("AidType", aid_type),
                "finance_type": codes("FinanceType", options.get("finance", "110")),
                "flow_type": codes("FlowType", "10"),
                "tied_status": codes("TiedStatus", "5"),
                "default_currency_id": currency,
                "is_on_budget": options.get("on_budget", False),
                "budget_execution_share": systems,
                "financial_reporting_share": systems,
                "audit_share": systems / 2,
                "procurement_share": systems,
                "is_humanitarian": options.get("humanitarian", False),
                "gender_marker": codes("PolicySignificance", options.get("gender", "0")),
                "conflict_sensitivity_marker": codes(
                    "PolicySignificance", options.get("conflict", "1")
                ),
                "publication_status": "draft" if options.get("draft") else "published",
                "published_at": None
                if options.get("draft")
                else datetime.datetime(start.year, start.month, 20, 9, tzinfo=datetime.UTC),
                "created_by": staff.get(acronym),
            },
            codes,
        )
        receiver = implementers[0][0] if implementers else ""
        _parts(
            activity,
            sectors=sectors,
            regions=regions,
            credd=credd,
            sdgs=sdgs,
            codes=codes,
            currency=currency,
            organization=organization,
            implementers=implementers,
        )
        _finances(
            activity,
            rng=rng,
            codes=codes,
            currency=currency,
            start=start,
            end=end,
            commitment=Decimal(commitment),
            organization=organization,
            receiver=receiver,
            future_plans=not options.get("no_future_plans"),
        )
