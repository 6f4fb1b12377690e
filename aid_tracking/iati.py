"""IATI 2.03 activity XML, read and written without loading a whole file into memory.

Reading (``read_activities``) streams ``iati-activity`` elements with lxml ``iterparse`` and
clears each one once read, so memory stays flat whatever the file size. The parser expands no
entity, loads no DTD and never touches the network; a file with a DOCTYPE is refused outright
(no IATI file needs one, and it is how XXE and "billion laughs" files begin).

What counts as "for Mali" (the portal keeps nothing else):

- a ``recipient-country`` with code ``ML``; or
- a ``location`` naming one of Mali's regions by its ISO 3166-2 code (``ML-1`` … ``ML-10``,
  ``ML-BKO``) in its ``ref`` attribute or in an ``administrative`` or ``location-id`` code.

Recipient *regions* (IATI's supra-national regions such as 289 "South of Sahara") never make an
activity Malian on their own: they cover dozens of countries.

The regions named by locations become the activity's regions; their shares are read from the
portal's extension attribute ``seg:percentage`` when present (written by ``write_activities``),
otherwise the activity is split evenly between them.

Writing (``write_activities``) produces IATI 2.03 with elements in schema order; it is checked
against the official XSD (``reference/schemas/``) in the tests.
"""

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from lxml import etree

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SEG_NS = "https://seg.example/iati-extension"
SEG_PERCENTAGE = f"{{{SEG_NS}}}percentage"
SCHEMA_DIR = Path(__file__).resolve().parent / "reference" / "schemas"
IATI_VERSION = "2.03"

# The portal's conflict-sensitivity marker, published as a policy marker of the reporting
# organisation's own vocabulary (99).
CONFLICT_MARKER_VOCABULARY = "99"
CONFLICT_MARKER_CODE = "SEG-CONFLICT"
GENDER_MARKER_CODE = "1"  # PolicyMarker vocabulary 1, code 1: gender equality

# The children of iati-activity in the order the 2.03 schema requires.
ACTIVITY_ORDER = (
    "iati-identifier",
    "reporting-org",
    "title",
    "description",
    "participating-org",
    "other-identifier",
    "activity-status",
    "activity-date",
    "contact-info",
    "activity-scope",
    "recipient-country",
    "recipient-region",
    "location",
    "sector",
    "tag",
    "country-budget-items",
    "humanitarian-scope",
    "policy-marker",
    "collaboration-type",
    "default-flow-type",
    "default-finance-type",
    "default-aid-type",
    "default-tied-status",
    "budget",
    "planned-disbursement",
    "capital-spend",
    "transaction",
    "document-link",
    "related-activity",
    "legacy-data",
    "conditions",
    "result",
    "crs-add",
    "fss",
)
_ORDER_INDEX = {tag: index for index, tag in enumerate(ACTIVITY_ORDER)}

# ActivityDateType: 1 planned start, 2 actual start, 3 planned end, 4 actual end.
DATE_FIELDS = {"1": "planned_start", "2": "actual_start", "3": "planned_end", "4": "actual_end"}
MALI = "ML"


