"""The admin is a fallback for the secretariat's technical staff; people use the portal's pages."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

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
    SectorCategory,
    Transaction,
)


@admin.register(CodelistItem)
class CodelistItemAdmin(admin.ModelAdmin):
    list_display = ["codelist", "code", "name_fr", "name_en", "category", "is_active"]
    list_filter = ["codelist", "is_active"]
    search_fields = ["code", "name_fr", "name_en"]


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fr", "category", "is_active"]
    search_fields = ["code", "name_fr", "name_en"]
    list_select_related = ["category"]


admin.site.register(SectorCategory)
admin.site.register(CreddAxis)
admin.site.register(Region)


@admin.register(Currency)
class CurrencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fr", "name_en"]
    search_fields = ["code", "name_fr", "name_en"]


class SectorInline(admin.TabularInline):
    model = ActivitySector
    extra = 0
    autocomplete_fields = ["sector"]


class LocationInline(admin.TabularInline):
    model = ActivityLocation
    extra = 0


class ParticipantInline(admin.TabularInline):
    model = ParticipatingOrg
    extra = 0


class TransactionInline(admin.TabularInline):
    model = Transaction
    extra = 0
    fields = ["transaction_type", "transaction_date", "value", "currency", "value_date"]


class PlanInline(admin.TabularInline):
    model = PlannedDisbursement
    extra = 0
    fields = ["period_start", "period_end", "value", "currency", "value_date"]


class BudgetInline(admin.TabularInline):
    model = Budget
    extra = 0
    fields = ["period_start", "period_end", "value", "currency", "value_date", "status"]


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = ["iati_identifier", "title_fr", "reporting_organization", "publication_status"]
    list_filter = ["publication_status", "visibility", "reporting_organization"]
    search_fields = ["iati_identifier", "title_fr", "title_en"]
    list_select_related = ["reporting_organization"]
    inlines = [
        SectorInline,
        LocationInline,
        ParticipantInline,
        TransactionInline,
        PlanInline,
        BudgetInline,
    ]


@admin.register(ExchangeRate)
class ExchangeRateAdmin(SimpleHistoryAdmin):
    list_display = ["currency", "month", "rate", "updated_by", "updated_at"]
    list_filter = ["currency"]
