"""Aid activities in the IATI 2.03 vocabulary, and the reference data they are coded with.

Reference data design (kept simple on purpose):

- ``CodelistItem`` holds every small IATI codelist the portal uses (activity status, transaction
  type, organisation role and type, aid type, finance type, flow type, tied status, policy marker
  and significance, budget type and status, collaboration type, activity scope, SDG goals) in one
  table keyed by (codelist, code). Fifteen near-identical tables would add nothing but joins and
  migrations; a foreign key to ``CodelistItem`` names the codelist it accepts with
  ``limit_choices_to`` (forms and the admin offer only those items) and ``clean()`` checks it.
- ``Sector`` (DAC 5-digit) and ``SectorCategory`` (DAC 3-digit) have their own tables because
  the dashboard groups by category and the sector list is large.
- ``Currency`` has its own table with the ISO 4217 code as primary key, so that every money
  column stores the code itself (``transaction.currency_id == "EUR"``: no join to convert or to
  group by currency) while the database still refuses unknown codes.
- ``CreddAxis`` is national (Mali's CREDD 2019-2023), not IATI.

Amounts are kept in the currency reported (``DecimalField`` + currency code) and converted at read
time by ``aid_tracking.money``. Narratives (title, description) are kept in French and English,
the portal's two languages; IATI narratives in other languages are not kept.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from seg_portal.accounts.roles import Visibility
from seg_portal.bilingual import BilingualName, in_active_language

# Money: up to 10^16 in the smallest currencies (XOF has no minor unit), two decimals.
MONEY = {"max_digits": 18, "decimal_places": 2}
PERCENTAGE = {"max_digits": 5, "decimal_places": 2}


def percentage_in_range(field: str, name: str) -> models.CheckConstraint:
    """0 < percentage ≤ 100, as IATI requires of sector and location shares."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gt": 0}) & Q(**{f"{field}__lte": 100}), name=name
    )