class IatiFileError(Exception):
    """The file cannot be read as IATI activities; nothing from it may be written."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass
class ParsedActivity:
    """One activity as read from the file: plain values and codes, not yet checked against the
    reference tables (``aid_tracking.imports`` does that)."""

    iati_identifier: str
    line: int | None
    reporting_org_ref: str = ""
    reporting_org_name: str = ""
    fields: dict = field(default_factory=dict)
    codes: dict = field(default_factory=dict)  # field name -> (codelist, code)
    default_currency: str = ""
    countries: list[str] = field(default_factory=list)
    regions: list[tuple[str, Decimal | None]] = field(default_factory=list)
    sectors: list[dict] = field(default_factory=list)
    policy_markers: list[dict] = field(default_factory=list)
    participating_orgs: list[dict] = field(default_factory=list)
    transactions: list[dict] = field(default_factory=list)
    planned_disbursements: list[dict] = field(default_factory=list)
    budgets: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def in_mali(self) -> bool:
        return MALI in self.countries or bool(self.regions)

    @property
    def title(self) -> str:
        return self.fields.get("title_fr") or self.fields.get("title_en") or ""


@dataclass
class FileInfo:
    """What the reader learnt about the file as a whole."""

    version: str = ""
    notes: list[str] = field(default_factory=list)


# --- Reading ----------------------------------------------------------------------------------


def _text(value: str | None) -> str:
    return " ".join((value or "").split())


# What a note says an odd value belongs to; translated only when a note is written.
ACTIVITY_DATE = gettext_lazy("Activity date")
A_BUDGET = gettext_lazy("A budget")
A_FORWARD_PLAN = gettext_lazy("A forward plan")
A_TRANSACTION = gettext_lazy("A transaction")
NO_ORG = ("", "", "", "")  # an absent organisation: name, ref, type, activity id

# The reader walks each element's children once (a dict by tag) rather than asking for each
# tag in turn with find()/iterfind(): it is several times faster on files of thousands of
# activities with tens of transactions each. It walks ``element[:]``, a list lxml builds in
# one call, rather than iterating over the element, which costs about twice as much per child.


def _firsts(element) -> dict:
    """The first child of each tag."""
    # Walked backwards so that the first child of a tag is the one left in the dict.
    return {child.tag: child for child in reversed(element[:])}


def _narratives(element, default_language: str) -> dict[str, str]:
    """Narratives by language; an IATI 1.x element with its text directly inside is read too."""
    found: dict[str, str] = {}
    if element is None:
        return found
    for narrative in element[:]:
        if narrative.tag != "narrative":
            continue
        text = _text(narrative.text)
        language = narrative.get(XML_LANG) or default_language
        if text and language not in found:
            found[language] = text
    if not found and element.text and not element.text.isspace():
        found[element.get(XML_LANG) or default_language] = _text(element.text)
    return found


def _first_narrative(element, default_language: str) -> str:
    """The French narrative, else the English one, else the first one (``_narratives`` without
    building the dict: it is read for every organisation of every transaction)."""
    if element is None:
        return ""
    english = first = ""
    for narrative in element[:]:
        if narrative.tag != "narrative":
            continue
        text = narrative.text
        if not text:
            continue
        text = " ".join(text.split())  # _text(), without a call: this runs for every narrative
        if not text:
            continue
        language = narrative.get(XML_LANG) or default_language
        if language == "fr":
            return text
        if language == "en" and not english:
            english = text
        first = first or text
    if english or first:
        return english or first
    return _text(element.text)


def _date(element, notes: list[str], what) -> datetime.date | None:
    if element is None:
        return None
    value = (element.get("iso-date") or _text(element.text))[:10]
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        notes.append(_("%(what)s: “%(value)s” is not a date.") % {"what": what, "value": value})
        return None


def _value(element, notes: list[str], what) -> tuple[Decimal | None, str, str]:
    """(amount, currency, value-date) of a ``value`` element."""
    if element is None:
        notes.append(_("%(what)s has no value.") % {"what": what})
        return None, "", ""
    text = element.text or ""
    try:
        # Decimal() ignores the whitespace around a number, as _text() would; a number with
        # whitespace inside is refused either way, so the text is normalised for the note only.
        amount = Decimal(text)
        if not amount.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        raw = _text(text)
        notes.append(_("%(what)s: “%(value)s” is not an amount.") % {"what": what, "value": raw})
        amount = None
    return amount, (element.get("currency") or "").strip(), (element.get("value-date") or "")[:10]


def _org(element, default_language: str) -> tuple[str, str, str, str]:
    """(name, ref, type, activity id) of a provider or receiver organisation."""
    if element is None:
        return NO_ORG
    get = element.get
    return (
        _first_narrative(element, default_language)[:300],
        (get("ref") or "").strip()[:150],
        (get("type") or "").strip(),
        (get("provider-activity-id") or get("receiver-activity-id") or "").strip()[:150],
    )


def _code(element) -> str:
    """The ``code`` attribute of an optional element, or ""."""
    return (element.get("code") or "").strip() if element is not None else ""


def _region_codes(location, region_codes: frozenset[str]) -> str | None:
    candidates = [location.get("ref") or ""]
    if len(location):
        children = location[:]
        for tag in ("administrative", "location-id"):
            candidates += [child.get("code") or "" for child in children if child.tag == tag]
    for candidate in candidates:
        code = candidate.strip().upper()
        if code in region_codes:
            return code
    return None


def _children(activity, notes: list[str]) -> dict[str, list]:
    """The activity's children by tag, in one pass; notes say which are not 2.03 elements or
    come out of the schema's order."""
    by_tag: dict[str, list] = {}
    highest, highest_tag, unknown, misplaced = -1, "", [], []
    group, previous = [], None
    for child in activity[:]:
        tag = child.tag
        if tag == previous:
            # The next of a run (transactions, budgets…): nothing new to note about its place.
            group.append(child)
            continue
        if not isinstance(tag, str):
            continue
        previous = tag
        group = by_tag.get(tag)
        if group is None:
            group = by_tag[tag] = [child]
        else:
            group.append(child)
        index = _ORDER_INDEX.get(tag)
        if index is None:
            if tag not in unknown and not tag.startswith("{"):
                unknown.append(tag)
        elif index < highest:
            if (tag, highest_tag) not in misplaced:
                misplaced.append((tag, highest_tag))
        else:
            highest, highest_tag = index, tag
    for tag in unknown:
        notes.append(_("“%(tag)s” is not an IATI 2.03 element; it was ignored.") % {"tag": tag})
    for tag, after in misplaced:
        notes.append(
            _("“%(tag)s” comes after “%(after)s”, out of the IATI 2.03 order; read anyway.")
            % {"tag": tag, "after": after}
        )
    return by_tag


