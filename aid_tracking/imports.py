"""Imports of aid activities (STYLE.md §2: every write is a service).

``import_iati`` reads an IATI activity file (``aid_tracking.iati``) and upserts each activity
for Mali by its IATI identifier, in ONE transaction: a file that turns out to be malformed half
way through writes nothing, and a dry run is the same import rolled back, so its report says
exactly what the real import will do.

Who may import what:

- PTF staff import only activities whose ``reporting-org/@ref`` is their own organisation's IATI
  identifier; the others are skipped with the reason. An activity already in the portal under
  another organisation is never touched.
- The secretariat (and the ``import_iati`` command) import for any organisation: each activity
  goes to the portal organisation whose IATI identifier is its ``reporting-org/@ref``, or, when
  an organisation is chosen (``--organization``), to that organisation whatever the file says.

Imported activities are published when they have the minimum fields (IATI data is already public)
and kept as drafts otherwise, with what they lack in the report.
"""

import csv
import datetime
import io
import uuid
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO

import openpyxl
import tablib
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aid_tracking import bulk_writes
from aid_tracking.iati import (
    CONFLICT_MARKER_CODE,
    CONFLICT_MARKER_VOCABULARY,
    GENDER_MARKER_CODE,
    FileInfo,
    IatiFileError,
    ParsedActivity,
    read_activities,
)
from aid_tracking.models import (
    Activity,
    ActivityLocation,
    ActivityPolicyMarker,
    ActivitySector,
    Budget,
    CodelistItem,
    Currency,
    ParticipatingOrg,
    PlannedDisbursement,
    Region,
    Sector,
    Transaction,
)
from aid_tracking.read_ahead import read_ahead
from seg_portal.accounts.models import Organization
from seg_portal.files import FORMULA_PREFIXES, check_xlsx, extension_of

CODE_FIELDS = (
    "activity_status",
    "activity_scope",
    "collaboration_type",
    "flow_type",
    "finance_type",
    "tied_status",
    "aid_type",
)
CREATED, UPDATED, SKIPPED = "created", "updated", "skipped"
# Activities read, checked and written together: one lookup, one delete and one insert per part
# table per chunk instead of per activity.
CHUNK_SIZE = 500
# Activities listed one by one in the report; the others are only counted.
REPORT_LINES = 1000
# What a note on an unknown code is about; translated only when a note is written.
ACTIVITY = gettext_lazy("Activity")
BUDGET = gettext_lazy("Budget")
FORWARD_PLAN = gettext_lazy("Forward plan")
PARTICIPATING_ORG = gettext_lazy("Participating organisation")
POLICY_MARKER = gettext_lazy("Policy marker")
TRANSACTION = gettext_lazy("Transaction")
# IATI OrganisationType codes of local and national actors (Grand Bargain localisation).
NATIONAL_ORG_TYPES = {"11", "22", "24", "72"}


@dataclass
class ActivityReport:
    """What happened to one activity of the file."""

    iati_identifier: str
    title: str
    line: int | None
    outcome: str = SKIPPED
    reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    transactions: int = 0
    planned_disbursements: int = 0
    budgets: int = 0
    published: bool = False


@dataclass
class ImportReport:
    """The whole import: running counts, and the first ``REPORT_LINES`` activities in detail
    (a file of 100 000 activities must not give a report of 100 000 lines held in memory)."""

    dry_run: bool
    activities: list[ActivityReport] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    error: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    omitted: int = 0  # activities counted but not listed in ``activities``

    def add(self, activity: ActivityReport, limit: int | None = None) -> None:
        self.counts[activity.outcome] = self.counts.get(activity.outcome, 0) + 1
        if len(self.activities) < (REPORT_LINES if limit is None else limit):
            self.activities.append(activity)
        else:
            self.omitted += 1

    def count(self, outcome: str) -> int:
        return self.counts.get(outcome, 0)

    @property
    def created(self) -> int:
        return self.count(CREATED)

    @property
    def updated(self) -> int:
        return self.count(UPDATED)

    @property
    def skipped(self) -> int:
        return self.count(SKIPPED)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def ok(self) -> bool:
        return not self.error

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "ImportReport":
        activities = [ActivityReport(**activity) for activity in data.get("activities", [])]
        counts = data.get("counts")
        if counts is None:  # a job recorded before the counts were kept
            counts = defaultdict(int)
            for activity in activities:
                counts[activity.outcome] += 1
        return cls(
            dry_run=data["dry_run"],
            activities=activities,
            notes=data.get("notes", []),
            error=data.get("error", ""),
            counts=dict(counts),
            omitted=data.get("omitted", 0),
        )


