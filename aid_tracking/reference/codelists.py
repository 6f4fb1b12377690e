"""Load the IATI 2.03 codelists the portal uses, and the CREDD axes, into the reference tables.

The XML files are copies of the official IATI codelists (``codelists/``, see its LICENSE); they
are read from the project, never from the network. Each name is taken from the item's
``xml:lang="fr"`` narrative when there is one, otherwise from the few French names below (for
codelists IATI publishes in English only), otherwise from the English name. Currencies take their
French names from pycountry's ISO 4217 catalogue.

The loader takes the model classes so that a data migration can pass its historical models.
"""

import gettext
from functools import cache
from pathlib import Path

import pycountry
from lxml import etree

CODELIST_DIR = Path(__file__).resolve().parent / "codelists"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# The codelists kept in CodelistItem (file name = codelist name).
SMALL_CODELISTS = (
    "ActivityScope",
    "ActivityStatus",
    "AidType",
    "BudgetStatus",
    "BudgetType",
    "CollaborationType",
    "FinanceType",
    "FlowType",
    "OrganisationRole",
    "OrganisationType",
    "PolicyMarker",
    "PolicySignificance",
    "UNSDG-Goals",
    "TiedStatus",
    "TransactionType",
)

# French names for items IATI publishes in English only, in the portal's usual wording.
FRENCH_NAMES = {
    "PolicySignificance": {
        "0": "Non ciblé",
        "1": "Objectif significatif",
        "2": "Objectif principal",
        "3": "Objectif principal et en partie dans l'objectif de l'activité",
        "4": "Objectif explicite et principal",
    },
    "OrganisationType": {
        "11": "Collectivité territoriale",
        "15": "Autre organisme public",
        "21": "ONG internationale",
        "22": "ONG nationale",
        "23": "ONG régionale",
        "24": "ONG du pays partenaire",
        "30": "Partenariat public-privé",
        "40": "Organisation multilatérale",
        "60": "Fondation",
        "70": "Secteur privé",
        "71": "Secteur privé du pays fournisseur",
        "72": "Secteur privé du pays bénéficiaire",
        "73": "Secteur privé d'un pays tiers",
        "80": "Institution universitaire, de formation ou de recherche",
        "90": "Autre",
    },
}

# Mali's CREDD 2019-2023: the five strategic axes.
CREDD_AXES = [
    (
        1,
        "Consolidation de la démocratie et amélioration de la gouvernance",
        "Consolidating democracy and improving governance",
    ),
    (
        2,
        "Restauration de la paix, de la sécurité et renforcement du vivre ensemble",
        "Restoring peace and security and strengthening social cohesion",
    ),
    (
        3,
        "Croissance inclusive et transformation structurelle de l'économie",
        "Inclusive growth and structural transformation of the economy",
    ),
    (
        4,
        "Protection de l'environnement et renforcement de la résilience au changement climatique",
        "Protecting the environment and building resilience to climate change",
    ),
    (5, "Développement du capital humain", "Developing human capital"),
]


def _parser() -> etree.XMLParser:
    # No entity expansion, no DTD, no network: the files are ours, but a parser is safe by default.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _narratives(element) -> dict[str, str]:
    names = {}
    if element is None:
        return names
    for narrative in element.findall("narrative"):
        language = narrative.get(XML_LANG, "en")
        text = " ".join((narrative.text or "").split())
        if text and language not in names:
            names[language] = text
    return names


def read_codelist(name: str) -> list[dict]:
    """The items of one codelist file: code, name_fr, name_en, category, is_active."""
    return [dict(item) for item in _read_codelist(name)]


@cache
def _read_codelist(name: str) -> tuple[dict, ...]:
    tree = etree.parse(str(CODELIST_DIR / f"{name}.xml"), _parser())
    french = FRENCH_NAMES.get(name, {})
    items = []
    for element in tree.getroot().iterfind("codelist-items/codelist-item"):
        code = (element.findtext("code") or "").strip()
        names = _narratives(element.find("name"))
        name_en = names.get("en") or code
        items.append(
            {
                "code": code,
                "name_en": name_en[:300],
                "name_fr": (names.get("fr") or french.get(code) or name_en)[:300],
                "category": (element.findtext("category") or "").strip(),
                "is_active": element.get("status", "active") != "withdrawn",
            }
        )
    return tuple(items)


def _currency_french_names() -> dict[str, str]:
    translation = gettext.translation(
        "iso4217", pycountry.LOCALES_DIR, languages=["fr"], fallback=True
    )
    return {
        currency.alpha_3: translation.gettext(currency.name) for currency in pycountry.currencies
    }


def _upsert(model, rows: list[dict], key: str, **scope) -> None:
    """Create the missing rows in bulk (a fresh database, a test) and refresh the others."""
    existing = {getattr(obj, key): obj for obj in model.objects.filter(**scope)}
    new = []
    for row in rows:
        obj = existing.get(row[key])
        if obj is None:
            new.append(model(**scope, **row))
            continue
        changed = [field for field, value in row.items() if getattr(obj, field) != value]
        if changed:
            for field in changed:
                setattr(obj, field, row[field])
            obj.save(update_fields=changed)
    model.objects.bulk_create(new)


def load_codelists(codelist_item, sector_category, sector, currency, credd_axis) -> dict[str, int]:
    """Create or update every reference row; returns how many rows each table holds.

    Idempotent: rows are matched on their natural keys and their names refreshed.
    """
    for codelist in SMALL_CODELISTS:
        _upsert(codelist_item, read_codelist(codelist), "code", codelist=codelist)
    _upsert(
        sector_category,
        [
            {"code": item["code"], "name_fr": item["name_fr"], "name_en": item["name_en"]}
            for item in read_codelist("SectorCategory")
        ],
        "code",
    )
    categories = {category.code: category.pk for category in sector_category.objects.all()}
    _upsert(
        sector,
        [
            {
                "code": item["code"],
                "name_fr": item["name_fr"],
                "name_en": item["name_en"],
                "category_id": categories[item["category"]],
                "is_active": item["is_active"],
            }
            for item in read_codelist("Sector")
        ],
        "code",
    )
    french = _currency_french_names()
    _upsert(
        currency,
        [
            {
                "code": item["code"],
                "name_en": item["name_en"],
                "name_fr": french.get(item["code"], item["name_en"])[:300],
            }
            for item in read_codelist("Currency")
        ],
        "code",
    )
    _upsert(
        credd_axis,
        [
            {"number": number, "name_fr": name_fr, "name_en": name_en}
            for number, name_fr, name_en in CREDD_AXES
        ],
        "number",
    )
    return {
        "codelist items": codelist_item.objects.count(),
        "sector categories": sector_category.objects.count(),
        "sectors": sector.objects.count(),
        "currencies": currency.objects.count(),
        "CREDD axes": credd_axis.objects.count(),
    }


def load_reference_data() -> dict[str, int]:
    """Load everything with the current models (the management command and tests)."""
    from aid_tracking.models import (
        CodelistItem,
        CreddAxis,
        Currency,
        Region,
        Sector,
        SectorCategory,
    )
    from aid_tracking.reference.regions import load_regions

    counts = load_codelists(CodelistItem, SectorCategory, Sector, Currency, CreddAxis)
    counts["regions"] = load_regions(Region)
    return counts