CODES = (
    ("activity-status", "activity_status", "ActivityStatus"),
    ("activity-scope", "activity_scope", "ActivityScope"),
    ("collaboration-type", "collaboration_type", "CollaborationType"),
    ("default-flow-type", "flow_type", "FlowType"),
    ("default-finance-type", "finance_type", "FinanceType"),
    ("default-tied-status", "tied_status", "TiedStatus"),
)


def parse_activity(element, region_codes: frozenset[str]) -> ParsedActivity:
    """Read one ``iati-activity`` element into plain values (no database access)."""
    language = element.get(XML_LANG) or "en"
    notes: list[str] = []
    children = _children(element, notes)

    def first(tag: str):
        found = children.get(tag)
        return found[0] if found else None

    identifier = first("iati-identifier")
    parsed = ParsedActivity(
        iati_identifier=_text(identifier.text if identifier is not None else "")[:150],
        line=element.sourceline,
        notes=notes,
    )
    reporting = first("reporting-org")
    if reporting is not None:
        parsed.reporting_org_ref = (reporting.get("ref") or "").strip()
        parsed.reporting_org_name = _first_narrative(reporting, language)
    fields = parsed.fields
    titles = _narratives(first("title"), language)
    fields["title_fr"], fields["title_en"] = titles.get("fr", "")[:500], titles.get("en", "")[:500]
    for description in children.get("description", ()):
        if (description.get("type") or "1") == "1":
            texts = _narratives(description, language)
            fields["description_fr"] = texts.get("fr", "")
            fields["description_en"] = texts.get("en", "")
            break
    if not (titles.get("fr") or titles.get("en")) and titles:
        notes.append(_("The title is in neither French nor English; it was not kept."))

    codes = parsed.codes
    for tag, field_name, codelist in CODES:
        code = _code(first(tag))
        if code:
            codes[field_name] = (codelist, code)
    for aid_type in children.get("default-aid-type", ()):
        if (aid_type.get("vocabulary") or "1") == "1" and aid_type.get("code"):
            codes["aid_type"] = ("AidType", aid_type.get("code").strip())
            break

    for date in children.get("activity-date", ()):
        kind = (date.get("type") or "").strip()
        if kind not in DATE_FIELDS:
            notes.append(
                _("The activity date type “%(type)s” is not an IATI 2.03 code; it was ignored.")
                % {"type": kind}
            )
            continue
        fields[DATE_FIELDS[kind]] = _date(date, notes, ACTIVITY_DATE)

    parsed.default_currency = (element.get("default-currency") or "").strip().upper()
    fields["is_humanitarian"] = (element.get("humanitarian") or "0").strip() in ("1", "true")

    parsed.countries = [
        (country.get("code") or "").strip().upper()
        for country in children.get("recipient-country", ())
    ]
    _read_regions(parsed, children.get("location", ()), region_codes)
    _read_sectors(parsed, children.get("sector", ()), language)
    for marker in children.get("policy-marker", ()):
        parsed.policy_markers.append(
            {
                "vocabulary": (marker.get("vocabulary") or "1").strip()[:3],
                "code": (marker.get("code") or "").strip()[:20],
                "significance": (marker.get("significance") or "").strip(),
                "narrative": _first_narrative(marker, language)[:300],
            }
        )
    for org in children.get("participating-org", ()):
        parsed.participating_orgs.append(
            {
                "role": (org.get("role") or "").strip(),
                "type": (org.get("type") or "").strip(),
                "ref": (org.get("ref") or "").strip()[:150],
                "activity_id_ref": (org.get("activity-id") or "").strip()[:150],
                "name": _first_narrative(org, language)[:300],
            }
        )
    parsed.budgets += [_budget(budget, notes) for budget in children.get("budget", ())]
    parsed.planned_disbursements += [
        _planned_disbursement(plan, notes, language)
        for plan in children.get("planned-disbursement", ())
    ]
    parsed.transactions += [
        _transaction(transaction, notes, language)
        for transaction in children.get("transaction", ())
    ]
    return parsed