def share_in_range(field: str, name: str) -> models.CheckConstraint:
    """0 ≤ share ≤ 100 (a share of use of a country system may be nought)."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": 0}) & Q(**{f"{field}__lte": 100}), name=name
    )


def period_in_order(start: str, end: str, name: str) -> models.CheckConstraint:
    """end ≥ start whenever both are known."""
    return models.CheckConstraint(
        condition=Q(**{f"{start}__isnull": True})
        | Q(**{f"{end}__isnull": True})
        | Q(**{f"{end}__gte": F(start)}),
        name=name,
    )


# --- Reference data ---------------------------------------------------------------------------


class Codelist(models.TextChoices):
    """The IATI codelists kept in ``CodelistItem``; values are the IATI codelist names."""

    ACTIVITY_SCOPE = "ActivityScope", _("Activity scope")
    ACTIVITY_STATUS = "ActivityStatus", _("Activity status")
    AID_TYPE = "AidType", _("Aid type")
    BUDGET_STATUS = "BudgetStatus", _("Budget status")
    BUDGET_TYPE = "BudgetType", _("Budget type")
    COLLABORATION_TYPE = "CollaborationType", _("Collaboration type")
    FINANCE_TYPE = "FinanceType", _("Finance type")
    FLOW_TYPE = "FlowType", _("Flow type")
    ORGANISATION_ROLE = "OrganisationRole", _("Organisation role")
    ORGANISATION_TYPE = "OrganisationType", _("Organisation type")
    POLICY_MARKER = "PolicyMarker", _("Policy marker")
    POLICY_SIGNIFICANCE = "PolicySignificance", _("Policy significance")
    SDG_GOAL = "UNSDG-Goals", _("Sustainable Development Goal")
    TIED_STATUS = "TiedStatus", _("Tied status")
    TRANSACTION_TYPE = "TransactionType", _("Transaction type")


class CodelistItem(BilingualName):
    """One code of one IATI codelist, with its French and English names."""

    codelist = models.CharField(_("codelist"), max_length=40, choices=Codelist.choices)
    code = models.CharField(_("code"), max_length=20)
    category = models.CharField(
        _("category"), max_length=20, blank=True, help_text=_("The IATI category code, if any.")
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Withdrawn codes are kept to read old data.")
    )

    class Meta:
        ordering = ["codelist", "code"]
        verbose_name = _("codelist item")
        verbose_name_plural = _("codelist items")
        constraints = [
            models.UniqueConstraint(fields=["codelist", "code"], name="unique_codelist_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} - {self.name}"


def codelist_fk(codelist: Codelist, verbose_name, *, null: bool = True, **kwargs):
    """A foreign key to the items of one codelist (the reverse accessor is not needed)."""
    return models.ForeignKey(
        CodelistItem,
        verbose_name=verbose_name,
        on_delete=models.PROTECT,
        limit_choices_to={"codelist": codelist},
        related_name="+",
        null=null,
        blank=null,
        **kwargs,
    )


def check_codelists(instance: models.Model) -> None:
    """Raise ValidationError for a codelist foreign key pointing into the wrong codelist."""
    errors = {}
    for field in instance._meta.concrete_fields:
        if not (field.is_relation and field.related_model is CodelistItem):
            continue
        if getattr(instance, field.attname) is None:
            continue
        item = getattr(instance, field.name)
        expected = field.remote_field.limit_choices_to["codelist"]
        if item.codelist != expected:
            errors[field.name] = _("This code does not belong to the %(codelist)s codelist.") % {
                "codelist": Codelist(expected).label
            }
    if errors:
        raise ValidationError(errors)


class SectorCategory(BilingualName):
    """An OECD DAC 3-digit sector category (IATI SectorCategory codelist)."""

    code = models.CharField(_("code"), max_length=3, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("sector category")
        verbose_name_plural = _("sector categories")

    def __str__(self) -> str:
        return f"{self.code} - {self.name}"


class Sector(BilingualName):
    """An OECD DAC 5-digit sector (IATI Sector codelist, vocabulary 1)."""

    code = models.CharField(_("code"), max_length=5, unique=True)
    category = models.ForeignKey(
        SectorCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="sectors",
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self) -> str:
        return f"{self.code} - {self.name}"


class Currency(BilingualName):
    """An ISO 4217 currency (IATI Currency codelist); the code is the primary key."""

    code = models.CharField(_("code"), max_length=3, primary_key=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("currency")
        verbose_name_plural = _("currencies")

    def __str__(self) -> str:
        return self.code


class CreddAxis(BilingualName):
    """A strategic axis of Mali's CREDD 2019-2023 (Cadre stratégique pour la relance économique
    et le développement durable)."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("CREDD axis")
        verbose_name_plural = _("CREDD axes")

    def __str__(self) -> str:
        return _("Axis %(number)s: %(name)s") % {"number": self.number, "name": self.name}