class _Reference:
    """The reference tables, loaded once per import (a few queries whatever the file size)."""

    def __init__(self) -> None:
        self.items = {
            (item.codelist, item.code): item.pk
            for item in CodelistItem.objects.only("pk", "codelist", "code")
        }
        self.sectors = dict(Sector.objects.values_list("code", "pk"))
        self.currencies = set(Currency.objects.values_list("code", flat=True))
        self.regions = dict(Region.objects.values_list("code", "pk"))
        self.organizations = {
            org.iati_identifier: org
            for org in Organization.objects.exclude(iati_identifier="").only(
                "pk", "iati_identifier", "acronym", "name"
            )
        }

    def item(self, codelist: str, code: str, notes: list[str], what: str) -> int | None:
        if not code:
            return None
        pk = self.items.get((codelist, code))
        if pk is None:
            notes.append(
                _("%(what)s: the code “%(code)s” is not in the %(codelist)s codelist; left empty.")
                % {"what": what, "code": code, "codelist": codelist}
            )
        return pk


def _date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _currency(row: dict, default: str, reference: _Reference) -> str | None:
    code = (row.get("currency") or default).upper()
    return code if code in reference.currencies else None


def _even_shares(count: int) -> list[Decimal]:
    """``count`` shares of 100 with two decimals, the rounding left on the first one."""
    share = (Decimal(100) / count).quantize(Decimal("0.01"))
    return [Decimal(100) - share * (count - 1)] + [share] * (count - 1)


