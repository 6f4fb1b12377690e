from django.contrib import admin

from seg_portal.reports.models import Report, ReportSubscription


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["kind", "period", "subject", "language", "status", "audience", "finished_at"]
    list_filter = ["status", "audience", "language", "kind"]
    search_fields = ["kind", "period", "subject"]
    # Every change of state goes through the services (and their pages); the admin only reads.
    readonly_fields = [field.name for field in Report._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ReportSubscription)
class ReportSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "created_at"]
    list_filter = ["kind"]
    raw_id_fields = ["user"]