class Region(BilingualName):
    """A first-level subdivision of Mali (ISO 3166-2:ML): its regions and the district of Bamako."""

    code = models.CharField(_("ISO 3166-2 code"), max_length=10, unique=True)
    is_district = models.BooleanField(_("district"), default=False)

    class Meta:
        ordering = ["name_fr"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")


# --- Activities --------------------------------------------------------------------------------


class ActivityQuerySet(models.QuerySet):
    """The queryset twins of ``aid_tracking.permissions`` (same rules, as filters)."""

    def published(self) -> "ActivityQuerySet":
        return self.filter(publication_status=Activity.PublicationStatus.PUBLISHED)

    def visible_to(self, user) -> "ActivityQuerySet":
        from aid_tracking.permissions import visible_activities_q

        return self.filter(visible_activities_q(user))

    def editable_by(self, user) -> "ActivityQuerySet":
        from aid_tracking.permissions import editable_activities_q

        return self.filter(editable_activities_q(user))


class Activity(models.Model):
    """An aid activity (IATI ``iati-activity``) reported by one organisation."""

    class PublicationStatus(models.TextChoices):
        # A context: "Published" alone is masculine (a report, minutes); une activité est publiée.
        DRAFT = "draft", pgettext_lazy("activity", "Draft")
        PUBLISHED = "published", pgettext_lazy("activity", "Published")

    iati_identifier = models.CharField(
        _("IATI identifier"),
        max_length=150,
        unique=True,
        help_text=_(
            "The reporting organisation's identifier followed by its own reference, "
            "e.g. CH-4-7F09512."
        ),
    )
    reporting_organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("reporting organisation"),
        on_delete=models.PROTECT,
        related_name="activities",
    )
    title_fr = models.CharField(_("title (French)"), max_length=500, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    activity_status = codelist_fk(Codelist.ACTIVITY_STATUS, _("activity status"))
    activity_scope = codelist_fk(Codelist.ACTIVITY_SCOPE, _("activity scope"))
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)

    # IATI "default-*" classifications; a transaction may override them.
    aid_type = codelist_fk(Codelist.AID_TYPE, _("aid type (modality)"))
    finance_type = codelist_fk(Codelist.FINANCE_TYPE, _("finance type"))
    flow_type = codelist_fk(Codelist.FLOW_TYPE, _("flow type"))
    tied_status = codelist_fk(Codelist.TIED_STATUS, _("tied status"))
    collaboration_type = codelist_fk(Codelist.COLLABORATION_TYPE, _("collaboration type"))
    default_currency = models.ForeignKey(
        Currency,
        verbose_name=_("default currency"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    # Aid effectiveness (GPEDC indicators 6 and 9b).
    is_on_budget = models.BooleanField(
        _("on budget"), default=False, help_text=_("Recorded in Mali's national budget.")
    )
    budget_execution_share = models.DecimalField(
        _("use of national budget execution (%)"), default=0, **PERCENTAGE
    )
    financial_reporting_share = models.DecimalField(
        _("use of national financial reporting (%)"), default=0, **PERCENTAGE
    )
    audit_share = models.DecimalField(_("use of national auditing (%)"), default=0, **PERCENTAGE)
    procurement_share = models.DecimalField(
        _("use of national procurement (%)"), default=0, **PERCENTAGE
    )

    is_humanitarian = models.BooleanField(_("humanitarian"), default=False)
    # The two markers the portal asks for; other IATI policy markers are in ActivityPolicyMarker.
    gender_marker = codelist_fk(
        Codelist.POLICY_SIGNIFICANCE,
        _("gender equality marker"),
        help_text=_("OECD DAC gender equality policy marker."),
    )
    conflict_sensitivity_marker = codelist_fk(
        Codelist.POLICY_SIGNIFICANCE,
        _("conflict sensitivity marker"),
        help_text=_("The portal's own marker: how far the activity takes conflict into account."),
    )
    credd_axes = models.ManyToManyField(
        CreddAxis, verbose_name=_("CREDD axes"), blank=True, related_name="activities"
    )
    sdg_goals = models.ManyToManyField(
        CodelistItem,
        verbose_name=_("Sustainable Development Goals"),
        blank=True,
        limit_choices_to={"codelist": Codelist.SDG_GOAL},
        related_name="sdg_activities",
    )

    publication_status = models.CharField(
        _("publication status"),
        max_length=20,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
    )
    visibility = models.CharField(
        _("visibility once published"),
        max_length=20,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
        help_text=_("Set by the secretariat; published activities are public unless restricted."),
    )
    published_at = models.DateTimeField(
        pgettext_lazy("of a feminine noun", "published at"), null=True, blank=True
    )
    created_at = models.DateTimeField(
        pgettext_lazy("of a feminine noun", "created at"), auto_now_add=True
    )
    updated_at = models.DateTimeField(
        pgettext_lazy("of a feminine noun", "updated at"), auto_now=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords(m2m_fields=[credd_axes, sdg_goals])
    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            period_in_order("planned_start", "planned_end", "activity_planned_dates_in_order"),
            period_in_order("actual_start", "actual_end", "activity_actual_dates_in_order"),
            share_in_range("budget_execution_share", "activity_budget_execution_share_range"),
            share_in_range("financial_reporting_share", "activity_financial_reporting_share_range"),
            share_in_range("audit_share", "activity_audit_share_range"),
            share_in_range("procurement_share", "activity_procurement_share_range"),
            models.CheckConstraint(
                condition=Q(publication_status__in=["draft", "published"]),
                name="activity_publication_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["publication_status", "reporting_organization"])]

    def __str__(self) -> str:
        return self.title or self.iati_identifier

    def get_absolute_url(self) -> str:
        return reverse("aid_tracking:activity_detail", args=[self.pk])

    def clean(self) -> None:
        check_codelists(self)

    @property
    def title(self) -> str:
        return in_active_language(self, "title")

    @property
    def description(self) -> str:
        return in_active_language(self, "description")

    @property
    def is_published(self) -> bool:
        return self.publication_status == self.PublicationStatus.PUBLISHED

    @property
    def start_date(self):
        return self.actual_start or self.planned_start

    @property
    def end_date(self):
        return self.actual_end or self.planned_end


# An activity's parts are looked up by their activity, sectors and regions also by sector and
# region; nothing looks them up by a code, a currency or a role. Those columns are not indexed,
# nor, in the history tables, any column but the row's id and its activity: an IATI file brings
# tens of thousands of transactions, and each index is written for each of them (a fifth of an
# import's time on PostgreSQL, bench/bench_iati_import.py).


def part_history(*unindexed: str) -> HistoricalRecords:
    """The history of an activity part, without indexes on the copies of ``unindexed``."""
    return HistoricalRecords(no_db_index=list(unindexed))


class ActivityPart(models.Model):
    """What every part of an activity shares: its activity, and a history of its changes."""

    class Meta:
        abstract = True

    def clean(self) -> None:
        check_codelists(self)


class ActivitySector(ActivityPart):
    """A sector of an activity and its share; percentages sum to 100 per vocabulary.

    Vocabulary 1 (OECD DAC 5-digit) points to ``Sector``; other IATI sector vocabularies keep
    their code (and narrative) as reported so that an import loses nothing.
    """

    DAC_5_DIGIT = "1"

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="sectors"
    )
    vocabulary = models.CharField(_("vocabulary"), max_length=3, default=DAC_5_DIGIT)
    sector = models.ForeignKey(
        Sector,
        verbose_name=_("sector"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activity_sectors",
    )
    code = models.CharField(_("code"), max_length=100, help_text=_("The code as reported."))
    narrative = models.CharField(_("name as reported"), max_length=300, blank=True)
    percentage = models.DecimalField(_("percentage"), **PERCENTAGE)

    history = part_history("sector")

    class Meta:
        ordering = ["vocabulary", "-percentage", "code"]
        verbose_name = _("activity sector")
        verbose_name_plural = _("activity sectors")
        constraints = [
            percentage_in_range("percentage", "activity_sector_percentage_range"),
            models.UniqueConstraint(
                fields=["activity", "vocabulary", "code"], name="unique_activity_sector"
            ),
            models.CheckConstraint(
                condition=~Q(vocabulary="1") | Q(sector__isnull=False),
                name="activity_sector_dac_code_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sector or self.code} ({self.percentage} %)"

    def save(self, *args, **kwargs) -> None:
        if self.sector_id and not self.code:
            self.code = self.sector.code
        super().save(*args, **kwargs)


class ActivityLocation(ActivityPart):
    """A region of Mali where the activity takes place, with its share of the activity."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="locations"
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="activity_locations",
    )
    percentage = models.DecimalField(_("percentage"), **PERCENTAGE)

    history = part_history("region")

    class Meta:
        ordering = ["-percentage", "region__name_fr"]
        verbose_name = _("activity region")
        verbose_name_plural = _("activity regions")
        constraints = [
            percentage_in_range("percentage", "activity_location_percentage_range"),
            models.UniqueConstraint(fields=["activity", "region"], name="unique_activity_region"),
        ]

    def __str__(self) -> str:
        return f"{self.region} ({self.percentage} %)"


class ActivityPolicyMarker(ActivityPart):
    """An IATI policy marker other than the gender and conflict-sensitivity markers (which are
    fields of ``Activity``), kept so that an import loses nothing."""

    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="policy_markers",
    )
    vocabulary = models.CharField(_("vocabulary"), max_length=3, default="1")
    code = models.CharField(_("code"), max_length=20)
    significance = codelist_fk(Codelist.POLICY_SIGNIFICANCE, _("significance"), db_index=False)
    narrative = models.CharField(_("name as reported"), max_length=300, blank=True)

    history = part_history("significance")

    class Meta:
        ordering = ["vocabulary", "code"]
        verbose_name = _("policy marker")
        verbose_name_plural = _("policy markers")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "vocabulary", "code"], name="unique_activity_policy_marker"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vocabulary}/{self.code}"


class ParticipatingOrg(ActivityPart):
    """An organisation taking part in an activity (IATI ``participating-org``)."""

    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="participating_orgs",
    )
    role = codelist_fk(Codelist.ORGANISATION_ROLE, _("role"), null=False, db_index=False)
    org_type = codelist_fk(Codelist.ORGANISATION_TYPE, _("organisation type"), db_index=False)
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("organisation in the portal"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participations",
    )
    name = models.CharField(_("name"), max_length=300, blank=True)
    ref = models.CharField(_("IATI organisation identifier"), max_length=150, blank=True)
    activity_id_ref = models.CharField(
        _("its IATI activity identifier"),
        max_length=150,
        blank=True,
        help_text=_("The identifier of this organisation's own activity, if it publishes one."),
    )
    is_national = models.BooleanField(
        _("local or national actor"),
        default=False,
        help_text=_("A Malian organisation (for the Grand Bargain localisation share)."),
    )

    history = part_history("role", "org_type", "organization")

    class Meta:
        ordering = ["role__code", "name"]
        verbose_name = _("participating organisation")
        verbose_name_plural = _("participating organisations")
        constraints = [
            models.CheckConstraint(
                condition=~Q(name="") | ~Q(ref="") | Q(organization__isnull=False),
                name="participating_org_identified",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name or (str(self.organization) if self.organization_id else self.ref)


class Transaction(ActivityPart):
    """A financial transaction of an activity (IATI ``transaction``), in the reported currency."""

    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="transactions",
        db_index=False,  # the index on (activity, type, date) serves
    )
    ref = models.CharField(_("reference"), max_length=150, blank=True)
    transaction_type = codelist_fk(Codelist.TRANSACTION_TYPE, _("type"), null=False, db_index=False)
    transaction_date = models.DateField(_("date"))
    value = models.DecimalField(_("amount"), **MONEY)
    currency = models.ForeignKey(
        Currency,
        verbose_name=_("currency"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    value_date = models.DateField(
        _("value date"), help_text=_("The date whose exchange rate converts the amount.")
    )
    description = models.TextField(_("description"), blank=True)
    provider_org_name = models.CharField(_("provider"), max_length=300, blank=True)
    provider_org_ref = models.CharField(_("provider identifier"), max_length=150, blank=True)
    provider_org_type = codelist_fk(Codelist.ORGANISATION_TYPE, _("provider type"), db_index=False)
    provider_activity_id = models.CharField(
        _("provider's activity identifier"), max_length=150, blank=True
    )
    receiver_org_name = models.CharField(_("receiver"), max_length=300, blank=True)
    receiver_org_ref = models.CharField(_("receiver identifier"), max_length=150, blank=True)
    receiver_org_type = codelist_fk(Codelist.ORGANISATION_TYPE, _("receiver type"), db_index=False)
    receiver_activity_id = models.CharField(
        _("receiver's activity identifier"), max_length=150, blank=True
    )
    # Overrides of the activity's defaults, when reported on the transaction.
    aid_type = codelist_fk(Codelist.AID_TYPE, _("aid type"), db_index=False)
    finance_type = codelist_fk(Codelist.FINANCE_TYPE, _("finance type"), db_index=False)
    flow_type = codelist_fk(Codelist.FLOW_TYPE, _("flow type"), db_index=False)
    tied_status = codelist_fk(Codelist.TIED_STATUS, _("tied status"), db_index=False)
    is_humanitarian = models.BooleanField(_("humanitarian"), null=True, blank=True)

    history = part_history(
        "transaction_type",
        "currency",
        "provider_org_type",
        "receiver_org_type",
        "aid_type",
        "finance_type",
        "flow_type",
        "tied_status",
    )

    class Meta:
        ordering = ["transaction_date", "pk"]
        verbose_name = _("transaction")
        verbose_name_plural = _("transactions")
        indexes = [models.Index(fields=["activity", "transaction_type", "transaction_date"])]

    def __str__(self) -> str:
        return f"{self.transaction_type_id} {self.transaction_date} {self.value} {self.currency_id}"


class PlannedDisbursement(ActivityPart):
    """A forward plan: a disbursement the activity expects in a period (IATI
    ``planned-disbursement``; type 1 original, 2 revised)."""

    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="planned_disbursements",
    )
    disbursement_type = codelist_fk(Codelist.BUDGET_TYPE, _("type"), db_index=False)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    value = models.DecimalField(_("amount"), **MONEY)
    currency = models.ForeignKey(
        Currency,
        verbose_name=_("currency"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    value_date = models.DateField(_("value date"))
    provider_org_name = models.CharField(_("provider"), max_length=300, blank=True)
    provider_org_ref = models.CharField(_("provider identifier"), max_length=150, blank=True)
    receiver_org_name = models.CharField(_("receiver"), max_length=300, blank=True)
    receiver_org_ref = models.CharField(_("receiver identifier"), max_length=150, blank=True)

    history = part_history("disbursement_type", "currency")

    class Meta:
        ordering = ["period_start", "pk"]
        verbose_name = _("forward plan")
        verbose_name_plural = _("forward plans")
        constraints = [
            period_in_order("period_start", "period_end", "planned_disbursement_period_in_order")
        ]

    def __str__(self) -> str:
        return f"{self.period_start}-{self.period_end} {self.value} {self.currency_id}"


class Budget(ActivityPart):
    """A budget of the activity for a period (IATI ``budget``: type original/revised, status
    indicative/committed)."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="budgets"
    )
    budget_type = codelist_fk(Codelist.BUDGET_TYPE, _("type"), db_index=False)
    status = codelist_fk(Codelist.BUDGET_STATUS, _("status"), db_index=False)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    value = models.DecimalField(_("amount"), **MONEY)
    currency = models.ForeignKey(
        Currency,
        verbose_name=_("currency"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    value_date = models.DateField(_("value date"))

    history = part_history("budget_type", "status", "currency")

    class Meta:
        ordering = ["period_start", "pk"]
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        constraints = [period_in_order("period_start", "period_end", "budget_period_in_order")]

    def __str__(self) -> str:
        return f"{self.period_start}-{self.period_end} {self.value} {self.currency_id}"


# --- Exchange rates ---------------------------------------------------------------------------


class ExchangeRate(models.Model):
    """How many XOF one unit of ``currency`` was worth in ``month`` (its first day).

    XOF itself and the euro (pegged: 1 EUR = 655.957 XOF) are built into ``aid_tracking.money``
    and may not be stored here.
    """

    currency = models.ForeignKey(
        Currency, verbose_name=_("currency"), on_delete=models.PROTECT, related_name="rates"
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    rate = models.DecimalField(
        _("XOF per unit"), max_digits=18, decimal_places=6, help_text=_("1 unit = this many XOF.")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-month", "currency"]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        constraints = [
            models.UniqueConstraint(fields=["currency", "month"], name="unique_rate_per_month"),
            models.CheckConstraint(condition=Q(rate__gt=0), name="exchange_rate_positive"),
            models.CheckConstraint(
                condition=~Q(currency__in=["XOF", "EUR"]), name="exchange_rate_not_pegged"
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="exchange_rate_first_of_month"),
        ]

    def __str__(self) -> str:
        return f"{self.currency_id} {self.month:%Y-%m} {self.rate}"


# --- Reminders (branch aid_dash) --------------------------------------------------------------


class ReportingReminder(models.Model):
    """A quarterly reporting reminder e-mailed to one user for one deadline: the unique pair
    makes sending idempotent (a second run, or a second worker, sends nothing)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    deadline = models.DateField(_("reporting deadline"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["-deadline", "user"]
        verbose_name = _("reporting reminder")
        verbose_name_plural = _("reporting reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "deadline"], name="unique_reminder_per_deadline"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.deadline}"