def _read_regions(parsed: ParsedActivity, locations, region_codes: frozenset[str]) -> None:
    seen_regions = set()
    for location in locations:
        code = _region_codes(location, region_codes)
        if code and code not in seen_regions:
            seen_regions.add(code)
            share = location.get(SEG_PERCENTAGE)
            try:
                percentage = Decimal(share) if share else None
            except InvalidOperation:
                percentage = None
            parsed.regions.append((code, percentage))


def _read_sectors(parsed: ParsedActivity, sectors, language: str) -> None:
    for sector in sectors:
        percentage = sector.get("percentage")
        try:
            share = Decimal(percentage) if percentage else Decimal(100)
        except InvalidOperation:
            parsed.notes.append(_("A sector percentage is not a number; the sector was ignored."))
            continue
        parsed.sectors.append(
            {
                "vocabulary": (sector.get("vocabulary") or "1").strip()[:3],
                "code": (sector.get("code") or "").strip()[:100],
                "narrative": _first_narrative(sector, language)[:300],
                "percentage": share,
            }
        )


def _budget(budget, notes: list[str]) -> dict:
    parts = _firsts(budget)
    amount, currency, value_date = _value(parts.get("value"), notes, A_BUDGET)
    return {
        "type": (budget.get("type") or "1").strip(),
        "status": (budget.get("status") or "1").strip(),
        "period_start": _date(parts.get("period-start"), notes, A_BUDGET),
        "period_end": _date(parts.get("period-end"), notes, A_BUDGET),
        "value": amount,
        "currency": currency,
        "value_date": value_date,
    }


