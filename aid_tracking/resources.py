"""django-import-export Resources for the CSV and XLSX import of activities, transactions and
forward plans (and their templates).

Columns carry IATI codes (``activity_status`` = ActivityStatus code, ``transaction_type`` =
TransactionType code…), ISO 4217 currencies and ISO dates (YYYY-MM-DD), so that a spreadsheet
and an IATI file say the same thing.

- Activities are upserted by ``iati_identifier``; their ``sectors`` and ``regions`` cells
  (``14030:70; 14031:30``, ``ML-1``) replace the activity's DAC sectors and regions.
- Transactions and forward plans belong to the activity named in their ``activity`` column (its
  IATI identifier) and are upserted on a key a person can read: a transaction by its ``ref``, or
  without one by type, date and currency; a forward plan by type, period and currency.
- Every import runs with ``use_transactions=True, rollback_on_validation_errors=True``: one
  faulty row and nothing is written (STYLE.md, "Things not to do").
- PTF staff write only their own organisation's rows: an activity of another organisation, or a
  transaction for one, is an error naming the row. The secretariat writes for anyone (the
  ``reporting_organization`` column names the organisation by IATI identifier or acronym).

Speed (``bench/bench_csv_import.py``): reference codes, currencies, organisations, the
activities the file names and their existing transactions or plans are loaded once per import (a
few queries), rows are validated in Python (the checks below mirror the database constraints,
which stay as the last defence), new rows and their history go in as multi-row INSERTs,
changed rows as one prepared UPDATE each (``bulk_writes.py``).
"""

import datetime
from collections import defaultdict
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from aid_tracking.bulk_writes import insert_with_history, update_with_history
from aid_tracking.models import (
    Activity,
    ActivityLocation,
    ActivitySector,
    CodelistItem,
    Currency,
    PlannedDisbursement,
    Region,
    Sector,
    Transaction,
)
from aid_tracking.permissions import can_edit_activity
from aid_tracking.services import REGIONS_NOT_100, SECTORS_NOT_100, percent
from seg_portal.accounts.models import Organization

BATCH_SIZE = 1000


class _Cached:
    """A widget whose lookups are loaded once per import (``load()``) instead of once per row."""

    def load(self, resource) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