def _build_parts(parsed: ParsedActivity, reference: _Reference, report: ActivityReport) -> dict:
    """The rows (dicts of column values, without ``activity_id``) of the activity's parts, and
    notes on what was dropped."""
    notes = report.notes
    parts: dict[str, list] = defaultdict(list)

    seen_sectors = set()
    for row in parsed.sectors:
        key = (row["vocabulary"], row["code"])
        if not row["code"] or key in seen_sectors:
            continue
        seen_sectors.add(key)
        sector_id = None
        if row["vocabulary"] == ActivitySector.DAC_5_DIGIT:
            sector_id = reference.sectors.get(row["code"])
            if sector_id is None:
                notes.append(
                    _("The DAC sector “%(code)s” is unknown; the sector was not imported.")
                    % {"code": row["code"]}
                )
                continue
        if not 0 < row["percentage"] <= 100:
            notes.append(
                _("The sector “%(code)s” has a percentage out of range; it was not imported.")
                % {"code": row["code"]}
            )
            continue
        parts["sectors"].append(
            {
                "vocabulary": row["vocabulary"],
                "sector_id": sector_id,
                "code": row["code"],
                "narrative": row["narrative"],
                "percentage": row["percentage"],
            }
        )
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for sector in parts["sectors"]:
        totals[sector["vocabulary"]] += sector["percentage"]
    for vocabulary, total in totals.items():
        if total != 100:
            notes.append(
                _("The sectors of vocabulary %(vocabulary)s add up to %(total)s %%, not 100 %%.")
                % {"vocabulary": vocabulary, "total": total.normalize()}
            )

    given = [share for _code, share in parsed.regions]
    if parsed.regions and all(given) and sum(given) == 100:
        shares = given
    else:
        shares = _even_shares(len(parsed.regions)) if parsed.regions else []
    for (code, _share), share in zip(parsed.regions, shares, strict=True):
        parts["locations"].append({"region_id": reference.regions[code], "percentage": share})
    if not parsed.regions:
        notes.append(_("No region of Mali is named (location); the activity has no region."))

    for row in parsed.policy_markers:
        significance = reference.item(
            "PolicySignificance", row["significance"], notes, POLICY_MARKER
        )
        if row["vocabulary"] == "1" and row["code"] == GENDER_MARKER_CODE:
            parts["gender_marker"] = [significance]
        elif (
            row["vocabulary"] == CONFLICT_MARKER_VOCABULARY and row["code"] == CONFLICT_MARKER_CODE
        ):
            parts["conflict_marker"] = [significance]
        elif row["code"] and (row["vocabulary"], row["code"]) not in {
            (marker["vocabulary"], marker["code"]) for marker in parts["policy_markers"]
        }:
            parts["policy_markers"].append(
                {
                    "vocabulary": row["vocabulary"],
                    "code": row["code"],
                    "significance_id": significance,
                    "narrative": row["narrative"],
                }
            )

    for row in parsed.participating_orgs:
        role = reference.item("OrganisationRole", row["role"], notes, PARTICIPATING_ORG)
        if role is None or not (row["name"] or row["ref"]):
            notes.append(
                _("A participating organisation without a known role or a name was not imported.")
            )
            continue
        organization = reference.organizations.get(row["ref"])
        parts["participating_orgs"].append(
            {
                "role_id": role,
                "org_type_id": reference.item(
                    "OrganisationType", row["type"], notes, PARTICIPATING_ORG
                ),
                "organization_id": organization.pk if organization else None,
                "name": row["name"],
                "ref": row["ref"],
                "activity_id_ref": row["activity_id_ref"],
                "is_national": row["type"] in NATIONAL_ORG_TYPES or row["ref"].startswith("ML-"),
            }
        )

    default = parsed.default_currency
    for row in parsed.transactions:
        type_id = reference.item("TransactionType", row["type"], notes, TRANSACTION)
        currency = _currency(row, default, reference)
        if (
            type_id is None
            or row["transaction_date"] is None
            or row["value"] is None
            or not currency
        ):
            notes.append(
                _("A transaction without a known type, date, amount or currency was not imported.")
            )
            continue
        # The reader's dict becomes the row (it is not read again): its texts, dates and amounts
        # are the columns already; codes become keys of the reference tables.
        row["transaction_type_id"] = type_id
        row["currency_id"] = currency
        row["value_date"] = _date(row["value_date"]) or row["transaction_date"]
        for column, codelist, key in TRANSACTION_CODE_COLUMNS:
            code = row[key]
            row[column] = reference.item(codelist, code, notes, TRANSACTION) if code else None
        parts["transactions"].append(row)

    for row in parsed.planned_disbursements:
        currency = _currency(row, default, reference)
        end = row["period_end"] or row["period_start"]
        if (
            row["period_start"] is None
            or row["value"] is None
            or not currency
            or end < row["period_start"]
        ):
            notes.append(
                _(
                    "A forward plan without a valid period, amount or known currency "
                    "was not imported."
                )
            )
            continue
        parts["planned_disbursements"].append(
            {
                "disbursement_type_id": reference.item(
                    "BudgetType", row["type"], notes, FORWARD_PLAN
                ),
                "period_start": row["period_start"],
                "period_end": end,
                "value": row["value"],
                "currency_id": currency,
                "value_date": _date(row["value_date"]) or row["period_start"],
                "provider_org_name": row["provider_org_name"],
                "provider_org_ref": row["provider_org_ref"],
                "receiver_org_name": row["receiver_org_name"],
                "receiver_org_ref": row["receiver_org_ref"],
            }
        )

    for row in parsed.budgets:
        currency = _currency(row, default, reference)
        start, end = row["period_start"], row["period_end"]
        if start is None or end is None or row["value"] is None or not currency or end < start:
            notes.append(
                _("A budget without a valid period, amount or known currency was not imported.")
            )
            continue
        parts["budgets"].append(
            {
                "budget_type_id": reference.item("BudgetType", row["type"], notes, BUDGET),
                "status_id": reference.item("BudgetStatus", row["status"], notes, BUDGET),
                "period_start": start,
                "period_end": end,
                "value": row["value"],
                "currency_id": currency,
                "value_date": _date(row["value_date"]) or start,
            }
        )
    return parts


# A transaction's optional codes: (column, codelist, key of the reader's dict).
TRANSACTION_CODE_COLUMNS = (
    ("provider_org_type_id", "OrganisationType", "provider_org_type"),
    ("receiver_org_type_id", "OrganisationType", "receiver_org_type"),
    ("aid_type_id", "AidType", "aid_type"),
    ("finance_type_id", "FinanceType", "finance_type"),
    ("flow_type_id", "FlowType", "flow_type"),
    ("tied_status_id", "TiedStatus", "tied_status"),
)
PART_MODELS = {
    "sectors": ActivitySector,
    "locations": ActivityLocation,
    "policy_markers": ActivityPolicyMarker,
    "participating_orgs": ParticipatingOrg,
    "transactions": Transaction,
    "planned_disbursements": PlannedDisbursement,
    "budgets": Budget,
}