def _planned_disbursement(plan, notes: list[str], language: str) -> dict:
    parts = _firsts(plan)
    amount, currency, value_date = _value(parts.get("value"), notes, A_FORWARD_PLAN)
    provider_name, provider_ref, _type, _activity = _org(parts.get("provider-org"), language)
    receiver_name, receiver_ref, _type, _activity = _org(parts.get("receiver-org"), language)
    return {
        "type": (plan.get("type") or "").strip(),
        "period_start": _date(parts.get("period-start"), notes, A_FORWARD_PLAN),
        "period_end": _date(parts.get("period-end"), notes, A_FORWARD_PLAN),
        "value": amount,
        "currency": currency,
        "value_date": value_date,
        "provider_org_name": provider_name,
        "provider_org_ref": provider_ref,
        "receiver_org_name": receiver_name,
        "receiver_org_ref": receiver_ref,
    }


def _transaction(transaction, notes: list[str], language: str) -> dict:
    # The first child of each tag, as _firsts() would find it, in one pass and without a dict:
    # this runs for every transaction, tens of thousands of times in a large file.
    value = date = description = provider = receiver = None
    kind = flow_type = finance_type = tied_status = None
    aid_type = None
    for child in transaction[:]:
        tag = child.tag
        if tag == "value":
            if value is None:
                value = child
        elif tag == "transaction-type":
            if kind is None:
                kind = _code(child)
        elif tag == "transaction-date":
            if date is None:
                date = child
        elif tag == "receiver-org":
            if receiver is None:
                receiver = child
        elif tag == "provider-org":
            if provider is None:
                provider = child
        elif tag == "description":
            if description is None:
                description = child
        elif tag == "flow-type":
            if flow_type is None:
                flow_type = _code(child)
        elif tag == "finance-type":
            if finance_type is None:
                finance_type = _code(child)
        elif tag == "tied-status":
            if tied_status is None:
                tied_status = _code(child)
        elif tag == "aid-type" and aid_type is None and (child.get("vocabulary") or "1") == "1":
            aid_type = _code(child)  # the first of the OECD DAC vocabulary (1) only
    amount, currency, value_date = _value(value, notes, A_TRANSACTION)
    provider_name, provider_ref, provider_type, provider_activity = (
        NO_ORG if provider is None else _org(provider, language)
    )
    receiver_name, receiver_ref, receiver_type, receiver_activity = (
        NO_ORG if receiver is None else _org(receiver, language)
    )
    humanitarian = transaction.get("humanitarian")
    return {
        "ref": (transaction.get("ref") or "").strip()[:150],
        "type": kind or "",
        "transaction_date": None if date is None else _date(date, notes, A_TRANSACTION),
        "value": amount,
        "currency": currency,
        "value_date": value_date,
        "description": "" if description is None else _first_narrative(description, language),
        "provider_org_name": provider_name,
        "provider_org_ref": provider_ref,
        "provider_org_type": provider_type,
        "provider_activity_id": provider_activity,
        "receiver_org_name": receiver_name,
        "receiver_org_ref": receiver_ref,
        "receiver_org_type": receiver_type,
        "receiver_activity_id": receiver_activity,
        "is_humanitarian": None if humanitarian is None else humanitarian in ("1", "true"),
        "aid_type": aid_type or "",
        "flow_type": flow_type or "",
        "finance_type": finance_type or "",
        "tied_status": tied_status or "",
    }


def _open(source: str | Path | IO[bytes]):
    if isinstance(source, str | Path):
        return open(source, "rb")
    source.seek(0)
    return source