class CodeWidget(_Cached, widgets.Widget):
    """An IATI code of one codelist ↔ its ``CodelistItem``."""

    def __init__(self, codelist: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.codelist = codelist
        self.items: dict[str, CodelistItem] = {}

    def load(self, resource) -> None:
        self.items = {
            item.code: item for item in CodelistItem.objects.filter(codelist=self.codelist)
        }

    def clean(self, value, row=None, **kwargs):
        code = _text(value)
        if not code:
            return None
        try:
            return self.items[code]
        except KeyError:
            raise ValueError(
                _("“%(code)s” is not a code of the %(codelist)s codelist.")
                % {"code": code, "codelist": self.codelist}
            ) from None

    def render(self, value, obj=None, **kwargs):
        return value.code if value else ""


class CurrencyWidget(_Cached, widgets.Widget):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.currencies: dict[str, Currency] = {}

    def load(self, resource) -> None:
        self.currencies = {currency.code: currency for currency in Currency.objects.all()}

    def clean(self, value, row=None, **kwargs):
        code = _text(value).upper()
        if not code:
            return None
        try:
            return self.currencies[code]
        except KeyError:
            raise ValueError(
                _("“%(code)s” is not an ISO 4217 currency.") % {"code": code}
            ) from None

    def render(self, value, obj=None, **kwargs):
        return value.code if value else ""


class OrganizationWidget(_Cached, widgets.Widget):
    """An organisation by its IATI identifier or its acronym."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.organizations: dict[str, Organization] = {}

    def load(self, resource) -> None:
        self.organizations = {}
        for organization in Organization.objects.all():
            self.organizations[organization.acronym.upper()] = organization
            if organization.iati_identifier:
                self.organizations[organization.iati_identifier.upper()] = organization

    def clean(self, value, row=None, **kwargs):
        key = _text(value).upper()
        if not key:
            return None
        try:
            return self.organizations[key]
        except KeyError:
            raise ValueError(
                _("No organisation “%(value)s” in the portal.") % {"value": _text(value)}
            ) from None

    def render(self, value, obj=None, **kwargs):
        return (value.iati_identifier or value.acronym) if value else ""


class ActivityWidget(_Cached, widgets.Widget):
    """An activity by its IATI identifier; only the identifiers the file names are loaded."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.activities: dict[str, Activity] = {}

    def load(self, resource) -> None:
        identifiers = {_text(value) for value in resource.column_values("activity")}
        self.activities = {
            activity.iati_identifier: activity
            for activity in Activity.objects.filter(iati_identifier__in=identifiers)
        }

    def clean(self, value, row=None, **kwargs):
        identifier = _text(value)
        if not identifier:
            return None
        try:
            return self.activities[identifier]
        except KeyError:
            raise ValueError(
                _("No activity “%(identifier)s” in the portal.") % {"identifier": identifier}
            ) from None

    def render(self, value, obj=None, **kwargs):
        return value.iati_identifier if value else ""


class DateWidget(widgets.Widget):
    """An ISO date (YYYY-MM-DD) or a spreadsheet date cell."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(_text(value)[:10])
        except ValueError:
            raise ValueError(
                _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": value}
            ) from None

    def render(self, value, obj=None, **kwargs):
        return value  # typed: the spreadsheet keeps a date cell


class AmountWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        try:
            amount = Decimal(str(value).strip().replace(" ", "").replace("\u00a0", ""))
            if not amount.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            raise ValueError(_("“%(value)s” is not an amount.") % {"value": value}) from None
        return amount.quantize(Decimal("0.01"))

    def render(self, value, obj=None, **kwargs):
        return value


class YesNoWidget(widgets.BooleanWidget):
    TRUE_VALUES = ["1", 1, True, "true", "TRUE", "True", "yes", "oui", "Oui", "Yes"]
    FALSE_VALUES = ["0", 0, False, "false", "FALSE", "False", "no", "non", "Non", "No"]

    def clean(self, value, row=None, **kwargs):
        return bool(super().clean(value, row, **kwargs))


class SharesWidget(_Cached, widgets.Widget):
    """Shares of an activity written ``code:percentage; code:percentage`` (``11220:60; 12220:40``)
    ↔ ``[(item, percentage)]``; a lone code is 100 %, and the percentages must add up to 100,
    as in the activity form."""

    not_100 = SECTORS_NOT_100

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.items: dict = {}

    def unknown(self, code: str) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def twice(self, code: str) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            return None
        shares, seen, total = [], set(), Decimal(0)
        for part in filter(None, (piece.strip() for piece in text.split(";"))):
            code, _colon, share = (piece.strip() for piece in part.partition(":"))
            item = self.items.get(code.upper())
            if item is None:
                raise ValueError(self.unknown(code))
            if item.pk in seen:
                raise ValueError(self.twice(code))
            seen.add(item.pk)
            percentage = _percentage(share) if share else Decimal(100)
            shares.append((item, percentage))
            total += percentage
        if total != 100:
            raise ValueError(str(self.not_100 % {"total": percent(total)}))
        return shares

    def render(self, value, obj=None, **kwargs):
        return "; ".join(f"{item.code}:{_plain(share)}" for item, share in value or ())


class SectorSharesWidget(SharesWidget):
    def load(self, resource) -> None:
        self.items = {sector.code: sector for sector in Sector.objects.filter(is_active=True)}

    def unknown(self, code: str) -> str:
        return _("“%(code)s” is not an OECD DAC 5-digit sector code.") % {"code": code}

    def twice(self, code: str) -> str:
        return _("The sector %(code)s appears twice.") % {"code": code}


class RegionSharesWidget(SharesWidget):
    not_100 = REGIONS_NOT_100

    def load(self, resource) -> None:
        self.items = {region.code.upper(): region for region in Region.objects.all()}

    def unknown(self, code: str) -> str:
        return _("“%(code)s” is not the code of a region of Mali (%(codes)s).") % {
            "code": code,
            "codes": ", ".join(sorted(item.code for item in self.items.values())),
        }

    def twice(self, code: str) -> str:
        return _("The region %(code)s appears twice.") % {"code": code}


def _percentage(text: str) -> Decimal:
    cleaned = text.replace("%", "").replace(",", ".").replace(" ", "").replace("\u00a0", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or not 0 < value <= 100 or _places(value) > 2:
        raise ValueError(
            _(
                "“%(value)s” is not a percentage: write a number more than 0 and at most 100, "
                "with at most two decimals."
            )
            % {"value": text}
        )
    return value


def _places(value: Decimal) -> int:
    return max(0, -value.normalize().as_tuple().exponent)


def _plain(value: Decimal) -> str:
    """60, 33.33 — never 1E+2."""
    return format(value.normalize(), "f")


class SharesField(fields.Field):
    """A column of shares (sectors, regions): kept on the instance until the activity has its
    primary key, then written as rows of their own (``ActivityResource.write_shares``)."""

    def save(self, instance, row, is_m2m=False, **kwargs):
        instance._import_shares[self.attribute] = self.clean(row, **kwargs)

    def get_value(self, instance):
        return None


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


class PortalResource(resources.ModelResource):
    """What the three resources share: the importing user, cached lookups, bulk writes with
    history, Python validation and the permission check."""

    def __init__(self, *, user=None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.user = user
        self.dataset = None

    def column_values(self, column: str) -> list:
        if self.dataset is None or column not in (self.dataset.headers or []):
            return []
        return self.dataset[column]

    def before_import(self, dataset, **kwargs) -> None:
        self.dataset = dataset
        for field in self.fields.values():
            if isinstance(field.widget, _Cached):
                field.widget.load(self)

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self.create_instances and (using_transactions or not dry_run):
            try:
                insert_with_history(self.create_instances, self._meta.model, user=self.user)
            except Exception as error:  # reported as the file's error, then rolled back
                self.handle_import_error(result, error, raise_errors)
            finally:
                self.create_instances.clear()

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self.update_instances and (using_transactions or not dry_run):
            try:
                update_with_history(
                    self.update_instances,
                    self._meta.model,
                    user=self.user,
                    names=self.get_bulk_update_fields(),
                )
            except Exception as error:
                self.handle_import_error(result, error, raise_errors)
            finally:
                self.update_instances.clear()

    def check(self, instance) -> dict[str, str]:
        return {}

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        for name, message in self.check(instance).items():
            if name not in errors:
                errors[name] = [message]
        if errors:
            raise ValidationError(errors)

    def _may_edit(self, activity: Activity) -> bool:
        return self.user is None or can_edit_activity(self.user, activity)


def _required(instance, names: tuple[str, ...], errors: dict) -> None:
    for name in names:
        if getattr(instance, name, None) in (None, ""):
            errors.setdefault(name, _("This column is required."))


def _in_order(instance, start: str, end: str, errors: dict) -> None:
    first, last = getattr(instance, start), getattr(instance, end)
    if first and last and last < first:
        errors.setdefault(end, _("The end date must not be before the start date."))


class ActivityResource(PortalResource):
    iati_identifier = fields.Field("iati_identifier", "iati_identifier")
    reporting_organization = fields.Field(
        "reporting_organization", "reporting_organization", widget=OrganizationWidget()
    )
    activity_status = fields.Field(
        "activity_status", "activity_status", widget=CodeWidget("ActivityStatus")
    )
    planned_start = fields.Field("planned_start", "planned_start", widget=DateWidget())
    actual_start = fields.Field("actual_start", "actual_start", widget=DateWidget())
    planned_end = fields.Field("planned_end", "planned_end", widget=DateWidget())
    actual_end = fields.Field("actual_end", "actual_end", widget=DateWidget())
    aid_type = fields.Field("aid_type", "aid_type", widget=CodeWidget("AidType"))
    finance_type = fields.Field("finance_type", "finance_type", widget=CodeWidget("FinanceType"))
    flow_type = fields.Field("flow_type", "flow_type", widget=CodeWidget("FlowType"))
    tied_status = fields.Field("tied_status", "tied_status", widget=CodeWidget("TiedStatus"))
    default_currency = fields.Field("default_currency", "default_currency", widget=CurrencyWidget())
    is_humanitarian = fields.Field("is_humanitarian", "is_humanitarian", widget=YesNoWidget())
    is_on_budget = fields.Field("is_on_budget", "is_on_budget", widget=YesNoWidget())
    sectors = SharesField("sectors", "sectors", widget=SectorSharesWidget())
    regions = SharesField("regions", "regions", widget=RegionSharesWidget())

    class Meta:
        model = Activity
        fields = (
            "iati_identifier",
            "reporting_organization",
            "title_fr",
            "title_en",
            "description_fr",
            "description_en",
            "activity_status",
            "planned_start",
            "actual_start",
            "planned_end",
            "actual_end",
            "aid_type",
            "finance_type",
            "flow_type",
            "tied_status",
            "default_currency",
            "is_humanitarian",
            "is_on_budget",
            "sectors",
            "regions",
        )
        import_id_fields = ("iati_identifier",)
        use_bulk = True
        skip_diff = True
        clean_model_instances = False
        batch_size = BATCH_SIZE

    def before_import(self, dataset, **kwargs) -> None:
        super().before_import(dataset, **kwargs)
        identifiers = {_text(value) for value in self.column_values("iati_identifier")}
        self.existing = {
            activity.iati_identifier: activity
            for activity in Activity.objects.filter(iati_identifier__in=identifiers)
        }
        self.seen: set[str] = set()

    def get_instance(self, instance_loader, row):
        return self.existing.get(_text(row.get("iati_identifier")))

    def before_import_row(self, row, **kwargs) -> None:
        for column in ("title_fr", "title_en", "description_fr", "description_en"):
            if column in row:
                row[column] = _text(row[column]) if row[column] is not None else ""
        row["iati_identifier"] = _text(row.get("iati_identifier"))

    def after_init_instance(self, instance, new, row, **kwargs) -> None:
        instance._was_new = new
        instance._original_organization_id = instance.reporting_organization_id
        instance._import_shares = {}

    def get_bulk_update_fields(self):
        return [
            name
            for name in [*super().get_bulk_update_fields(), "updated_at"]
            if name not in ("sectors", "regions")
        ]

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        activities = list(self.create_instances)
        super().bulk_create(using_transactions, dry_run, raise_errors, batch_size, result)
        self.write_shares(activities, result, raise_errors)

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        activities = list(self.update_instances)
        super().bulk_update(using_transactions, dry_run, raise_errors, batch_size, result)
        self.write_shares(activities, result, raise_errors)

    def write_shares(self, activities: list[Activity], result, raise_errors: bool) -> None:
        """Replace the DAC sectors and the regions of the activities whose cell names them (an
        empty cell leaves them as they are); unchanged shares are not rewritten."""
        activities = [
            activity for activity in activities if activity.pk and activity._import_shares
        ]
        if not activities:
            return
        try:
            for model, column, scope in (
                (ActivitySector, "sectors", {"vocabulary": ActivitySector.DAC_5_DIGIT}),
                (ActivityLocation, "regions", {}),
            ):
                self._replace_parts(activities, model, column, scope)
        except Exception as error:  # reported as the file's error, then rolled back
            self.handle_import_error(result, error, raise_errors)

    def _replace_parts(self, activities, model, column: str, scope: dict) -> None:
        wanted = {
            activity.pk: activity._import_shares[column]
            for activity in activities
            if activity._import_shares.get(column) is not None
        }
        if not wanted:
            return
        target = "sector" if model is ActivitySector else "region"
        current = defaultdict(list)
        for part in model.objects.filter(activity_id__in=wanted, **scope):
            current[part.activity_id].append(part)
        stale, fresh = [], []
        for activity_id, shares in wanted.items():
            before = {
                (getattr(part, f"{target}_id"), part.percentage) for part in current[activity_id]
            }
            if before == {(item.pk, share) for item, share in shares}:
                continue
            stale.extend(current[activity_id])
            for item, share in shares:
                part = model(activity_id=activity_id, percentage=share, **{target: item}, **scope)
                if model is ActivitySector:
                    part.code = item.code
                fresh.append(part)
        for part in stale:  # few; each deletion keeps its history row
            part._history_user = self.user
            part.delete()
        insert_with_history(fresh, model, user=self.user)

    def before_save_instance(self, instance, row, **kwargs) -> None:
        instance.updated_at = timezone.now()
        if instance._was_new:
            instance.created_by = self.user

    def check(self, instance) -> dict[str, str]:
        errors: dict[str, str] = {}
        user = self.user
        if user is not None and not user.is_secretariat:
            own = user.organization
            if not instance._was_new and instance._original_organization_id != own.pk:
                errors["iati_identifier"] = _(
                    "This activity belongs to another organisation: you may not change it."
                )
            elif instance.reporting_organization_id not in (None, own.pk):
                errors["reporting_organization"] = _(
                    "You may import only your own organisation's activities."
                )
            instance.reporting_organization = own
        elif not instance._was_new and (
            instance.reporting_organization_id != instance._original_organization_id
        ):
            errors["reporting_organization"] = _(
                "An activity cannot move to another organisation by import."
            )
        identifier = instance.iati_identifier
        if identifier in self.seen:
            errors["iati_identifier"] = _("This identifier appears on an earlier row.")
        self.seen.add(identifier)
        _required(
            instance, ("iati_identifier", "reporting_organization", "default_currency"), errors
        )
        if len(identifier) > 150:
            errors["iati_identifier"] = _("At most 150 characters.")
        for name in ("title_fr", "title_en"):
            if len(getattr(instance, name) or "") > 500:
                errors[name] = _("At most 500 characters.")
        _in_order(instance, "planned_start", "planned_end", errors)
        _in_order(instance, "actual_start", "actual_end", errors)
        return errors


def _columns(instance) -> tuple:
    return tuple(getattr(instance, field.attname) for field in instance._meta.concrete_fields)


class PartResource(PortalResource):
    """Transactions and forward plans of an activity the user may edit, upserted on a natural key
    a person can read in the file (``row_key``/``stored_key``): a row names the part to update,
    or a new one."""

    activity = fields.Field("activity", "activity", widget=ActivityWidget())
    value = fields.Field("value", "value", widget=AmountWidget())
    currency = fields.Field("currency", "currency", widget=CurrencyWidget())
    value_date = fields.Field("value_date", "value_date", widget=DateWidget())

    def row_key(self, row, activity: Activity) -> tuple | None:  # pragma: no cover - overridden
        raise NotImplementedError

    def stored_key(self, part) -> tuple:  # pragma: no cover - overridden
        raise NotImplementedError

    def key_errors(self, instance, earlier: int | None, errors: dict) -> None:  # pragma: no cover
        raise NotImplementedError

    def before_import(self, dataset, **kwargs) -> None:
        super().before_import(dataset, **kwargs)
        activities = self.fields["activity"].widget.activities
        self.existing: dict[tuple, list] = defaultdict(list)
        for part in self._meta.model.objects.filter(
            activity_id__in=[activity.pk for activity in activities.values()]
        ):
            self.existing[self.stored_key(part)].append(part)
        self.seen: dict[tuple, int] = {}  # key -> the line that named it first
        self.unchanged = 0

    def get_instance(self, instance_loader, row):
        activity = self.fields["activity"].widget.activities.get(_text(row.get("activity")))
        try:
            key = self.row_key(row, activity) if activity is not None else None
        except ValueError:
            key = None  # the faulty cell is reported by its field
        matches = self.existing.get(key, []) if key is not None else []
        self._row = (key, len(matches))
        return matches[0] if len(matches) == 1 else None

    def after_init_instance(self, instance, new, row, **kwargs) -> None:
        instance._import_key, instance._import_matches = self._row
        instance._import_line = kwargs.get("row_number", 0) + 1
        instance._stored = None if new else _columns(instance)

    def save_instance(self, instance, is_create, row, **kwargs) -> None:
        # A row that says what the portal holds already is not rewritten (nor its history).
        if not is_create and _columns(instance) == instance._stored:
            self.unchanged += 1
            return
        super().save_instance(instance, is_create, row, **kwargs)

    def check_part(self, instance, errors: dict) -> None:
        activity = getattr(instance, "activity", None) if instance.activity_id else None
        if activity is not None and not self._may_edit(activity):
            errors["activity"] = _(
                "The activity “%(identifier)s” belongs to another organisation: you may not "
                "add to it."
            ) % {"identifier": activity.iati_identifier}
        if activity is not None and instance.currency_id is None:
            instance.currency_id = activity.default_currency_id
        _required(instance, ("activity", "value"), errors)
        if instance.value is not None and abs(instance.value) >= Decimal(10) ** 16:
            errors["value"] = _("The amount is too large.")
        key = instance._import_key
        if key is not None:
            self.key_errors(instance, self.seen.get(key), errors)
            self.seen.setdefault(key, instance._import_line)


class TransactionResource(PartResource):
    transaction_type = fields.Field(
        "transaction_type", "transaction_type", widget=CodeWidget("TransactionType")
    )
    transaction_date = fields.Field("transaction_date", "transaction_date", widget=DateWidget())

    class Meta:
        model = Transaction
        fields = (
            "activity",
            "ref",
            "transaction_type",
            "transaction_date",
            "value",
            "currency",
            "value_date",
            "description",
            "provider_org_name",
            "receiver_org_name",
        )
        use_bulk = True
        skip_diff = True
        clean_model_instances = False
        batch_size = BATCH_SIZE

    def before_import_row(self, row, **kwargs) -> None:
        for column in ("ref", "description", "provider_org_name", "receiver_org_name"):
            if column in row:
                row[column] = _text(row[column])

    def row_key(self, row, activity: Activity) -> tuple | None:
        """The activity's transaction with this ``ref``; without one, its transaction without a
        reference of the same type, date and currency."""
        ref = _text(row.get("ref"))
        if ref:
            return (activity.pk, ref)
        kind = self.fields["transaction_type"].widget.clean(row.get("transaction_type"))
        date = self.fields["transaction_date"].widget.clean(row.get("transaction_date"))
        currency = self.fields["currency"].widget.clean(row.get("currency"))
        if kind is None or date is None:
            return None
        return (
            activity.pk,
            kind.pk,
            date,
            currency.pk if currency else activity.default_currency_id,
        )

    def stored_key(self, part) -> tuple:
        if part.ref:
            return (part.activity_id, part.ref)
        return (part.activity_id, part.transaction_type_id, part.transaction_date, part.currency_id)

    def key_errors(self, instance, earlier: int | None, errors: dict) -> None:
        column = "ref" if instance.ref else "transaction_date"
        if instance._import_matches > 1:
            errors.setdefault(
                column,
                _(
                    "The activity already has several transactions of this type, date and "
                    "currency without a reference: the row cannot tell which one to update. "
                    "Correct them in the activity's form, or give this row a reference (ref)."
                ),
            )
        elif earlier is not None and instance.ref:
            errors.setdefault(
                column,
                _("Row %(line)s already has this reference for this activity.") % {"line": earlier},
            )
        elif earlier is not None:
            errors.setdefault(
                column,
                _(
                    "Row %(line)s already has a transaction of this activity with the same "
                    "type, date and currency; give each a reference (ref) to import both."
                )
                % {"line": earlier},
            )

    def check(self, instance) -> dict[str, str]:
        errors: dict[str, str] = {}
        self.check_part(instance, errors)
        _required(instance, ("transaction_type", "transaction_date"), errors)
        if instance.value_date is None:
            instance.value_date = instance.transaction_date
        return errors


class PlannedDisbursementResource(PartResource):
    disbursement_type = fields.Field(
        "disbursement_type", "disbursement_type", widget=CodeWidget("BudgetType")
    )
    period_start = fields.Field("period_start", "period_start", widget=DateWidget())
    period_end = fields.Field("period_end", "period_end", widget=DateWidget())

    class Meta:
        model = PlannedDisbursement
        fields = (
            "activity",
            "disbursement_type",
            "period_start",
            "period_end",
            "value",
            "currency",
            "value_date",
        )
        use_bulk = True
        skip_diff = True
        clean_model_instances = False
        batch_size = BATCH_SIZE

    def row_key(self, row, activity: Activity) -> tuple | None:
        """The activity's forward plan of the same type, period and currency."""
        kind = self.fields["disbursement_type"].widget.clean(row.get("disbursement_type"))
        start = self.fields["period_start"].widget.clean(row.get("period_start"))
        end = self.fields["period_end"].widget.clean(row.get("period_end"))
        currency = self.fields["currency"].widget.clean(row.get("currency"))
        if start is None or end is None:
            return None
        currency = currency.pk if currency else activity.default_currency_id
        return (activity.pk, kind.pk if kind else None, start, end, currency)

    def stored_key(self, part) -> tuple:
        return (
            part.activity_id,
            part.disbursement_type_id,
            part.period_start,
            part.period_end,
            part.currency_id,
        )

    def key_errors(self, instance, earlier: int | None, errors: dict) -> None:
        if instance._import_matches > 1:
            errors.setdefault(
                "period_start",
                _(
                    "The activity already has several forward plans of this type, period and "
                    "currency: the row cannot tell which one to update. Correct them in the "
                    "activity's form."
                ),
            )
        elif earlier is not None:
            errors.setdefault(
                "period_start",
                _(
                    "Row %(line)s already has a forward plan of this activity with the same "
                    "type, period and currency."
                )
                % {"line": earlier},
            )

    def check(self, instance) -> dict[str, str]:
        errors: dict[str, str] = {}
        self.check_part(instance, errors)
        _required(instance, ("period_start", "period_end"), errors)
        _in_order(instance, "period_start", "period_end", errors)
        if instance.value_date is None:
            instance.value_date = instance.period_start
        return errors


# What each kind of table holds, its resource and an example row for the templates.
TABLES = {
    "activities": (
        ActivityResource,
        {
            "iati_identifier": "XM-EXAMPLE-2025-001",
            "reporting_organization": "XM-EXAMPLE",
            "title_fr": "Appui à l'accès à l'eau potable dans la région de Kayes",
            "title_en": "Support to drinking water access in the Kayes region",
            "description_fr": "Forages et adductions d'eau dans 40 communes.",
            "description_en": "Boreholes and water supply in 40 municipalities.",
            "activity_status": "2",
            "planned_start": datetime.date(2025, 1, 1),
            "actual_start": None,
            "planned_end": datetime.date(2027, 12, 31),
            "actual_end": None,
            "aid_type": "C01",
            "finance_type": "110",
            "flow_type": "10",
            "tied_status": "5",
            "default_currency": "EUR",
            "is_humanitarian": 0,
            "is_on_budget": 1,
            "sectors": "14030:70; 14031:30",
            "regions": "ML-1",
        },
    ),
    "transactions": (
        TransactionResource,
        {
            "activity": "XM-EXAMPLE-2025-001",
            "ref": "T-001",
            "transaction_type": "3",
            "transaction_date": datetime.date(2025, 3, 10),
            "value": Decimal("250000.00"),
            "currency": "EUR",
            "value_date": datetime.date(2025, 3, 10),
            "description": "Première tranche",
            "provider_org_name": "",
            "receiver_org_name": "Direction nationale de l'hydraulique",
        },
    ),
    "plans": (
        PlannedDisbursementResource,
        {
            "activity": "XM-EXAMPLE-2025-001",
            "disbursement_type": "1",
            "period_start": datetime.date(2026, 1, 1),
            "period_end": datetime.date(2026, 12, 31),
            "value": Decimal("500000.00"),
            "currency": "EUR",
            "value_date": datetime.date(2026, 1, 1),
        },
    ),
}


# Columns of the exports that the import reads past: they are not the import's to change.
READ_ONLY_COLUMNS = {
    "activities": ("publication_status",),
    "transactions": ("reporting_organization",),
    "plans": (),
}


def columns(kind: str) -> list[str]:
    return list(TABLES[kind][0]._meta.fields)