def _missing(row: dict, parts: dict) -> list[str]:
    """What an activity (its columns as written, and its parts) lacks to be published."""
    from aid_tracking import services

    missing = []
    if not (row["title_fr"].strip() or row["title_en"].strip()):
        missing.append(str(services.MISSING_TITLE))
    if not (row["description_fr"].strip() or row["description_en"].strip()):
        missing.append(str(services.MISSING_DESCRIPTION))
    if not (row["actual_start"] or row["planned_start"]):
        missing.append(str(services.MISSING_START))
    if not (row["actual_end"] or row["planned_end"]):
        missing.append(str(services.MISSING_END))
    if not parts["sectors"]:
        missing.append(str(services.MISSING_SECTOR))
    if not parts["locations"]:
        missing.append(str(services.MISSING_REGION))
    if not (parts["transactions"] or parts["planned_disbursements"]):
        missing.append(str(services.MISSING_FINANCE))
    return missing


def _skip_reason(parsed: ParsedActivity) -> str:
    if not parsed.iati_identifier:
        return _("The activity has no IATI identifier.")
    if not parsed.in_mali:
        return _("The activity is not for Mali (no recipient country ML nor a location in Mali).")
    return ""


# The activity's fields an import sets; the others (effectiveness shares, visibility, CREDD
# axes…) belong to the portal and are left as they are.
IMPORTED_FIELDS = (
    "title_fr",
    "title_en",
    "description_fr",
    "description_en",
    "planned_start",
    "actual_start",
    "planned_end",
    "actual_end",
    *CODE_FIELDS,
    "default_currency",
    "is_humanitarian",
    "gender_marker",
    "conflict_sensitivity_marker",
    "publication_status",
    "published_at",
    "updated_at",
)
# What an update keeps of the stored activity when the file does not set it (descriptions of a
# file without one), and what decides its publication date.
STORED_COLUMNS = tuple(Activity._meta.get_field(name).attname for name in IMPORTED_FIELDS)


@dataclass
class _Planned:
    """An activity of the chunk ready to be written (nothing saved yet): its columns by
    attribute name (with ``id`` once it has one), and its parts."""

    row: dict
    parts: dict
    created: bool
    report: ActivityReport