def read_activities(
    source: str | Path | IO[bytes], *, region_codes: Iterable[str], info: FileInfo | None = None
) -> Iterator[ParsedActivity]:
    """Yield each activity of an IATI activity file, one at a time.

    Raises ``IatiFileError`` (with a message for a person) for a file that is not XML, not IATI,
    declares a DOCTYPE, is truncated or badly encoded; the caller rolls back what it wrote.
    """
    info = info if info is not None else FileInfo()
    codes = frozenset(code.upper() for code in region_codes)
    handle = _open(source)
    close = isinstance(source, str | Path)
    context = etree.iterparse(
        handle,
        events=("start", "end"),
        tag=("iati-activities", "iati-activity"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    root_seen = False
    try:
        for event, element in context:
            if not root_seen:
                root_seen = True
                if element.getroottree().docinfo.doctype:
                    raise IatiFileError(
                        _(
                            "The file declares a DOCTYPE. IATI files never need one, and it can "
                            "hide harmful entities: the file was refused."
                        )
                    )
                if element.getparent() is not None:
                    raise IatiFileError(
                        _("The file is not an IATI activity file (its root element is “%(tag)s”).")
                        % {"tag": element.getparent().tag}
                    )
                info.version = element.get("version") or ""
                if element.tag == "iati-activity":
                    info.notes.append(
                        _(
                            "The file has a single iati-activity as its root, without "
                            "iati-activities: read as an old (IATI 1.x) file."
                        )
                    )
                elif not info.version.startswith("2."):
                    info.notes.append(
                        _("The file declares IATI version “%(version)s”, not 2.0x: read anyway.")
                        % {"version": info.version or "?"}
                    )
            if event != "end" or element.tag != "iati-activity":
                continue
            parsed = parse_activity(element, codes)
            # Free what was read: the element, and the siblings already handled before it.
            element.clear(keep_tail=False)
            parent = element.getparent()
            if parent is not None:
                while element.getprevious() is not None:
                    del parent[0]
            yield parsed
        if not root_seen:
            raise IatiFileError(_("The file is not an IATI activity file (no IATI root element)."))
    except etree.XMLSyntaxError as error:
        if not root_seen:
            raise IatiFileError(
                _("The file is empty or is not XML (%(error)s). Nothing was imported.")
                % {"error": error.msg}
            ) from error
        raise IatiFileError(
            _("The file is not well-formed XML (line %(line)s: %(error)s). Nothing was imported.")
            % {"line": error.lineno or "?", "error": error.msg}
        ) from error
    except (UnicodeDecodeError, LookupError) as error:
        raise IatiFileError(
            _("The file's encoding could not be read (%(error)s). Nothing was imported.")
            % {"error": error}
        ) from error
    finally:
        if close:
            handle.close()


# --- Writing ----------------------------------------------------------------------------------


def _sub(parent, tag: str, attributes: dict | None = None, text: str | None = None):
    element = etree.SubElement(
        parent, tag, {key: str(value) for key, value in (attributes or {}).items() if value != ""}
    )
    if text is not None:
        element.text = text
    return element


def _narrative_block(parent, tag: str, texts: dict[str, str], attributes=None) -> None:
    element = _sub(parent, tag, attributes)
    for language, text in texts.items():
        if text:
            _sub(element, "narrative", {XML_LANG: language}, text)
    if not len(element):
        _sub(element, "narrative", {XML_LANG: "fr"}, "-")


def _amount(value: Decimal) -> str:
    return format(value.normalize() if value == value.to_integral() else value, "f")


def _value_element(parent, value, currency: str, value_date) -> None:
    _sub(
        parent,
        "value",
        {"currency": currency, "value-date": value_date.isoformat()},
        _amount(value),
    )


def _org_element(parent, tag: str, name: str, ref: str, type_code: str = "", activity=""):
    attributes = {"ref": ref, "type": type_code}
    if activity:
        attributes[f"{tag.split('-')[0]}-activity-id"] = activity
    element = _sub(parent, tag, attributes)
    if name:
        _sub(element, "narrative", {}, name)


def activity_element(activity):
    """One ``iati-activity`` element; the activity's parts must be prefetched
    (``aid_tracking.selectors_io.activities_for_export``)."""
    organization = activity.reporting_organization
    element = etree.Element(
        "iati-activity",
        {
            XML_LANG: "fr",
            "default-currency": activity.default_currency_id,
            "last-updated-datetime": activity.updated_at.astimezone(datetime.UTC).isoformat(
                timespec="seconds"
            ),
            "humanitarian": "1" if activity.is_humanitarian else "0",
        },
    )
    _sub(element, "iati-identifier", text=activity.iati_identifier)
    reporting = _sub(
        element,
        "reporting-org",
        {
            "ref": organization.iati_identifier or organization.acronym,
            "type": _org_type(organization),
        },
    )
    _sub(reporting, "narrative", {}, organization.name)
    _narrative_block(element, "title", {"fr": activity.title_fr, "en": activity.title_en})
    _narrative_block(
        element,
        "description",
        {"fr": activity.description_fr, "en": activity.description_en},
        {"type": "1"},
    )
    participants = list(activity.participating_orgs.all())
    for org in participants:
        attributes = {
            "ref": org.ref,
            "role": org.role.code,
            "type": org.org_type.code if org.org_type_id else "",
            "activity-id": org.activity_id_ref,
        }
        participant = _sub(element, "participating-org", attributes)
        if org.name:
            _sub(participant, "narrative", {}, org.name)
    if not participants:  # the schema needs one: the reporting organisation funds its activity
        participant = _sub(
            element,
            "participating-org",
            {"ref": organization.iati_identifier, "role": "1", "type": _org_type(organization)},
        )
        _sub(participant, "narrative", {}, organization.name)
    _sub(
        element,
        "activity-status",
        {"code": activity.activity_status.code if activity.activity_status_id else "2"},
    )
    dates = [
        (code, getattr(activity, name))
        for code, name in DATE_FIELDS.items()
        if getattr(activity, name)
    ]
    for code, value in dates:
        _sub(element, "activity-date", {"type": code, "iso-date": value.isoformat()})
    if not dates:  # the schema needs one
        _sub(
            element,
            "activity-date",
            {"type": "1", "iso-date": timezone.localdate(activity.created_at).isoformat()},
        )
    if activity.activity_scope_id:
        _sub(element, "activity-scope", {"code": activity.activity_scope.code})
    _sub(element, "recipient-country", {"code": MALI, "percentage": "100"})
    for location in activity.locations.all():
        loc = _sub(
            element,
            "location",
            {"ref": location.region.code, SEG_PERCENTAGE: _amount(location.percentage)},
        )
        _sub(_sub(loc, "name"), "narrative", {XML_LANG: "fr"}, location.region.name_fr)
        _sub(loc, "administrative", {"vocabulary": "A4", "code": MALI, "level": "0"})
    for sector in activity.sectors.all():
        sector_element = _sub(
            element,
            "sector",
            {
                "vocabulary": sector.vocabulary,
                "code": sector.sector.code if sector.sector_id else sector.code,
                "percentage": _amount(sector.percentage),
            },
        )
        if sector.narrative:
            _sub(sector_element, "narrative", {}, sector.narrative)
    markers = []
    if activity.gender_marker_id:
        markers.append(("1", GENDER_MARKER_CODE, activity.gender_marker.code, ""))
    for marker in activity.policy_markers.all():
        markers.append(
            (
                marker.vocabulary,
                marker.code,
                marker.significance.code if marker.significance_id else "",
                marker.narrative,
            )
        )
    if activity.conflict_sensitivity_marker_id:
        markers.append(
            (
                CONFLICT_MARKER_VOCABULARY,
                CONFLICT_MARKER_CODE,
                activity.conflict_sensitivity_marker.code,
                "Conflict sensitivity (SEG Mali)",
            )
        )
    for vocabulary, code, significance, narrative in markers:
        attributes = {"vocabulary": vocabulary, "code": code, "significance": significance}
        if vocabulary == "99":
            attributes["vocabulary-uri"] = "https://seg.example/iati/policy-markers"
        marker_element = _sub(element, "policy-marker", attributes)
        if narrative:
            _sub(marker_element, "narrative", {}, narrative)
    for tag, name in (
        ("collaboration-type", "collaboration_type"),
        ("default-flow-type", "flow_type"),
        ("default-finance-type", "finance_type"),
        ("default-aid-type", "aid_type"),
        ("default-tied-status", "tied_status"),
    ):
        item = getattr(activity, name)
        if item is not None:
            attributes = {"code": item.code}
            if tag == "default-aid-type":
                attributes["vocabulary"] = "1"
            _sub(element, tag, attributes)
    for budget in activity.budgets.all():
        budget_element = _sub(
            element,
            "budget",
            {
                "type": budget.budget_type.code if budget.budget_type_id else "1",
                "status": budget.status.code if budget.status_id else "1",
            },
        )
        _sub(budget_element, "period-start", {"iso-date": budget.period_start.isoformat()})
        _sub(budget_element, "period-end", {"iso-date": budget.period_end.isoformat()})
        _value_element(budget_element, budget.value, budget.currency_id, budget.value_date)
    for plan in activity.planned_disbursements.all():
        plan_element = _sub(
            element,
            "planned-disbursement",
            {"type": plan.disbursement_type.code if plan.disbursement_type_id else ""},
        )
        _sub(plan_element, "period-start", {"iso-date": plan.period_start.isoformat()})
        _sub(plan_element, "period-end", {"iso-date": plan.period_end.isoformat()})
        _value_element(plan_element, plan.value, plan.currency_id, plan.value_date)
        if plan.provider_org_name or plan.provider_org_ref:
            _org_element(
                plan_element, "provider-org", plan.provider_org_name, plan.provider_org_ref
            )
        if plan.receiver_org_name or plan.receiver_org_ref:
            _org_element(
                plan_element, "receiver-org", plan.receiver_org_name, plan.receiver_org_ref
            )
    for transaction in activity.transactions.all():
        attributes = {"ref": transaction.ref}
        if transaction.is_humanitarian is not None:
            attributes["humanitarian"] = "1" if transaction.is_humanitarian else "0"
        tx = _sub(element, "transaction", attributes)
        _sub(tx, "transaction-type", {"code": transaction.transaction_type.code})
        _sub(tx, "transaction-date", {"iso-date": transaction.transaction_date.isoformat()})
        _value_element(tx, transaction.value, transaction.currency_id, transaction.value_date)
        if transaction.description:
            _sub(_sub(tx, "description"), "narrative", {}, transaction.description)
        for prefix in ("provider", "receiver"):
            name = getattr(transaction, f"{prefix}_org_name")
            ref = getattr(transaction, f"{prefix}_org_ref")
            type_item = getattr(transaction, f"{prefix}_org_type")
            activity_id = getattr(transaction, f"{prefix}_activity_id")
            if name or ref or activity_id:
                _org_element(
                    tx,
                    f"{prefix}-org",
                    name,
                    ref,
                    type_item.code if type_item is not None else "",
                    activity_id,
                )
        for tag, name in (
            ("flow-type", "flow_type"),
            ("finance-type", "finance_type"),
            ("aid-type", "aid_type"),
            ("tied-status", "tied_status"),
        ):
            item = getattr(transaction, name)
            if item is not None:
                attributes = {"code": item.code}
                if tag == "aid-type":
                    attributes["vocabulary"] = "1"
                _sub(tx, tag, attributes)
    return element


def _org_type(organization) -> str:
    """IATI OrganisationType of a portal organisation (bilateral 10, multilateral 40)."""
    kind = getattr(organization, "kind", "")
    return {"bilateral": "10", "multilateral": "40", "un_agency": "40"}.get(kind, "")


def write_activities(activities: Iterable, output: IO[bytes]) -> int:
    """Write IATI 2.03 XML for the activities to a binary file, one activity at a time."""
    count = 0
    now = timezone.now().astimezone(datetime.UTC).isoformat(timespec="seconds")
    with etree.xmlfile(output, encoding="UTF-8") as xml:
        xml.write_declaration()
        with xml.element(
            "iati-activities",
            {"version": IATI_VERSION, "generated-datetime": now},
            nsmap={"seg": SEG_NS},
        ):
            for activity in activities:
                xml.write(activity_element(activity), pretty_print=True)
                count += 1
    return count


def schema() -> etree.XMLSchema:
    """The official IATI 2.03 activity schema, from the copy kept in the project."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    document = etree.parse(str(SCHEMA_DIR / "iati-activities-schema.xsd"), parser)
    return etree.XMLSchema(document)
