"""The activity form and its parts' formsets, with messages a person understands.

Forms validate and hand plain values to ``aid_tracking.services``; they never save.
"""

from collections import defaultdict
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aid_tracking import services
from aid_tracking.models import (
    Activity,
    ActivityLocation,
    ActivitySector,
    Budget,
    Codelist,
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
from aid_tracking.money import DISPLAY_CURRENCY_CHOICES, PEGGED
from seg_portal.accounts.models import Organization
from seg_portal.accounts.roles import Visibility

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONTH = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")


class CurrencyField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Currency) -> str:
        return f"{obj.code} - {obj.name}"


class CodeField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.code} - {obj.name}"


def codes(codelist: Codelist):
    return CodelistItem.objects.filter(codelist=codelist, is_active=True)


def _not_in_future(value, message) -> None:
    if value and value > timezone.localdate():
        raise ValidationError(message)


class ActivityForm(forms.ModelForm):
    """The activity itself; ``user`` decides whether the secretariat-only fields show."""

    class Meta:
        model = Activity
        fields = [
            "reporting_organization",
            "iati_identifier",
            "title_fr",
            "title_en",
            "description_fr",
            "description_en",
            "activity_status",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "aid_type",
            "finance_type",
            "flow_type",
            "tied_status",
            "collaboration_type",
            "activity_scope",
            "default_currency",
            "is_on_budget",
            "budget_execution_share",
            "financial_reporting_share",
            "audit_share",
            "procurement_share",
            "is_humanitarian",
            "gender_marker",
            "conflict_sensitivity_marker",
            "credd_axes",
            "sdg_goals",
            "visibility",
        ]
        widgets = {
            "planned_start": DATE,
            "planned_end": DATE,
            "actual_start": DATE,
            "actual_end": DATE,
            "description_fr": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
            "credd_axes": forms.CheckboxSelectMultiple,
            "sdg_goals": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, user, organization: Organization | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.organization = organization or (
            self.instance.reporting_organization if self.instance.pk else None
        )
        if not user.is_secretariat or self.instance.pk:
            # PTF staff report for their own organisation; an activity never changes owner.
            del self.fields["reporting_organization"]
        else:
            self.fields["reporting_organization"].queryset = Organization.objects.filter(
                kind__in=Organization.PTF_KINDS, is_active=True
            )
        if not user.is_secretariat:
            del self.fields["visibility"]
        for name, codelist in (
            ("activity_status", Codelist.ACTIVITY_STATUS),
            ("aid_type", Codelist.AID_TYPE),
            ("finance_type", Codelist.FINANCE_TYPE),
            ("flow_type", Codelist.FLOW_TYPE),
            ("tied_status", Codelist.TIED_STATUS),
            ("collaboration_type", Codelist.COLLABORATION_TYPE),
            ("activity_scope", Codelist.ACTIVITY_SCOPE),
            ("gender_marker", Codelist.POLICY_SIGNIFICANCE),
            ("conflict_sensitivity_marker", Codelist.POLICY_SIGNIFICANCE),
        ):
            field = self.fields[name]
            self.fields[name] = CodeField(
                queryset=codes(codelist),
                required=False,
                label=field.label,
                help_text=field.help_text,
            )
        self.fields["default_currency"] = CurrencyField(
            queryset=Currency.objects.all(),
            label=self.fields["default_currency"].label,
            initial="XOF",
        )
        self.fields["sdg_goals"].queryset = codes(Codelist.SDG_GOAL).order_by("pk")
        self.fields["credd_axes"].queryset = CreddAxis.objects.all()
        if not self.instance.pk and self.organization and self.organization.iati_identifier:
            self.fields["iati_identifier"].initial = f"{self.organization.iati_identifier}-"

    def clean_actual_start(self):
        value = self.cleaned_data.get("actual_start")
        _not_in_future(value, _("An actual start date cannot be in the future."))
        return value

    def clean_actual_end(self):
        value = self.cleaned_data.get("actual_end")
        _not_in_future(value, _("An actual end date cannot be in the future."))
        return value

    def clean(self):
        data = super().clean()
        for start, end in (("planned_start", "planned_end"), ("actual_start", "actual_end")):
            if data.get(start) and data.get(end) and data[end] < data[start]:
                self.add_error(end, _("The end date must not be before the start date."))
        organization = data.get("reporting_organization") or self.organization
        identifier = data.get("iati_identifier") or ""
        prefix = organization.iati_identifier if organization else ""
        if prefix and identifier and not identifier.startswith(f"{prefix}-"):
            self.add_error(
                "iati_identifier",
                _(
                    "The IATI identifier must start with the reporting organisation's "
                    "identifier followed by a hyphen (%(prefix)s-)."
                )
                % {"prefix": prefix},
            )
        return data

    def activity_fields(self) -> dict:
        return {
            key: value
            for key, value in self.cleaned_data.items()
            if key in services.ACTIVITY_FIELDS
        }


class PartForm(forms.ModelForm):
    """A row of a part formset; blank value dates default to the row's own date."""

    def __init__(self, *args, default_currency: str = "XOF", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "currency" in self.fields:
            self.fields["currency"] = CurrencyField(
                queryset=Currency.objects.all(),
                label=_("currency"),
                initial=default_currency,
            )
        if "value_date" in self.fields:
            self.fields["value_date"].required = False

    def has_changed(self) -> bool:
        # A new, empty row whose currency select merely differs from the default is still empty.
        if self.instance.pk:
            return super().has_changed()
        return any(name != "currency" for name in self.changed_data)

    def clean_percentage(self):
        value = self.cleaned_data.get("percentage")
        if value is not None and not (0 < value <= 100):
            raise ValidationError(_("A percentage must be more than 0 and at most 100."))
        return value

    def _period_in_order(self, data: dict) -> None:
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The end of the period must not be before its start."))


class SectorForm(PartForm):
    sector = forms.ModelChoiceField(
        queryset=Sector.objects.filter(is_active=True),
        to_field_name="code",
        label=_("sector (DAC 5-digit)"),
    )

    class Meta:
        model = ActivitySector
        fields = ["sector", "percentage"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The select's values are DAC codes, the stored initial value is the row's key.
        if self.instance.pk and self.instance.sector_id:
            self.initial["sector"] = self.instance.sector.code


class LocationForm(PartForm):
    region = forms.ModelChoiceField(queryset=Region.objects.all(), label=_("region"))

    class Meta:
        model = ActivityLocation
        fields = ["region", "percentage"]


class ParticipantForm(PartForm):
    class Meta:
        model = ParticipatingOrg
        fields = ["role", "org_type", "organization", "name", "ref", "is_national"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"] = CodeField(queryset=codes(Codelist.ORGANISATION_ROLE), label=_("role"))
        self.fields["org_type"] = CodeField(
            queryset=codes(Codelist.ORGANISATION_TYPE), label=_("organisation type"), required=False
        )
        self.fields["organization"].queryset = Organization.objects.filter(is_active=True)

    def clean(self):
        data = super().clean()
        organization = data.get("organization")
        if organization:
            data["name"] = data.get("name") or organization.name
            data["ref"] = data.get("ref") or organization.iati_identifier
        if not (data.get("name") or data.get("ref") or organization):
            raise ValidationError(
                _("Give the organisation's name, its IATI identifier or choose it in the list.")
            )
        return data


class TransactionForm(PartForm):
    class Meta:
        model = Transaction
        fields = [
            "transaction_type",
            "transaction_date",
            "value",
            "currency",
            "value_date",
            "description",
            "provider_org_name",
            "provider_org_ref",
            "receiver_org_name",
            "receiver_org_ref",
        ]
        widgets = {
            "transaction_date": DATE,
            "value_date": DATE,
            "description": forms.TextInput,
        }
        help_texts = {"value_date": _("Leave empty to use the transaction date.")}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["transaction_type"] = CodeField(
            queryset=codes(Codelist.TRANSACTION_TYPE), label=_("type")
        )

    def clean(self):
        data = super().clean()
        _not_in_future_field(
            self, "transaction_date", _("A transaction cannot be dated in the future.")
        )
        if data.get("transaction_date") and not data.get("value_date"):
            data["value_date"] = data["transaction_date"]
        return data


def _not_in_future_field(form: forms.Form, name: str, message) -> None:
    value = form.cleaned_data.get(name)
    if value and value > timezone.localdate():
        form.add_error(name, message)


class PlannedDisbursementForm(PartForm):
    class Meta:
        model = PlannedDisbursement
        fields = [
            "disbursement_type",
            "period_start",
            "period_end",
            "value",
            "currency",
            "value_date",
        ]
        widgets = {"period_start": DATE, "period_end": DATE, "value_date": DATE}
        help_texts = {"value_date": _("Leave empty to use the start of the period.")}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["disbursement_type"] = CodeField(
            queryset=codes(Codelist.BUDGET_TYPE), label=_("type"), required=False
        )

    def clean(self):
        data = super().clean()
        self._period_in_order(data)
        if data.get("period_start") and not data.get("value_date"):
            data["value_date"] = data["period_start"]
        return data


class BudgetForm(PartForm):
    class Meta:
        model = Budget
        fields = [
            "budget_type",
            "status",
            "period_start",
            "period_end",
            "value",
            "currency",
            "value_date",
        ]
        widgets = {"period_start": DATE, "period_end": DATE, "value_date": DATE}
        help_texts = {"value_date": _("Leave empty to use the start of the period.")}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["budget_type"] = CodeField(
            queryset=codes(Codelist.BUDGET_TYPE), label=_("type"), required=False
        )
        self.fields["status"] = CodeField(
            queryset=codes(Codelist.BUDGET_STATUS), label=_("status"), required=False
        )

    def clean(self):
        data = super().clean()
        self._period_in_order(data)
        start, end = data.get("period_start"), data.get("period_end")
        # IATI: a budget period must not be longer than one year.
        if start and end and end >= start and (end - start).days > 365:
            self.add_error("period_end", _("A budget period must not be longer than one year."))
        if start and not data.get("value_date"):
            data["value_date"] = start
        return data


class PartFormSet(BaseInlineFormSet):
    """A formset of one kind of part; ``rows()`` gives the service its plain values."""

    percentage_message = None

    def __init__(self, *args, default_currency: str = "XOF", **kwargs) -> None:
        kwargs.setdefault("form_kwargs", {})["default_currency"] = default_currency
        super().__init__(*args, **kwargs)

    def kept_forms(self) -> list[forms.Form]:
        return [
            form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]

    def rows(self) -> list[dict]:
        rows = []
        for form in self.kept_forms():
            row = {
                key: value
                for key, value in form.cleaned_data.items()
                if key not in ("DELETE", "id", "activity")
            }
            row["id"] = form.instance.pk
            rows.append(row)
        return rows

    def clean(self) -> None:
        super().clean()
        if self.percentage_message is None or any(form.errors for form in self.forms):
            return
        totals: dict[str, Decimal] = defaultdict(Decimal)
        for form in self.kept_forms():
            totals["1"] += form.cleaned_data.get("percentage") or 0
        for total in totals.values():
            if total != 100:
                raise ValidationError(self.percentage_message % {"total": services.percent(total)})


class SectorFormSet(PartFormSet):
    percentage_message = services.SECTORS_NOT_100

    def get_queryset(self):
        # Sectors of other vocabularies (imported) are not edited here.
        return (
            super()
            .get_queryset()
            .filter(vocabulary=ActivitySector.DAC_5_DIGIT)
            .select_related("sector")
        )

    def clean(self) -> None:
        super().clean()
        seen = set()
        for form in self.kept_forms():
            sector = form.cleaned_data.get("sector")
            if sector in seen:
                raise ValidationError(_("Each sector may appear only once."))
            seen.add(sector)


class LocationFormSet(PartFormSet):
    percentage_message = services.REGIONS_NOT_100

    def clean(self) -> None:
        super().clean()
        seen = set()
        for form in self.kept_forms():
            region = form.cleaned_data.get("region")
            if region in seen:
                raise ValidationError(_("Each region may appear only once."))
            seen.add(region)


def _formset(model, form, formset=PartFormSet):
    return inlineformset_factory(
        Activity, model, form=form, formset=formset, extra=1, can_delete=True
    )


# (prefix, title, formset class) in the order of the page.
PART_FORMSETS = [
    ("sectors", _("Sectors"), _formset(ActivitySector, SectorForm, SectorFormSet)),
    ("locations", _("Regions"), _formset(ActivityLocation, LocationForm, LocationFormSet)),
    ("participants", _("Participating organisations"), _formset(ParticipatingOrg, ParticipantForm)),
    ("transactions", _("Transactions"), _formset(Transaction, TransactionForm)),
    ("plans", _("Forward plans"), _formset(PlannedDisbursement, PlannedDisbursementForm)),
    ("budgets", _("Budgets"), _formset(Budget, BudgetForm)),
]
PART_PREFIXES = [prefix for prefix, _title, _formset_class in PART_FORMSETS]


class ExchangeRateForm(forms.ModelForm):
    month = forms.DateField(
        label=_("month"),
        widget=MONTH,
        input_formats=["%Y-%m", "%Y-%m-%d", "%m/%Y"],
        help_text=_("Year and month, e.g. 2025-03."),
    )
    currency = CurrencyField(queryset=Currency.objects.exclude(code__in=list(PEGGED)))

    class Meta:
        model = ExchangeRate
        fields = ["currency", "month", "rate"]

    def clean_rate(self):
        rate = self.cleaned_data["rate"]
        if rate is not None and rate <= 0:
            raise ValidationError(_("A rate must be greater than zero."))
        return rate

    def clean_month(self):
        return self.cleaned_data["month"].replace(day=1)


class DisplayCurrencyForm(forms.Form):
    currency = forms.ChoiceField(label=_("Show amounts in"), choices=DISPLAY_CURRENCY_CHOICES)
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class VisibilityForm(forms.Form):
    visibility = forms.ChoiceField(label=_("Visible to"), choices=Visibility.choices)