class _Importer:
    """Imports a file chunk by chunk inside the caller's transaction: per chunk, one lookup of
    the activities already in the portal, then per table one delete and one bulk insert (with
    their history rows, by the importing user)."""

    def __init__(
        self, *, user, organization: Organization | None, report: ImportReport, report_lines: int
    ) -> None:
        self.user = user
        self.report_lines = report_lines
        self.organization = organization
        self.is_ptf_import = user is not None and not user.is_secretariat
        self.report = report
        self.reference = _Reference()
        self.seen: set[str] = set()
        self.now = timezone.now()
        # A new activity's columns before the file's values: the fields' defaults, once.
        self.new_activity = {
            field.attname: field.get_default()
            for field in Activity._meta.concrete_fields
            if not field.primary_key
        }
        self.new_activity.update(created_at=self.now, created_by_id=getattr(user, "pk", None))

    def import_chunk(self, chunk: list[ParsedActivity]) -> None:
        reports, candidates = [], []
        for parsed in chunk:
            report = ActivityReport(
                iati_identifier=parsed.iati_identifier, title=parsed.title, line=parsed.line
            )
            reports.append(report)
            if parsed.iati_identifier and parsed.iati_identifier in self.seen:
                report.reasons.append(
                    _("This identifier appears earlier in the file; this copy was skipped.")
                )
                continue
            self.seen.add(parsed.iati_identifier)
            report.notes.extend(parsed.notes)
            target = self._target(parsed, report)
            if target is not None:
                candidates.append((parsed, report, target))
        existing = {
            row["iati_identifier"]: row
            for row in Activity.objects.filter(
                iati_identifier__in=[parsed.iati_identifier for parsed, _r, _t in candidates]
            ).values("id", "iati_identifier", "reporting_organization_id", *STORED_COLUMNS)
        }
        planned = [
            plan
            for parsed, report, target in candidates
            if (plan := self._plan(parsed, report, target, existing)) is not None
        ]
        self._write(planned)
        for report in reports:
            self.report.add(report, self.report_lines)

    def _target(self, parsed: ParsedActivity, report: ActivityReport) -> Organization | None:
        """The organisation the activity goes to, or None (skipped, with the reason)."""
        reason = _skip_reason(parsed)
        if reason:
            report.reasons.append(reason)
            return None
        organization = self.organization
        if self.is_ptf_import:
            own = organization.iati_identifier if organization else ""
            if not own or parsed.reporting_org_ref != own:
                report.reasons.append(
                    _(
                        "The reporting organisation “%(ref)s” is not your organisation: you may "
                        "import only your own organisation's activities."
                    )
                    % {"ref": parsed.reporting_org_ref or "?"}
                )
                return None
            target = organization
        elif organization is not None:
            target = organization
            reported = parsed.reporting_org_ref
            if reported and reported != organization.iati_identifier:
                report.notes.append(
                    _("Reported by “%(ref)s”; attributed to %(organization)s as asked.")
                    % {"ref": reported, "organization": organization}
                )
        else:
            target = self.reference.organizations.get(parsed.reporting_org_ref)
            if target is None:
                report.reasons.append(
                    _(
                        "The reporting organisation “%(ref)s” is not in the portal; choose the "
                        "organisation to import for."
                    )
                    % {"ref": parsed.reporting_org_ref or "?"}
                )
                return None
        currency = parsed.default_currency
        if currency not in self.reference.currencies:
            report.reasons.append(
                _("The default currency “%(code)s” is missing or unknown.")
                % {"code": currency or "?"}
            )
            return None
        return target

    def _plan(
        self,
        parsed: ParsedActivity,
        report: ActivityReport,
        target: Organization,
        existing: dict[str, dict],
    ) -> _Planned | None:
        stored = existing.get(parsed.iati_identifier)
        if stored is not None and stored["reporting_organization_id"] != target.pk:
            report.reasons.append(
                _(
                    "An activity with this identifier belongs to another organisation; "
                    "it was not changed."
                )
            )
            return None
        created = stored is None
        if created:
            row = {
                **self.new_activity,
                "iati_identifier": parsed.iati_identifier,
                "reporting_organization_id": target.pk,
            }
        else:
            row = dict(stored)
        row.update(self._columns(parsed, report))
        parts = _build_parts(parsed, self.reference, report)
        row["gender_marker_id"] = (parts.get("gender_marker") or [None])[0]
        row["conflict_sensitivity_marker_id"] = (parts.get("conflict_marker") or [None])[0]
        missing = _missing(row, parts)
        if missing:
            row["publication_status"] = Activity.PublicationStatus.DRAFT
            report.notes.append(
                _("Kept as a draft: it still needs %(missing)s.") % {"missing": ", ".join(missing)}
            )
        else:
            if row["publication_status"] != Activity.PublicationStatus.PUBLISHED:
                row["published_at"] = self.now
            row["publication_status"] = Activity.PublicationStatus.PUBLISHED
            report.published = True
        report.outcome = CREATED if created else UPDATED
        report.transactions = len(parts["transactions"])
        report.planned_disbursements = len(parts["planned_disbursements"])
        report.budgets = len(parts["budgets"])
        return _Planned(row=row, parts=parts, created=created, report=report)

    def _columns(self, parsed: ParsedActivity, report: ActivityReport) -> dict:
        """The activity's columns the file sets: texts, dates in order, codes and flags."""
        columns = dict(parsed.fields)
        for name in ("planned_start", "actual_start", "planned_end", "actual_end"):
            columns.setdefault(name, None)
        for start, end in (("planned_start", "planned_end"), ("actual_start", "actual_end")):
            if columns[start] and columns[end] and columns[end] < columns[start]:
                report.notes.append(
                    _("An end date is before its start date; the end date was dropped.")
                )
                columns[end] = None
        for name in CODE_FIELDS:
            columns[f"{name}_id"] = None
        for name, (codelist, code) in parsed.codes.items():
            columns[f"{name}_id"] = self.reference.item(codelist, code, report.notes, ACTIVITY)
        columns["default_currency_id"] = parsed.default_currency
        columns["updated_at"] = self.now
        return columns

    def _write(self, planned: list[_Planned]) -> None:
        if not planned:
            return
        stamp = {"user_id": self.user.pk if self.user is not None else None, "now": self.now}
        new = [plan.row for plan in planned if plan.created]
        changed = [plan.row for plan in planned if not plan.created]
        if new:
            ids = bulk_writes.insert_dicts(Activity, new, return_keys=True)
            for row, pk in zip(new, ids, strict=True):
                row["id"] = pk
            bulk_writes.copy_to_history(Activity, "id", ids, history_type="+", **stamp)
        if changed:
            bulk_writes.update_columns(Activity, changed, IMPORTED_FIELDS)
            ids = [row["id"] for row in changed]
            bulk_writes.copy_to_history(Activity, "id", ids, history_type="~", **stamp)
            _record_m2m_history(ids, self.now)
            for model in PART_MODELS.values():
                bulk_writes.copy_to_history(model, "activity_id", ids, history_type="-", **stamp)
                bulk_writes.delete_where(model, "activity_id", ids)
        ids = [plan.row["id"] for plan in planned]
        for name, model in PART_MODELS.items():
            rows = []
            for plan in planned:
                for row in plan.parts.get(name, ()):
                    row["activity_id"] = plan.row["id"]
                    rows.append(row)
            if rows:
                bulk_writes.insert_dicts(model, rows)
                bulk_writes.copy_to_history(model, "activity_id", ids, history_type="+", **stamp)


def _record_m2m_history(ids: list[int], now) -> None:
    """Copy the CREDD axes and SDGs of updated activities into their new history rows, as a
    save would (else the history page would show them as removed by the import)."""
    history = Activity.history.model
    records = None
    for m2m_field in history._history_m2m_fields:
        through = m2m_field.remote_field.through
        links = list(through.objects.filter(activity_id__in=ids))
        if not links:
            continue
        if records is None:
            records = dict(
                Activity.history.filter(id__in=ids, history_date=now, history_type="~").values_list(
                    "id", "history_id"
                )
            )
        m2m_history = getattr(history, m2m_field.name).model
        names = [field.attname for field in through._meta.fields]
        m2m_history.objects.bulk_create(
            m2m_history(
                history_id=records[link.activity_id],
                **{name: getattr(link, name) for name in names},
            )
            for link in links
        )


def _chunks(items, size: int):
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class _DryRunRollback(Exception):
    pass


def import_iati(
    *,
    source: str | Path | IO[bytes],
    user=None,
    organization: Organization | None = None,
    dry_run: bool = False,
    progress=None,
    chunk_size: int = CHUNK_SIZE,
    report_lines: int = REPORT_LINES,
) -> ImportReport:
    """Import an IATI activity file in one transaction (rolled back for a dry run).

    ``user`` is None for the management command (acting as the secretariat); PTF staff import
    for their own organisation only (``organization`` is then taken from the user).
    ``progress(count)`` is called after each chunk of ``chunk_size`` activities (the Celery task
    reports it); the report details the first ``report_lines`` activities and counts the others.
    A file that cannot be read gives a report with ``error`` set, and nothing is
    written.
    """
    if user is not None and not user.is_secretariat:
        organization = user.organization
    report = ImportReport(dry_run=dry_run)
    info = FileInfo()
    try:
        with transaction.atomic():
            importer = _Importer(
                user=user, organization=organization, report=report, report_lines=report_lines
            )
            activities = read_activities(source, region_codes=importer.reference.regions, info=info)
            for chunk in read_ahead(_chunks(activities, chunk_size)):
                importer.import_chunk(chunk)
                if progress:
                    progress(report.total)
            report.notes.extend(info.notes)
            if not report.total:
                report.notes.append(_("The file contains no activity."))
            if dry_run:
                raise _DryRunRollback
    except _DryRunRollback:
        pass
    except IatiFileError as error:
        report = ImportReport(dry_run=dry_run, error=error.message)
    return report


# --- Uploaded IATI files: preview, then confirm (in a Celery task when large) -----------------

JOB_TIMEOUT = 24 * 60 * 60
PENDING, RUNNING, DONE = "pending", "running", "done"


def _job_key(token: str) -> str:
    return f"aid_io:iati-job:{token}"


def _upload_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "aid_imports"


def get_job(token: str) -> dict | None:
    return cache.get(_job_key(token))


def _save_job(token: str, job: dict) -> None:
    cache.set(_job_key(token), job, JOB_TIMEOUT)


def is_large(size: int) -> bool:
    return size > settings.AID_IMPORT_SYNC_MAX_MB * 1024 * 1024


def start_iati_job(*, upload, user, organization: Organization | None) -> str:
    """Store the upload under MEDIA_ROOT (never served) and record the job; returns its token.

    The caller has checked the size (``seg_portal.files.check_size``) and the permission.
    """
    token = uuid.uuid4().hex
    directory = _upload_dir()
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"{token}.xml"
    with target.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    _save_job(
        token,
        {
            "user_id": user.pk,
            "organization_id": organization.pk if organization else None,
            "name": Path(upload.name or "").name[:200],
            "size": upload.size,
            "status": PENDING,
            "dry_run": True,
            "read": 0,
            "report": None,
        },
    )
    return token


def run_iati_job(token: str, *, dry_run: bool) -> dict | None:
    """Run the import (dry run or real) of a stored upload and record its report in the job."""
    from seg_portal.accounts.models import User

    job = get_job(token)
    if job is None:
        return None
    path = _upload_dir() / f"{token}.xml"
    user = User.objects.filter(pk=job["user_id"]).first()
    if user is None or not path.exists():
        job.update(
            status=DONE,
            report=ImportReport(
                dry_run=dry_run, error=_("The upload has expired; send the file again.")
            ).as_dict(),
        )
        _save_job(token, job)
        return job
    organization = (
        Organization.objects.filter(pk=job["organization_id"]).first()
        if job["organization_id"]
        else None
    )
    job.update(status=RUNNING, dry_run=dry_run, read=0, report=None)
    _save_job(token, job)

    def progress(count: int) -> None:
        job["read"] = count
        _save_job(token, job)

    report = import_iati(
        source=path, user=user, organization=organization, dry_run=dry_run, progress=progress
    )
    job.update(status=DONE, read=report.total, report=report.as_dict())
    _save_job(token, job)
    if not dry_run or report.error:
        path.unlink(missing_ok=True)
    return job


def can_import_activities(user) -> bool:
    """The secretariat and PTF staff import (PTF staff: their own organisation's only)."""
    from aid_tracking.permissions import can_create_activity

    return can_create_activity(user)


def forget_job(token: str) -> None:
    cache.delete(_job_key(token))


def store_table(*, upload, user, kind: str) -> str:
    """Keep a checked table upload under MEDIA_ROOT (never served) until it is confirmed."""
    token = uuid.uuid4().hex
    extension = extension_of(upload)
    directory = _upload_dir()
    directory.mkdir(parents=True, exist_ok=True)
    upload.seek(0)
    with (directory / f"{token}{extension}").open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    _save_job(
        token,
        {"user_id": user.pk, "kind": kind, "extension": extension, "name": f"table{extension}"},
    )
    return token


def stored_table_path(token: str, job: dict) -> Path:
    return _upload_dir() / f"{token}{job.get('extension', '')}"


# --- CSV and XLSX tables (django-import-export) ------------------------------------------------


@dataclass
class RowError:
    line: int  # the line of the file (the header is line 1)
    column: str
    message: str


@dataclass
class TableReport:
    kind: str
    dry_run: bool
    rows: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0  # rows naming an existing item with the same values: not rewritten
    errors: list[RowError] = field(default_factory=list)
    error: str = ""  # the file as a whole could not be read

    @property
    def ok(self) -> bool:
        return not (self.error or self.errors)


class TableFileError(Exception):
    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


MAX_TABLE_ROWS = 100_000


def _looks_like_formula(value) -> bool:
    if not isinstance(value, str) or not value.startswith(FORMULA_PREFIXES):
        return False
    try:
        Decimal(value.strip().replace(" ", ""))  # "-1500.00" is a negative amount, not a formula
    except InvalidOperation:
        return True
    return value[0] not in "-+"


def read_table(upload) -> tablib.Dataset:
    """A CSV (UTF-8) or XLSX upload as a Dataset; refuses what cannot be read safely.

    The caller checks the size first; XLSX files go through ``check_xlsx`` (member count and
    expanded size) before openpyxl opens them, read-only.
    """
    extension = extension_of(upload)
    if extension == ".xlsx":
        try:
            check_xlsx(upload)
        except ValidationError as error:
            raise TableFileError(" ".join(error.messages)) from error
        upload.seek(0)
        try:
            workbook = openpyxl.load_workbook(upload, read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a damaged workbook
            raise TableFileError(_("The workbook could not be read.")) from error
        try:
            sheet = workbook.worksheets[0]
            rows = []
            for index, row in enumerate(sheet.iter_rows(values_only=True)):
                if index > MAX_TABLE_ROWS:
                    raise TableFileError(
                        _("The file has more than %(count)s rows.") % {"count": MAX_TABLE_ROWS}
                    )
                if any(cell not in (None, "") for cell in row):
                    rows.append(list(row))
        finally:
            workbook.close()
    elif extension == ".csv":
        upload.seek(0)
        raw = upload.read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise TableFileError(
                _("The CSV file is not in UTF-8; save it as “CSV UTF-8” and send it again.")
            ) from error
        sample = text[:4096]
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
        rows = [row for row in csv.reader(io.StringIO(text), delimiter=delimiter) if any(row)]
        if len(rows) > MAX_TABLE_ROWS + 1:
            raise TableFileError(
                _("The file has more than %(count)s rows.") % {"count": MAX_TABLE_ROWS}
            )
    else:
        raise TableFileError(_("Send a CSV (.csv) or Excel (.xlsx) file."))
    if not rows:
        raise TableFileError(_("The file is empty."))
    headers = [_text_cell(cell) for cell in rows[0]]
    width = len(headers)
    dataset = tablib.Dataset(headers=headers)
    for row in rows[1:]:
        row = (list(row) + [None] * width)[:width]
        dataset.append([None if cell == "" else cell for cell in row])
    return dataset


def _text_cell(value) -> str:
    return "" if value is None else str(value).strip()


def import_table(*, kind: str, upload, user, dry_run: bool) -> TableReport:
    """Import a CSV/XLSX table of activities, transactions or forward plans: all or nothing."""
    from aid_tracking.resources import READ_ONLY_COLUMNS, TABLES

    report = TableReport(kind=kind, dry_run=dry_run)
    try:
        dataset = read_table(upload)
    except TableFileError as error:
        report.error = error.message
        return report
    resource_class = TABLES[kind][0]
    expected = [*resource_class._meta.fields, *READ_ONLY_COLUMNS[kind]]
    unknown = [header for header in dataset.headers if header not in expected]
    missing = [column for column in _required_columns(kind, user) if column not in dataset.headers]
    if unknown or missing:
        parts = []
        if missing:
            parts.append(_("missing columns: %(columns)s") % {"columns": ", ".join(missing)})
        if unknown:
            parts.append(_("unknown columns: %(columns)s") % {"columns": ", ".join(unknown)})
        report.error = _(
            "The columns do not match the template (%(details)s). Download the template."
        ) % {"details": "; ".join(parts)}
        return report
    report.rows = len(dataset)
    headers = dataset.headers
    for number, row in enumerate(dataset, start=2):
        for column, value in zip(headers, row, strict=True):
            if _looks_like_formula(value):
                report.errors.append(
                    RowError(
                        number,
                        column,
                        _(
                            "The cell starts like a formula (=, +, -, @, tab or line break); "
                            "remove that character."
                        ),
                    )
                )
    if report.errors:
        return report
    resource = resource_class(user=user)
    result = resource.import_data(
        dataset,
        dry_run=dry_run,
        use_transactions=True,
        rollback_on_validation_errors=True,
        raise_errors=False,
        collect_failed_rows=False,
    )
    for error in result.base_errors:
        report.errors.append(
            RowError(0, "", _("The file could not be written: %(error)s") % {"error": error.error})
        )
    for number, errors in result.row_errors():
        for error in errors:
            report.errors.append(RowError(number + 1, "", str(error.error)))
    for invalid in result.invalid_rows:
        for column, messages in invalid.error_dict.items():
            for message in messages:
                report.errors.append(RowError(invalid.number + 1, column, str(message)))
    report.errors.sort(key=lambda error: (error.line, error.column))
    report.new = result.totals.get("new", 0)
    report.unchanged = getattr(resource, "unchanged", 0)
    report.updated = result.totals.get("update", 0) - report.unchanged
    return report


def _required_columns(kind: str, user) -> list[str]:
    if kind == "activities":
        required = ["iati_identifier", "default_currency"]
        if user is None or user.is_secretariat:
            required.append("reporting_organization")
        return required
    if kind == "transactions":
        return ["activity", "transaction_type", "transaction_date", "value"]
    return ["activity", "period_start", "period_end", "value"]
